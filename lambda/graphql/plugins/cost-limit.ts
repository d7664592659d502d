import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  getVariableValues,
  isListType,
  isScalarType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/listing/plan';
import { LIST_LIMITS } from './list-limits';

/** Highest estimated cost accepted: a page of 50 cases with their determinations and criteria, or one case's whole history. */
export const MAX_COST = 50_000;
// Page size assumed when a paginated field gets no `first`, and the largest page served:
// the listing's own (one definition).
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
/** Fields visited (fragments expanded) before the estimate gives up: a fragment bomb. */
const MAX_NODES = 20_000;
/** Scalars that carry documents, not values: a notice, a facts object, a JSON Schema. */
// Weights in units of a small field (~100 bytes): a notice is several KB, so one query reads at most
// about 250 of them (bench/dos.ts measured what 2,350 cost: seconds of work and over 5 MB).
const HEAVY_SCALARS: Record<string, number> = { 'Determination.report': 200, 'Notice.text': 200, 'Case.clinicalFacts': 20, 'Policy.factSchema': 50 };

/**
 * Every field costs 1 plus its selection (or its weight, for the document-sized scalars above).
 * A field taking `first` (a connection) multiplies its selection by the page it returns, `first`
 * from literals or variables alike; a list field multiplies by the most items it can hold
 * (`LIST_LIMITS`). So the estimate bounds the response, aliases and fragments included.
 */
const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const key = `${type.name}.${field.name}`;
  const own = HEAVY_SCALARS[key] ?? 1;
  if (field.args.some((a) => a.name === 'first')) {
    const first: unknown = args.first;
    const page = typeof first === 'number' && Number.isFinite(first) ? first : DEFAULT_PAGE_SIZE;
    return own + childComplexity * Math.min(Math.max(Math.trunc(page), 1), MAX_PAGE_SIZE);
  }
  if (isListType(getNullableType(field.type))) {
    const max = LIST_LIMITS[key] ?? LIST_LIMITS[`*.${field.name}`] ?? 1;
    // A list of scalars costs one per item; a list of objects its selection per item.
    return own + Math.max(childComplexity, isScalarType(getNamedType(field.type)) ? 1 : 0) * max;
  }
  return own + childComplexity;
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
  const { schema, document, operation } = args;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], args.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  return getComplexity({
    schema,
    query: document,
    ...(operation.name ? { operationName: operation.name.value } : {}),
    variables: coerced.coerced,
    estimators: [estimator],
    maxQueryNodes: MAX_NODES,
  });
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
