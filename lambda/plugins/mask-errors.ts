import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../context';

/** Codes a client may see as they are; anything else is an unexpected failure. */
const EXPECTED = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_COMPLEX',
]);

/**
 * Replaces unexpected errors by INTERNAL_SERVER_ERROR with the request's correlation id:
 * no stack, no DynamoDB message, no echo of input. Expected errors keep their code.
 */
export function maskErrorsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            mask(e, contextValue?.correlationId),
          );
        },
      };
    },
  };
}

export function mask(e: GraphQLFormattedError, correlationId: string | undefined): GraphQLFormattedError {
  const code = typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;
  if (code && EXPECTED.has(code)) {
    const { stacktrace: _drop, ...extensions } = e.extensions ?? {};
    return { ...e, extensions: { ...extensions, correlationId } };
  }
  return {
    message: 'Internal server error',
    ...(e.path ? { path: e.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}
