/**
 * `npm start`: DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, the demo
 * case, and POST /graphql served by the same Lambda handler that runs in AWS.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDynamoLocal, type RunningDynamo } from './local/dynamodb-local';
import { createDevVerifier, loadOrCreateDevKeys } from './local/dev-tokens';
import { createLocalServer } from './local/http-server';
import { seedDemoCase } from './local/seed';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const DATA_DIR = resolve('.data');
const port = Number(process.env.PORT ?? 4000);
const tableName = process.env.TABLE_NAME ?? 'medical-necessity-local';

let dynamo: RunningDynamo | null = null;
let stopping: Promise<never> | null = null;

/** Every exit path goes through here, once: a second signal waits for the first shutdown. */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    server?.close();
    await dynamo?.stop();
    process.exit(code);
  })();
  return stopping;
}

let server: ReturnType<typeof createLocalServer> | null = null;

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  // If whoever started us dies without passing the signal on (npm's shell does), we are
  // re-parented: stop too, so java is never left behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 500).unref();

  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    mkdirSync(resolve(DATA_DIR, 'dynamodb'), { recursive: true });
    dynamo = await startDynamoLocal({ dbPath: resolve(DATA_DIR, 'dynamodb') });
    endpoint = dynamo.endpoint;
  }
  Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint, STAGE: process.env.STAGE ?? 'local' });

  // The handler module reads its configuration from the environment at load, as in Lambda.
  const { handler } = await import('../lambda/handlers/graphql');
  const { handler: fhirHandler } = await import('../lambda/handlers/fhir');
  const { bootstrapTable } = await import('../lambda/store/bootstrap');
  const { created } = await bootstrapTable({ db: handler.db, tableName });
  if (created) {
    const id = await seedDemoCase(handler);
    console.log(`Created table ${tableName} and seeded the demonstration case ${id}.`);
  }

  const keys = await loadOrCreateDevKeys(resolve(DATA_DIR, 'dev-signing-key.json'));
  server = createLocalServer({ handler, fhirHandler, verify: createDevVerifier(keys) });
  server.listen(port, () => {
    console.log(`API ready at http://localhost:${port}/graphql (DynamoDB ${dynamo ? 'Local, data in .data/dynamodb' : `at ${endpoint}`})`);
    console.log(`FHIR (Da Vinci PAS) at http://localhost:${port}/fhir/ (Claim/$submit, Claim/$inquire, metadata, Questionnaire/{id})`);
    console.log('Get a token: npm run --silent token -- --role UM_NURSE');
  });
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});
