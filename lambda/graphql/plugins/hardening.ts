import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
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

export const limitRules = (): ValidationRule[] => [maxDepth(), maxAliases(), maxDirectives()];

/** Cost limit everywhere; "Did you mean ...?" suggestions removed unless `fieldSuggestions`. */
export function limitPlugins<T extends object>(opts: { fieldSuggestions: boolean }): ApolloServerPlugin<T>[] {
  return [costLimitPlugin<T>(), ...(opts.fieldSuggestions ? [] : [hideFieldSuggestionsPlugin<T>()])];
}
