import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { AppConfig } from './config';
import { callerFromClaims } from '../auth/caller';
import type { BusinessMetrics } from '../core';
import { errorCatalogue } from '../core/errors/catalogue';
import { createRequestContext, type RequestContext } from '../graphql/context';
import { buildExecutableSchema } from '../graphql/schema';
import { maskErrorsPlugin, maskFormattedError } from '../graphql/plugins/mask-errors';
import { limitParseOptions, limitPlugins, limitRules } from '../graphql/plugins/hardening';
import {
  pendingRequestLog,
  REQUEST_LOG_MESSAGE,
  requestLogLine,
  requestLogPlugin,
  writeRequestLog,
  type PendingRequestLog,
} from '../graphql/plugins/request-log';
import { apolloLogger } from '../graphql/apollo-logger';
import { getLogger } from '../observability/log';
import { createBusinessMetrics } from '../observability/metrics';
import { createDocumentClient, requestTally } from '../store/client';
import { createStores, type Stores } from '../store';

/**
 * An HTTP API (payload 2.0) event after API Gateway's JWT authorizer, which every route has
 * in AWS. The local server and tests also send events without `authorizer` (no token), so
 * the handlers read it with optional chaining.
 */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiHandler = (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

export type HandlerOptions = AppConfig & {
  /** Clock injection for tests of due dates; the server clock otherwise. */
  now?: () => Date;
  /** Business metrics; Powertools Metrics (CloudWatch EMF) otherwise. */
  metrics?: BusinessMetrics;
  /** Largest response body served (tests lower it); MAX_RESPONSE_BYTES otherwise. */
  maxResponseBytes?: number;
};

const MAX_BODY_BYTES = 1_000_000;
/**
 * Largest response body served: under Lambda's 6 MB synchronous payload limit, past which the
 * client would get a bare 500. The cost estimate refuses what could grow this big before it runs;
 * this is the backstop, answered as a client error the log reports as such.
 */
export const MAX_RESPONSE_BYTES = 5_000_000;

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The Lambda handler of the GraphQL door, with its store (tests and benchmarks read the table through it). */
export type AppHandler = ApiHandler & { stores: Stores; db: DynamoDBDocumentClient };

/**
 * The composition root of the GraphQL door: config, DynamoDB client and repositories,
 * Powertools (logger context per invocation, business metrics), Apollo Server with its
 * limits and plugins. Built once per container; every request gets a fresh context.
 */
export function createHandler(options: HandlerOptions): AppHandler {
  const now = options.now ?? (() => new Date());
  const metrics = options.metrics ?? createBusinessMetrics();
  const db = createDocumentClient(options);
  const stores = createStores(db, options.tableName);
  const devLike = options.stage === 'local' || options.stage === 'dev';
  const server = new ApolloServer<RequestContext>({
    schema: buildExecutableSchema(),
    introspection: devLike,
    // Automatic persisted queries are a CDN cache for GET requests; this API is POST-only with
    // PHI in variables, so a hash (matching or not) is refused as PERSISTED_QUERY_NOT_SUPPORTED.
    persistedQueries: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: limitParseOptions(),
    validationRules: limitRules(),
    formatError: maskFormattedError,
    logger: apolloLogger(),
    plugins: [
      ...limitPlugins<RequestContext>({ fieldSuggestions: devLike }),
      maskErrorsPlugin(),
      requestLogPlugin(),
      devLike
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
      // Apollo loads these two at start unless told not to. Cache hints are never set (every
      // answer is per caller, with PHI: no shared cache may keep it), and this is not a
      // federated subgraph, whose inline traces would need the usage-reporting protobuf.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });

  const mapping = { roleClaim: options.roleClaim, providerClaim: options.providerClaim, npiClaim: options.npiClaim, specialtyClaim: options.specialtyClaim };
  const lambda = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    middleware: [
      async (event) => {
        const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
        if (size > MAX_BODY_BYTES) return refuse(event, 413, 'PAYLOAD_TOO_LARGE');
        if (isLandingPageRequest(event)) return;
        const claims = (event as ApiEvent).requestContext.authorizer?.jwt?.claims;
        if (!callerFromClaims(claims, mapping)) return refuse(event, 401, 'UNAUTHENTICATED');
      },
    ],
    context: async ({ event }) => {
      const caller = callerFromClaims((event as ApiEvent).requestContext.authorizer?.jwt?.claims, mapping);
      // The middleware has already refused requests without a caller; this guards the type.
      if (!caller) throw new Error('unauthenticated request reached the context');
      return createRequestContext({
        caller,
        stores,
        now,
        correlationId: event.requestContext.requestId || randomUUID(),
        metrics,
        ...(options.plan ? { plan: options.plan } : {}),
      });
    },
  });

  const handler = (async (event: ApiEvent, context: Context) => {
    // The invocation's request id, cold_start and function name on every line of this invocation.
    getLogger().addContext(context);
    // A caller (a test or benchmark counting requests) may bring its own tally.
    const pending: PendingRequestLog = { line: null };
    return requestTally.run(requestTally.getStore() ?? { dynamoDbRequests: 0 }, () =>
      pendingRequestLog.run(pending, async () => {
        const result = (await lambda(event, context, () => undefined)) as APIGatewayProxyResultV2;
        return finish(result, pending, options.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      }),
    );
  }) as AppHandler;
  handler.stores = stores;
  handler.db = db;
  return handler;
}

/**
 * The last step of every request: refuse a response too large to send, then write the request's
 * line with the status the client actually receives.
 */
function finish(result: APIGatewayProxyResultV2, pending: PendingRequestLog, maxBytes: number): APIGatewayProxyResultV2 {
  let out = result;
  const line = pending.line;
  if (typeof out === 'object' && typeof out.body === 'string' && Buffer.byteLength(out.body) > maxBytes) {
    const code = 'RESPONSE_TOO_LARGE';
    const extensions: Record<string, unknown> = { code };
    if (line) extensions.correlationId = line.correlationId;
    out = json(400, { errors: [{ message: errorCatalogue[code].message, extensions }] });
    if (line) {
      line.errorCodes = [code];
      line.outcome = 'error';
    }
  }
  if (line) {
    line.httpStatus = typeof out === 'object' ? (out.statusCode ?? 200) : 200;
    writeRequestLog(getLogger(), line);
  }
  return out;
}

/** Refusals before Apollo (413, 401) still get their one log line, with codes only. */
function refuse(event: APIGatewayProxyEventV2, status: number, code: 'PAYLOAD_TOO_LARGE' | 'UNAUTHENTICATED') {
  const { message } = errorCatalogue[code];
  getLogger().warn(
    REQUEST_LOG_MESSAGE,
    requestLogLine({ correlationId: event.requestContext.requestId || randomUUID(), httpStatus: status, errorCodes: [code], dynamoDbRequests: 0 }),
  );
  return json(status, { errors: [{ message, extensions: { code } }] });
}

/** A browser GET without a query gets Apollo's landing page; it runs no resolver. */
function isLandingPageRequest(event: APIGatewayProxyEventV2): boolean {
  if (event.requestContext.http.method !== 'GET') return false;
  const accept = event.headers?.accept ?? event.headers?.Accept ?? '';
  return accept.includes('text/html') && !event.queryStringParameters?.query;
}
