import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/listing/plan';

/** Highest estimated cost accepted: about a page of 100 cases with 200 fields each. */
export const MAX_COST = 20_000;
// Page size assumed when a paginated field gets no `first`, and the largest page served:
// the listing's own (one definition).
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
/** Fields visited (fragments expanded) before the estimate gives up: a fragment bomb. */
const MAX_VISITS = 50_000;

class TooLarge extends Error {}

/**
 * The estimated cost of the operation, or null when its variables do not coerce
 * (execution then refuses it with `BAD_USER_INPUT` before any resolver runs).
 * Every field costs 1 plus its selection; a field taking `first` (a connection) multiplies
 * its selection by the page it will return, `first` from literals or variables alike.
 * Throws when the document cannot be estimated (too many nodes after fragment expansion).
 *
 * Written on graphql-js's own utilities rather than graphql-query-complexity: the same
 * rule in ~1 KB instead of ~10 KB (with lodash.get) of a cold-start-budgeted bundle.
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
  const vars = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let visits = 0;

  const valueOf = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return vars[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.BOOLEAN) return node.value;
    return undefined;
  };
  const included = (node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] }) =>
    (node.directives ?? []).every((d) => {
      const cond = valueOf(d.arguments?.find((a) => a.name.value === 'if')?.value);
      return d.name.value === 'skip' ? cond !== true : d.name.value === 'include' ? cond !== false : true;
    });

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (++visits > MAX_VISITS) throw new TooLarge();
      if (!included(sel)) continue;
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!field) continue;
        const named = getNamedType(field.type);
        let child = sel.selectionSet && isCompositeType(named) ? selectionCost(sel.selectionSet, named) : 0;
        if (field.args.some((a) => a.name === 'first')) {
          const first = valueOf(sel.arguments?.find((a) => a.name.value === 'first')?.value);
          const page = typeof first === 'number' && Number.isFinite(first) ? first : DEFAULT_PAGE_SIZE;
          child *= Math.min(Math.max(Math.trunc(page), 1), MAX_PAGE_SIZE);
        }
        total += 1 + child;
      } else {
        const frag = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : sel;
        if (!frag) continue;
        const cond = frag.typeCondition ? typeFromAST(schema, frag.typeCondition) : parent;
        total += selectionCost(frag.selectionSet, cond && isCompositeType(cond) ? cond : parent);
      }
    }
    return total;
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  try {
    return selectionCost(operation.selectionSet, root);
  } catch (e) {
    if (e instanceof TooLarge) throw new Error('operation too large to estimate');
    throw e;
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
