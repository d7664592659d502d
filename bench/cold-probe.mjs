// Cold-start probe, run by bench/cold-start.ts in a fresh `node` process per sample:
//   node bench/cold-probe.mjs <bundle.mjs> <result.json>
// Times the import of a bundled Lambda handler (module evaluation builds the Apollo
// server, as in the Lambda init phase) and its first invocation (a `{ __typename }`
// query: Apollo's start, schema build and the request pipeline, no DynamoDB call), then
// writes the figures to <result.json>. Plain JS so nothing but Node itself is loaded.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, resultFile] = process.argv.slice(2);
if (!bundle || !resultFile) throw new Error('usage: node bench/cold-probe.mjs <bundle.mjs> <result.json>');

const beforeImport = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const afterImport = performance.now();

const now = new Date();
const event = {
  version: '2.0',
  routeKey: 'POST /graphql',
  rawPath: '/graphql',
  rawQueryString: '',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ __typename }' }),
  isBase64Encoded: false,
  requestContext: {
    accountId: '000000000000',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold-probe' },
    requestId: 'cold-probe',
    routeKey: 'POST /graphql',
    stage: '$default',
    time: now.toISOString(),
    timeEpoch: now.getTime(),
    authorizer: { jwt: { claims: { sub: 'cold-probe', role: 'UM_NURSE' }, scopes: null } },
  },
};
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'cold-probe',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:cold-probe',
  memoryLimitInMB: '1024',
  awsRequestId: 'cold-probe',
  logGroupName: 'cold-probe',
  logStreamName: 'cold-probe',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
const result = await mod.handler(event, context);
const afterFirstInvoke = performance.now();

let ok = false;
try {
  ok = result.statusCode === 200 && JSON.parse(result.body).data?.__typename === 'Query';
} catch {
  ok = false;
}
writeFileSync(
  resultFile,
  JSON.stringify({
    // From process start (performance.timeOrigin) to the first line of this script: Node's own boot.
    nodeBootMs: beforeImport,
    importMs: afterImport - beforeImport,
    firstInvokeMs: afterFirstInvoke - afterImport,
    totalMs: afterFirstInvoke - beforeImport,
    status: result.statusCode,
    ok,
  }),
);
process.exit(0);
