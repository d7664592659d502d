import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../context';
import { errorCatalogue, errorCodes } from '../../core/errors/catalogue';
import { correlationIdForFailure } from '../correlation';
import { redactInputEcho } from './input-echo';

/**
 * Codes a client may see as they are; anything else is an unexpected failure: the core's
 * request-channel codes (lambda/core/errors/catalogue.ts) and graphql-js/Apollo's own.
 */
const EXPECTED = new Set<string>([
  ...errorCodes.filter((c) => errorCatalogue[c].channel === 'requestError'),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_COMPLEX',
]);

/** The code a client sees for an error: its own when expected, INTERNAL_SERVER_ERROR otherwise. */
export function publicCode(e: { extensions?: Readonly<Record<string, unknown>> | undefined }): string {
  const code = e.extensions?.code;
  return typeof code === 'string' && EXPECTED.has(code) ? code : 'INTERNAL_SERVER_ERROR';
}

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

/**
 * Apollo's `formatError`: masks the errors answered outside the request pipeline, which
 * `willSendResponse` never sees (context creation failed, malformed HTTP request, CSRF
 * refusal). Their correlation id is the one the request log line carries. Errors of the
 * pipeline are masked here too, then again with the request's own id by the plugin above.
 */
export function maskFormattedError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return mask(formatted, correlationIdForFailure(error));
}

/** Idempotent: masking a masked error only sets its correlation id. */
export function mask(e: GraphQLFormattedError, correlationId: string | undefined): GraphQLFormattedError {
  const code = publicCode(e);
  if (code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _drop, ...extensions } = e.extensions ?? {};
    return { ...e, message: redactInputEcho(e.message), extensions: { ...extensions, correlationId } };
  }
  return {
    message: 'Internal server error',
    ...(e.path ? { path: e.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}
