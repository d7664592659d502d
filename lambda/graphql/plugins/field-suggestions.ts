import type { ApolloServerPlugin } from '@apollo/server';

/**
 * graphql-js ends some messages with a suggestion drawn from the schema:
 * ` Did you mean "memberId"?`, ` Did you mean "a", "b", or "c"?`,
 * ` Did you mean the enum value "STANDARD"?`. Always at the end of the message.
 */
const SUGGESTION = /\s*Did you mean .*\?$/s;

export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Removes "Did you mean ..." from every error (validation and variable coercion alike), so
 * a client without introspection cannot rebuild the schema from typos. Installed in
 * staging and prod; local and dev keep the suggestions.
 */
export function hideFieldSuggestionsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = stripSuggestions(error.message);
        },
      };
    },
  };
}
