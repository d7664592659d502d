import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../../observability/log';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../context';
import { correlationIdForFailure } from '../correlation';
import { getLogger } from '../../observability/log';
import { requestTally } from '../../store/client';
import { publicCode } from './mask-errors';

/** The `message` of every request log line. */
export const REQUEST_LOG_MESSAGE = 'graphql request';

/**
 * The one log line of a request. Identifiers, counts and codes only: never variables,
 * query text, member ids, clinical facts, error messages or any other free text.
 */
export type RequestLogLine = {
  correlationId: string;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  sub: string | null;
  role: string | null;
  durationMs: number | null;
  dynamoDbRequests: number | null;
  httpStatus: number | null;
  outcome: 'ok' | 'user_errors' | 'error';
  /** The `code`s of the payloads' userErrors (outcome `user_errors`, or alongside errors). */
  userErrorCodes?: string[];
  /** The `extensions.code`s the client received (outcome `error`). */
  errorCodes?: string[];
  /** For INTERNAL_SERVER_ERRORs: the class or system code of the cause (`TypeError`, `ECONNREFUSED`). */
  internalErrors?: string[];
};

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** A code as logged: codes are constants, anything else is replaced, never copied. */
export function safeCode(code: unknown): string {
  return typeof code === 'string' && CODE.test(code) ? code : 'UNKNOWN';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The codes of a mutation payload's `userErrors`, whatever the client selected. */
export function userErrorCodesOf(payload: unknown): string[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const userErrors = (payload as { userErrors?: unknown }).userErrors;
  if (!Array.isArray(userErrors)) return [];
  return userErrors.map((e) => safeCode((e as { code?: unknown } | null)?.code));
}

/** What caused an unexpected error, as a class name or a system code: never its message. */
export function internalErrorKind(error: unknown): string {
  let cause: unknown = unwrapResolverError(error);
  const original = (cause as { originalError?: unknown } | null)?.originalError;
  if (original instanceof Error) cause = original;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CODE.test(code)) return code;
  const name = cause instanceof Error ? cause.name : undefined;
  return typeof name === 'string' && NAME.test(name) ? name : 'Error';
}

export function outcomeOf(errorCodes: string[], userErrorCodes: string[]): RequestLogLine['outcome'] {
  if (errorCodes.length > 0) return 'error';
  return userErrorCodes.length > 0 ? 'user_errors' : 'ok';
}

/** Assembles a line from what a request produced; only allow-listed shapes get through. */
export function requestLogLine(args: {
  correlationId: string;
  operationName?: string | null | undefined;
  operationType?: string | null | undefined;
  caller?: { sub?: unknown; role?: unknown } | null | undefined;
  durationMs?: number | null | undefined;
  dynamoDbRequests?: number | null | undefined;
  httpStatus?: number | null | undefined;
  errorCodes?: string[];
  userErrorCodes?: string[];
  internalErrors?: string[];
}): RequestLogLine {
  const errorCodes = unique((args.errorCodes ?? []).map(safeCode));
  const userErrorCodes = unique((args.userErrorCodes ?? []).map(safeCode));
  const internalErrors = unique(args.internalErrors ?? []);
  const opType = args.operationType;
  return {
    correlationId: args.correlationId,
    operationName: args.operationName && OPERATION_NAME.test(args.operationName) ? args.operationName : null,
    operationType: opType === 'query' || opType === 'mutation' || opType === 'subscription' ? opType : null,
    sub: typeof args.caller?.sub === 'string' ? args.caller.sub : null,
    role: typeof args.caller?.role === 'string' ? args.caller.role : null,
    durationMs: typeof args.durationMs === 'number' ? Math.round(args.durationMs * 10) / 10 : null,
    dynamoDbRequests: args.dynamoDbRequests ?? null,
    httpStatus: args.httpStatus ?? null,
    outcome: outcomeOf(errorCodes, userErrorCodes),
    ...(userErrorCodes.length ? { userErrorCodes } : {}),
    ...(errorCodes.length ? { errorCodes } : {}),
    ...(internalErrors.length ? { internalErrors } : {}),
  };
}

/**
 * Where the handler collects the request's line when it wants the last word on it: the line
 * is then written by the handler once it knows what the client receives (the final HTTP status,
 * a response refused for its size), so the log never says 200 for a response that was not.
 */
