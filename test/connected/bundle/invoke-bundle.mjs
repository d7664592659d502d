// Runs events through a built Lambda bundle in bare `node`, as the Lambda runtime would:
//   node test/connected/bundle/invoke-bundle.mjs <index.mjs> <events.json> <results.json>
// Imports the handler (the init phase), invokes it with each event in turn and writes the
// results. Plain JS: nothing but Node and the bundle (with its chunks) is loaded.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventsFile, resultsFile] = process.argv.slice(2);
if (!bundle || !eventsFile || !resultsFile) throw new Error('usage: node invoke-bundle.mjs <index.mjs> <events.json> <results.json>');
const { handler } = await import(pathToFileURL(bundle).href);
const context = { callbackWaitsForEmptyEventLoop: false, functionName: 'bundle-test', awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 30_000 };
const results = [];
for (const event of JSON.parse(readFileSync(eventsFile, 'utf8'))) results.push(await handler(event, context));
writeFileSync(resultsFile, JSON.stringify(results));
process.exit(0);
