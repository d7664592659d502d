// API Gateway HTTP API (payload v2) events for the plain-JS probes (bench/cold-probe.mjs,
// bench/bundle-smoke.mjs), which run in bare `node` and so cannot import
// scripts/local/invoke.ts. Same shape as that module's graphqlEvent.

/** A POST /graphql event with the JWT authorizer's claims. */
export function graphqlEvent(body, claims, requestId) {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId,
      routeKey: 'POST /graphql',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { jwt: { claims, scopes: null } },
    },
  };
}

/** The parts of a Lambda context the handler reads. */
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 30_000,
};
