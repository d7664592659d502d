import { GraphQLError } from 'graphql';
import { channelOf, type Failure } from '../core/errors/failure';
import type { UserError } from '../generated/resolvers-types';

/**
 * How the GraphQL door renders a core failure. A `requestError` code (FORBIDDEN) is always
 * a GraphQL error with that `extensions.code`, whatever the operation. Otherwise a
 * mutation returns the errors as its payload's `userErrors`, and a query (no payload)
 * answers BAD_USER_INPUT with the catalogue code as `reason` and the field path.
 */
export function requestErrorOf(f: Failure): GraphQLError | null {
  const e = f.errors.find((x) => channelOf(x.code) === 'requestError');
  return e ? new GraphQLError(e.message, { extensions: { code: e.code } }) : null;
}

/** The payload's userErrors; throws a request-channel failure instead. */
export function userErrorsOf(f: Failure): UserError[] {
  const thrown = requestErrorOf(f);
  if (thrown) throw thrown;
  return f.errors.map(({ field, message, code }) => ({ field, message, code }));
}

/** A query's failure, thrown. */
export function queryError(f: Failure): GraphQLError {
  const thrown = requestErrorOf(f);
  if (thrown) return thrown;
  const [first, ...rest] = f.errors;
  return new GraphQLError(first.message, {
    extensions: {
      code: 'BAD_USER_INPUT',
      reason: first.code,
      field: first.field,
      ...(rest.length ? { userErrors: f.errors.map(({ field, message, code }) => ({ field, message, code })) } : {}),
    },
  });
}
