// Runs events through a built Lambda bundle in bare `node`, as the Lambda runtime would:
//   node test/connected/bundle/invoke-bundle.mjs <index.mjs> <events.json> <results.json>
// Imports the handler (the init phase), invokes it with each event in turn and writes the
// results, with the bundle's files each step loaded. Plain JS: nothing but Node and the
// bundle (with its chunks) is loaded.
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { lambdaContext } from '../../../bench/lambda-event.mjs';

const [bundle, eventsFile, resultsFile] = process.argv.slice(2);
if (!bundle || !eventsFile || !resultsFile) throw new Error('usage: node invoke-bundle.mjs <index.mjs> <events.json> <results.json>');

const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => {
  const file = fileURLToPath(url);
  if (dirname(file) === dirname(bundle)) loaded.add(basename(file));
});
port1.unref();
register(new URL('./record-loads.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });
// Messages from the hooks thread arrive asynchronously: let them in before reading the set.
const settle = () => new Promise((r) => setTimeout(r, 50));
const newlyLoaded = (before) => [...loaded].filter((f) => !before.has(f)).sort();

const { handler } = await import(pathToFileURL(bundle).href);
await settle();
const atStart = [...loaded].sort();
const invocations = [];
for (const event of JSON.parse(readFileSync(eventsFile, 'utf8'))) {
  const before = new Set(loaded);
  const result = await handler(event, lambdaContext);
  await settle();
  invocations.push({ result, loaded: newlyLoaded(before) });
}
writeFileSync(resultsFile, JSON.stringify({ atStart, invocations }));
process.exit(0);
