import { GraphQLError, type ValidationContext } from 'graphql';

/** Why a document was refused by one of the limits, as `extensions.reason`. */
export type LimitReason = 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES';

/**
 * GraphQL Armor's `onReject` callback, reporting instead of throwing: a rule that throws
 * escapes graphql-js validation and becomes an HTTP 500, while a reported error is a
 * validation error (`GRAPHQL_VALIDATION_FAILED`, HTTP 400) and the server carries on.
 */
export function reportLimit(reason: LimitReason) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(
      new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { reason } }),
    );
  };
}

/** Options shared by the Armor rules: report to the validation context, never throw. */
export const armorReporting = (reason: LimitReason) => ({
  exposeLimits: true,
  propagateOnRejection: false,
  onAccept: [],
  onReject: [reportLimit(reason)],
});
