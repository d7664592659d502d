import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Highest estimated cost accepted: about a page of 100 cases with 200 fields each. */
export const MAX_COST = 20_000;
/** Page size assumed when a paginated field gets no `first` (the `cases` default). */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page a paginated field serves (`first` is refused above it). */
export const MAX_PAGE_SIZE = 100;

/**
 * Every field costs 1 plus its selection; a field taking `first` (a connection) multiplies
 * its selection by the page it will return, `first` from literals or variables alike.
 */
export const pageAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((a) => a.name === 'first')) return 1 + childComplexity;
  const first = typeof args.first === 'number' && Number.isFinite(args.first) ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + childComplexity * Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
};

/**
 * The estimated cost of the operation, or null when its variables do not coerce
 * (execution then refuses it with `BAD_USER_INPUT` before any resolver runs).
 * Throws when the document cannot be estimated (too many nodes after fragment expansion).
 */
export function estimateCost(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown> | undefined;
}): number | null {
  try {
    return getComplexity({
      schema: args.schema,
      query: args.document,
      variables: args.variables ?? {},
      ...(args.operation.name ? { operationName: args.operation.name.value } : {}),
      estimators: [pageAwareEstimator],
    });
  } catch (error) {
    // Variable coercion errors, reported by graphql-js in its own words.
    if (error instanceof Error && /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" /.test(error.message)) return null;
    throw error;
  }
}

export function tooComplex(cost: number | null, max: number): GraphQLError {
  return new GraphQLError(
    cost === null ? `Query is too large to estimate; the cost limit is ${max}.` : `Query cost ${cost} exceeds the limit of ${max}.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } },
  );
}

/** Refuses operations whose estimated cost exceeds `max`, after validation, before execution. */
export function costLimitPlugin<T extends object>(max = MAX_COST): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let cost: number | null;
          try {
            cost = estimateCost({ schema, document, operation, variables: request.variables });
          } catch {
            throw tooComplex(null, max);
          }
          if (cost !== null && cost > max) throw tooComplex(cost, max);
        },
      };
    },
  };
}
