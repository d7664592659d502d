import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { errorCatalogue } from '../core/errors/catalogue';
import { mayPerform, mayRead, operationRoles, sensitiveFieldRoles, type Operation, type SensitiveField } from '../auth/permissions';
import type { RequestContext } from './context';

type ResolverMap = Record<string, Record<string, unknown>>;

/** FORBIDDEN is always a request error (catalogue channel), never a userError. */
export function forbidden(message: string = errorCatalogue.FORBIDDEN.message): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * Wraps every operation and sensitive field named in the permission tables. Every
 * Query/Mutation field must be listed: an operation missing from the table is refused,
 * so a new resolver cannot ship without a decision about who may call it.
 */
export function enforceAuthorization<T extends ResolverMap>(resolvers: T): T {
  const out: ResolverMap = { ...resolvers };
  for (const typeName of ['Query', 'Mutation']) {
    const fields = resolvers[typeName];
    if (!fields) continue;
    const wrapped: Record<string, unknown> = {};
    for (const [field, resolver] of Object.entries(fields)) {
      const op = `${typeName}.${field}`;
      if (!(op in operationRoles)) throw new Error(`no permission rule for ${op}`);
      wrapped[field] = guard(resolver as GraphQLFieldResolver<unknown, RequestContext>, (ctx) => {
        if (!mayPerform(ctx.caller.role, op as Operation)) {
          ctx.core.metrics?.refusal({ useCase: field, code: 'FORBIDDEN' });
          throw forbidden();
        }
      });
    }
    out[typeName] = wrapped;
  }
  for (const key of Object.keys(sensitiveFieldRoles) as SensitiveField[]) {
    const [typeName, field] = key.split('.') as [string, string];
    const typeResolvers = { ...(out[typeName] ?? {}) };
    const inner = (typeResolvers[field] as GraphQLFieldResolver<unknown, RequestContext> | undefined) ?? defaultField(field);
    typeResolvers[field] = guard(inner, (ctx) => {
      if (!mayRead(ctx.caller.role, key)) throw forbidden(`Your role may not read ${key}.`);
    });
    out[typeName] = typeResolvers;
  }
  return out as T;
}

function guard(
  resolver: GraphQLFieldResolver<unknown, RequestContext>,
  check: (ctx: RequestContext) => void,
): GraphQLFieldResolver<unknown, RequestContext> {
  return (parent, args, ctx, info) => {
    check(ctx);
    return resolver(parent, args, ctx, info);
  };
}

function defaultField(field: string): GraphQLFieldResolver<unknown, RequestContext> {
  return (parent) => (parent as Record<string, unknown>)[field];
}
