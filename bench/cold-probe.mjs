// Cold-start probe, run by bench/cold-start.ts in a fresh `node` process per sample:
//   node bench/cold-probe.mjs <bundle.mjs> <result.json> [second query]
// Times the import of a bundled Lambda handler (module evaluation builds the Apollo
// server, as in the Lambda init phase) and its first invocation (a `{ __typename }`
// query: Apollo's start, schema build and the request pipeline, no DynamoDB call), then
// optionally a second query (the API's first operation through the core, which loads the
// core chunk), and writes the figures to <result.json>. Plain JS so nothing but
// Node itself is loaded.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { graphqlEvent, lambdaContext } from './lambda-event.mjs';

const [bundle, resultFile, secondQuery] = process.argv.slice(2);
if (!bundle || !resultFile) throw new Error('usage: node bench/cold-probe.mjs <bundle.mjs> <result.json>');

const beforeImport = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const afterImport = performance.now();

const event = graphqlEvent({ query: '{ __typename }' }, { sub: 'cold-probe', role: 'UM_NURSE' }, 'cold-probe');
const result = await mod.handler(event, lambdaContext);
const afterFirstInvoke = performance.now();

let ok;
try {
  ok = result.statusCode === 200 && JSON.parse(result.body).data?.__typename === 'Query';
} catch {
  ok = false;
}
let secondInvokeMs = null;
if (secondQuery) {
  const second = await mod.handler(graphqlEvent({ query: secondQuery }, { sub: 'cold-probe', role: 'UM_NURSE' }, 'cold-probe-2'), lambdaContext);
  secondInvokeMs = performance.now() - afterFirstInvoke;
  ok = ok && second.statusCode === 200 && !JSON.parse(second.body).errors;
}
writeFileSync(
  resultFile,
  JSON.stringify({
    // From process start (performance.timeOrigin) to the first line of this script: Node's own boot.
    nodeBootMs: beforeImport,
    importMs: afterImport - beforeImport,
    firstInvokeMs: afterFirstInvoke - afterImport,
    totalMs: afterFirstInvoke - beforeImport,
    secondInvokeMs,
    status: result.statusCode,
    ok,
  }),
);
process.exit(0);
