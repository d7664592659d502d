import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { fieldVisible, sensitiveFieldNames } from '../core/access/decide';
import type { SensitiveField } from '../core/access/table';
import type { RequestContext } from './context';

type ResolverMap = Record<string, Record<string, unknown>>;

/**
 * The core's read model on GraphQL fields: each sensitive field (lambda/core/access/table.ts)
 * is wrapped so that a caller the core does not let read it gets FORBIDDEN (a request error,
 * like every FORBIDDEN). Who may run an operation at all is decided by the use case it calls.
 * Imported statically (not from the lazily loaded core): the read model is a small table.
 */
export function guardSensitiveFields<T extends ResolverMap>(resolvers: T): T {
  const out: ResolverMap = { ...resolvers };
  for (const key of sensitiveFieldNames) {
    const [typeName, field] = key.split('.') as [string, string];
    const typeResolvers = { ...(out[typeName] ?? {}) };
    const inner = (typeResolvers[field] as GraphQLFieldResolver<unknown, RequestContext> | undefined) ?? defaultField(field);
    typeResolvers[field] = guard(inner, key);
    out[typeName] = typeResolvers;
  }
  return out as T;
}

function guard(resolver: GraphQLFieldResolver<unknown, RequestContext>, key: SensitiveField): GraphQLFieldResolver<unknown, RequestContext> {
  return (parent, args, ctx, info) => {
    if (!fieldVisible(ctx.core.actor, key)) throw new GraphQLError(`Your role may not read ${key}.`, { extensions: { code: 'FORBIDDEN' } });
    return resolver(parent, args, ctx, info);
  };
}

function defaultField(field: string): GraphQLFieldResolver<unknown, RequestContext> {
  return (parent) => (parent as Record<string, unknown>)[field];
}
