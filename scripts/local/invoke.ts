import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiHandler } from '../../lambda/handlers/graphql-app';

export type Claims = { sub: string; role: string; providerId?: string };

/** The HTTP API route a request matches, as infra declares the routes (path parameters as templates). */
export function routeKeyFor(method: string, path: string): string {
  return `${method} ${path.startsWith('/fhir/Questionnaire/') ? '/fhir/Questionnaire/{id}' : path}`;
}

/**
 * An event shaped exactly like API Gateway HTTP API (payload v2) delivers it after its JWT
 * authorizer: the one builder behind the local server, the tests and the benchmarks.
 */
export function apiEvent(args: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  claims: Record<string, unknown> | null;
  query?: Record<string, string>;
  sourceIp?: string;
  userAgent?: string;
}): ApiEvent {
  const now = new Date();
  const routeKey = routeKeyFor(args.method, args.path);
  const query = args.query ?? {};
  return {
    version: '2.0',
    routeKey,
    rawPath: args.path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: args.headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    body: args.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: args.method, path: args.path, protocol: 'HTTP/1.1', sourceIp: args.sourceIp ?? '127.0.0.1', userAgent: args.userAgent ?? 'invoke' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(args.claims ? { authorizer: { jwt: { claims: args.claims, scopes: null } } } : {}),
    },
  } as ApiEvent;
}

/** A POST /graphql event, as API Gateway delivers it after its JWT authorizer. */
export function graphqlEvent(body: unknown, claims: Claims | null, extraHeaders: Record<string, string> = {}): ApiEvent {
  return apiEvent({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    claims,
  });
}

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'local',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local',
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: 'local',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** Runs one GraphQL operation through the handler and returns status and parsed body. */
export async function invokeGraphql<T = Record<string, unknown>>(
  handler: ApiHandler,
  claims: Claims | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] } }> {
  const res = await handler(graphqlEvent({ query, variables }, claims), lambdaContext());
  if (typeof res === 'string') return { status: 200, body: JSON.parse(res) };
  return { status: res.statusCode ?? 200, body: res.body ? JSON.parse(res.body) : {} };
}
