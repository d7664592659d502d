import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiHandler } from '../../lambda/handlers/graphql-app';

export type Claims = { sub: string; role: string; providerId?: string };

/** A POST /graphql event shaped exactly like API Gateway HTTP API (payload v2) after its JWT authorizer. */
export function graphqlEvent(body: unknown, claims: Claims | null, extraHeaders: Record<string, string> = {}): ApiEvent {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'invoke' },
      requestId: randomUUID(),
      routeKey: 'POST /graphql',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
  } as ApiEvent;
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
