/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, the demo
 * case, POST /graphql served by the same Lambda handler that runs in AWS, and for
 * browsers the local explorer with its development-token endpoint (stage local only).
 *
 * Stopping: SIGINT, SIGTERM or SIGHUP (npm forwards SIGINT and SIGTERM to this process:
 * the npm script `exec`s node) stops accepting connections, answers every request in
 * flight, then stops DynamoDB Local and exits with one line saying so. If the parent (npm)
 * dies without a signal (kill -9), this process notices within half a second and does
 * the same; if this process is killed with -9, DynamoDB Local's wrapper stops java
 * (scripts/local/dynamodb-local.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoLocal, type RunningDynamo } from './local/dynamodb-local';
import { createDevVerifier, loadOrCreateDevKeys, signDevToken } from './local/dev-tokens';
import { dataDir } from './local/dev-jwt.mjs';
import { createLocalServer, type LocalServer } from './local/http-server';
import { seedDemoCase } from './local/seed';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// CloudWatch EMF business metrics mean nothing on a laptop; without this every request would print one.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const DATA_DIR = dataDir();
const port = Number(process.env.PORT ?? 4000);
const tableName = process.env.TABLE_NAME ?? 'medical-necessity-local';
const stage = process.env.STAGE ?? 'local';
/** How long requests in flight get to finish on shutdown before their connections are cut. */
const DRAIN_MS = 10_000;

let dynamo: RunningDynamo | null = null;
let server: LocalServer | null = null;
let stopping: Promise<never> | null = null;

/** Every exit path goes through here, once: a second signal waits for the first shutdown. */
function shutdown(reason: string, code: number): Promise<never> {
  stopping ??= (async () => {
    const inFlight = server?.inFlight() ?? 0;
    console.log(`${reason}: stopping${server ? `; answering ${inFlight} request(s) in flight first` : ''}…`);
    const answered = server ? await server.drain(DRAIN_MS) : 0;
    await dynamo?.stop();
    console.log(
      `Stopped the API${server ? ` (${answered} request(s) answered while stopping)` : ''}${dynamo ? ' and DynamoDB Local' : ''}.`,
    );
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, 0));
  // Re-parented means whoever started us (npm) is gone without passing a signal on: stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process gone', 0);
  }, 500).unref();

  // The explorer builds (esbuild, ~2 s) while DynamoDB Local starts.
  const explorer =
    stage === 'local' ? import('./local/explorer/build').then((m) => m.buildExplorer()) : Promise.resolve(undefined);
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    mkdirSync(join(DATA_DIR, 'dynamodb'), { recursive: true });
    dynamo = await startDynamoLocal({ dbPath: join(DATA_DIR, 'dynamodb') });
    endpoint = dynamo.endpoint;
  }
  Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint, STAGE: stage });

  // The handler module reads its configuration from the environment at load, as in Lambda.
  const { handler } = await import('../lambda/handlers/graphql');
  const { handler: fhirHandler } = await import('../lambda/handlers/fhir');
  const { bootstrapTable } = await import('../lambda/store/bootstrap');
  const { created } = await bootstrapTable({ db: handler.db, tableName });
  if (created) {
    // Seeding goes through the handler; its request-log line is not a request anyone made.
    const { createLogger, setLogger } = await import('../lambda/observability/log');
    const restore = setLogger(createLogger({ logLevel: 'SILENT' }));
    const id = await seedDemoCase(handler).finally(restore);
    console.log(`Created table ${tableName} and seeded the demonstration case ${id}.`);
  }

  const keys = await loadOrCreateDevKeys(join(DATA_DIR, 'dev-signing-key.json'));
  const assets = await explorer;
  server = createLocalServer({
    handler,
    fhirHandler,
    verify: createDevVerifier(keys),
    explorer: assets,
    // Local stage only: development tokens for the explorer's role picker.
    mintDevToken: stage === 'local' ? (claims) => signDevToken(keys, claims) : undefined,
  });
  server.once('error', (err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one.` : err.message);
    void shutdown('could not listen', 1);
  });
  server.listen(port, () => {
    const url = `http://localhost:${port}/graphql`;
    console.log(`API ready at ${url} (DynamoDB ${dynamo ? `Local, data in ${DATA_DIR}/dynamodb` : `at ${endpoint}`})`);
    if (assets) console.log(`Explorer: open ${url} in a browser and pick a role (works offline).`);
    console.log(`FHIR (Da Vinci PAS) at http://localhost:${port}/fhir/ (Claim/$submit, Claim/$inquire, metadata, Questionnaire/{id})`);
    console.log(`Token for curl: ${tokenCommand()}   ·   Stop: Ctrl-C`);
  });
}

/**
 * The token command for the banner. `npm run token` signs with the key in DATA_DIR, so with a
 * DATA_DIR of its own this server needs the same one there (else every request gets 401).
 */
function tokenCommand(): string {
  const command = 'npm run --silent token -- --role UM_NURSE';
  if (!process.env.DATA_DIR) return command;
  const dir = /^[\w./:@%+=-]+$/.test(DATA_DIR) ? DATA_DIR : `'${DATA_DIR.replaceAll("'", `'\\''`)}'`;
  return `DATA_DIR=${dir} ${command}`;
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown('start failed', 1);
});
