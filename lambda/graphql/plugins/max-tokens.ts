import type { ParseOptions } from 'graphql';

/** Lexical tokens accepted in one document; the standard introspection query has about 180. */
export const MAX_TOKENS = 2_000;

/**
 * Parser options that stop parsing past `max` tokens, before validation spends anything:
 * graphql-js's own `maxTokens`, so the refusal is an ordinary `GRAPHQL_PARSE_FAILED` (HTTP 400).
 * (GraphQL Armor's Apollo token plugin throws from `parsingDidStart`, which Apollo Server 5
 * turns into an HTTP 500 outside the request pipeline.)
 */
export function maxTokens(max = MAX_TOKENS): ParseOptions {
  return { maxTokens: max };
}
