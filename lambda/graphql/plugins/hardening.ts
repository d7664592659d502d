import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode, type ParseOptions, type ValidationRule } from 'graphql';
import { costLimitPlugin } from './cost-limit';
import { hideFieldSuggestionsPlugin } from './field-suggestions';
import { maxAliases } from './max-aliases';
import { maxDepth } from './max-depth';
import { maxDirectives } from './max-directives';
import { maxTokens } from './max-tokens';

/**
 * The limits every request passes, wired into ApolloServer in `createHandler`:
 * tokens while parsing, depth/aliases/directives while validating (graphql-js's own
 * MaxIntrospectionDepthRule runs too), cost once the operation is resolved.
 */
export const limitParseOptions = (): ParseOptions => maxTokens();

/**
 * Queries and mutations only: the schema has no Subscription type, and graphql-js refuses a
 * subscription only at execution, as an error the masking turned into INTERNAL_SERVER_ERROR.
 */
export const OPERATION_NOT_SUPPORTED = 'OPERATION_NOT_SUPPORTED';
const queriesAndMutationsOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== OperationTypeNode.QUERY && node.operation !== OperationTypeNode.MUTATION) {
      context.reportError(
        new GraphQLError(`${node.operation} operations are not supported: send a query or a mutation.`, { nodes: [node], extensions: { code: OPERATION_NOT_SUPPORTED } }),
      );
    }
  },
});

export const limitRules = (): ValidationRule[] => [queriesAndMutationsOnly, maxDepth(), maxAliases(), maxDirectives()];

/** Cost limit everywhere; "Did you mean ...?" suggestions removed unless `fieldSuggestions`. */
export function limitPlugins<T extends object>(opts: { fieldSuggestions: boolean }): ApolloServerPlugin<T>[] {
  return [costLimitPlugin<T>(), ...(opts.fieldSuggestions ? [] : [hideFieldSuggestionsPlugin<T>()])];
}