export type PendingRequestLog = { line: RequestLogLine | null };
export const pendingRequestLog = new AsyncLocalStorage<PendingRequestLog>();

/** Writes a request line: ERROR when the client got INTERNAL_SERVER_ERROR, INFO otherwise. */
export function writeRequestLog(logger: Logger, line: RequestLogLine): void {
  if (line.errorCodes?.includes('INTERNAL_SERVER_ERROR')) logger.error(REQUEST_LOG_MESSAGE, line);
  else logger.info(REQUEST_LOG_MESSAGE, line);
}

type RequestState = { startedAt: number; userErrorCodes: string[]; logged: boolean };

/**
 * Writes exactly one JSON line per GraphQL request (Powertools Logger, lambda/observability/log.ts): at the end of the
 * request pipeline, or when the request fails outside it (context creation, malformed HTTP
 * request, unexpected pipeline failure). ERROR level when the client got an
 * INTERNAL_SERVER_ERROR, INFO otherwise. Requests refused by the handler's middleware (401,
 * 413) never reach Apollo and are not logged here.
 */
export function requestLogPlugin(options: { logger?: () => Logger } = {}): ApolloServerPlugin<RequestContext> {
  const logger = options.logger ?? getLogger;
  const states = new WeakMap<object, RequestState>();
  const tally = () => requestTally.getStore()?.dynamoDbRequests ?? null;
  const emit = (line: RequestLogLine) => {
    const pending = pendingRequestLog.getStore();
    if (pending) pending.line = line;
    else writeRequestLog(logger(), line);
  };
  const fromRequest = (
    rc: GraphQLRequestContext<RequestContext>,
    state: RequestState | undefined,
    extra: Pick<Parameters<typeof requestLogLine>[0], 'errorCodes' | 'internalErrors' | 'httpStatus'>,
  ) =>
    requestLogLine({
      correlationId: rc.contextValue?.correlationId ?? correlationIdForFailure(rc),
      operationName: rc.operationName,
      operationType: rc.operation?.operation,
      caller: rc.contextValue?.caller,
      durationMs: state ? performance.now() - state.startedAt : null,
      dynamoDbRequests: tally(),
      userErrorCodes: state?.userErrorCodes ?? [],
      ...extra,
    });
  const failedOutside = (error: unknown, httpStatus: number) => {
    const code = publicCode(error as { extensions?: Record<string, unknown> });
    emit(
      requestLogLine({
        correlationId: correlationIdForFailure(error),
        dynamoDbRequests: tally(),
        httpStatus,
        errorCodes: [code],
        ...(code === 'INTERNAL_SERVER_ERROR' ? { internalErrors: [internalErrorKind(error)] } : {}),
      }),
    );
  };

  return {
    async requestDidStart(requestContext) {
      const state: RequestState = { startedAt: performance.now(), userErrorCodes: [], logged: false };
      states.set(requestContext, state);
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (info.path.prev !== undefined) return;
              return (_error, result) => {
                state.userErrorCodes.push(...userErrorCodesOf(result));
              };
            },
          };
        },
        async willSendResponse(rc) {
          if (state.logged) return;
          state.logged = true;
          const body = rc.response.body;
          const sent: readonly GraphQLFormattedError[] =
            (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
          const errorCodes = sent.map((e) => publicCode(e));
          const internalErrors = (rc.errors ?? [])
            .filter((e) => publicCode(e) === 'INTERNAL_SERVER_ERROR')
            .map(internalErrorKind);
          emit(fromRequest(rc, state, { errorCodes, internalErrors, httpStatus: rc.response.http.status ?? 200 }));
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      const state = states.get(requestContext);
      if (state?.logged) return;
      if (state) state.logged = true;
      emit(
        fromRequest(requestContext, state, {
          errorCodes: ['INTERNAL_SERVER_ERROR'],
          internalErrors: [internalErrorKind(error)],
          httpStatus: 500,
        }),
      );
    },
    async contextCreationDidFail({ error }) {
      failedOutside(error, 500);
    },
    async invalidRequestWasReceived({ error }) {
      failedOutside(error, 400);
    },
  };
}
