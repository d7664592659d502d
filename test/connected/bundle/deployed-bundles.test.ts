/**
 * The bundles CDK deploys, run in bare `node` against DynamoDB Local: built by the deploy's
 * own bundler (infra/bundle-lambda.ts), they must work, chunks included. The rest of the
 * connected tests run the TypeScript sources; only these load what ships (index.mjs, then
 * the core and engine chunks on the first operation that needs them).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { buildBundle, entries, type BundleInfo } from '../../../bench/lib/bundle';
import { paths } from '../../../infra/paths';
import { graphqlEvent, type Claims } from '../../../scripts/local/invoke';
import type { ApiEvent } from '../../../lambda/handlers/graphql-app';
import { as, createTestApi, type TestApi } from '../../support/api';
import { submitInput, SUBMIT_WITH_DETERMINATION } from '../../support/fixtures';
import { fhirEvent, pasBundle, withProviderNpi } from '../fhir/support';

const INVOKER = join(paths.root, 'test', 'connected', 'bundle', 'invoke-bundle.mjs');

let dir: string;
let api: TestApi;
const built: Partial<Record<'graphql' | 'fhir', BundleInfo>> = {};

type Invocation = { result: APIGatewayProxyStructuredResultV2; /** The bundle's files this invocation loaded. */ loaded: string[] };
type Run = { /** The bundle's files loaded by the import (the init phase). */ atStart: string[]; invocations: Invocation[] };

/** Invokes the bundle with the events in one fresh `node` process (one cold start, then warm invocations). */
async function runBundle(bundle: BundleInfo, events: ApiEvent[]): Promise<Run> {
  const eventsFile = join(dir, `events-${Math.random().toString(36).slice(2)}.json`);
  const resultsFile = `${eventsFile}.results`;
  writeFileSync(eventsFile, JSON.stringify(events));
  // As in Lambda: no endpoint setting of ours, credentials from the environment through the
  // SDK's default provider chain (its other providers are chunks that must not be needed).
  // (DynamoDB Local accepts access keys of letters and digits only.)
  const env = {
    PATH: process.env.PATH,
    TABLE_NAME: api.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: api.endpoint,
    AWS_ACCESS_KEY_ID: 'bundletest',
    AWS_SECRET_ACCESS_KEY: 'bundletest',
    AWS_REGION: 'us-east-1',
    STAGE: 'dev',
    NODE_ENV: 'production',
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [INVOKER, bundle.file, eventsFile, resultsFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (c) => resolve({ code: c, stderr: err }));
  });
  expect(code, stderr).toBe(0);
  return JSON.parse(readFileSync(resultsFile, 'utf8')) as Run;
}

const body = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(r.body ?? 'null');
const gqlEvent = (claims: Claims, query: string, variables: Record<string, unknown> = {}) => graphqlEvent({ query, variables }, claims);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployed-bundles-'));
  api = await createTestApi();
  built.graphql = await buildBundle(entries.api, join(dir, 'graphql'));
  built.fhir = await buildBundle(paths.fhirHandler, join(dir, 'fhir'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the deployed GraphQL bundle', () => {
  it('ships the core and the engine as chunks of their own, loaded on first use', () => {
    const files = readdirSync(join(dir, 'graphql'));
    expect(files.some((f) => /^core-[A-Z0-9]+\.mjs$/.test(f))).toBe(true);
    expect(built.graphql!.files.filter((f) => !f.atStartup).map((f) => f.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^core-/)]));
  });

  it('answers a submission (validation, engine, transaction) and reads the case back, from a cold start', async () => {
    const input = submitInput({ idempotencyKey: `bundle-${Date.now()}` });
    const provider = as.provider(String(input.providerId));
    const submit = await runBundle(built.graphql!, [gqlEvent(provider, SUBMIT_WITH_DETERMINATION, { input })]);
    const submitted = submit.invocations[0]?.result;
    expect(submitted!.statusCode, submitted!.body).toBe(200);
    expect(body(submitted!).errors, submitted!.body).toBeUndefined();
    const payload = body(submitted!).data.submitCase;
    expect(payload.userErrors).toEqual([]);
    expect(payload.case.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(payload.case.currentDetermination.criteriaResults.length).toBeGreaterThan(0);

    // A second cold start whose first operation is a read: the core chunk loads for it.
    const reads = await runBundle(built.graphql!, [
      gqlEvent(as.nurse(), 'query C($id: ID!) { case(id: $id) { id status determinations { id } } }', { id: payload.case.id }),
      gqlEvent(provider, SUBMIT_WITH_DETERMINATION, { input: { ...input, idempotencyKey: '' } }),
    ]);
    const [read, bad] = reads.invocations.map((i) => i.result);
    expect(body(read!).data.case).toMatchObject({ id: payload.case.id, status: 'PENDING_PHYSICIAN_REVIEW', determinations: [{ id: expect.any(String) }] });
    expect(body(bad!).data.submitCase.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: ['input', 'idempotencyKey'] })]));
  });

  it('loads only what each step needs: neither core nor engine at start, the core with the first read, the engine with the first evaluation', async () => {
    const input = submitInput({ idempotencyKey: `bundle-loads-${Date.now()}` });
    const run = await runBundle(built.graphql!, [
      gqlEvent(as.nurse(), '{ __typename }'),
      gqlEvent(as.nurse(), '{ determination(id: "!") { id } }'),
      gqlEvent(as.provider(String(input.providerId)), SUBMIT_WITH_DETERMINATION, { input }),
    ]);
    const [typename, read, submit] = run.invocations;
    expect(body(typename!.result).data).toEqual({ __typename: 'Query' });
    expect(body(read!.result)).toEqual({ data: { determination: null } });
    expect(body(submit!.result).data.submitCase.userErrors).toEqual([]);

    const startup = built.graphql!.files.filter((f) => f.atStartup).map((f) => f.file);
    // The init phase loads the handler and its static chunks; beyond those, Apollo's start and
    // first request load only two facades re-exporting code already loaded (the landing page,
    // graphql for its incremental-delivery check). Apollo's cache-control and inline-trace
    // plugins (with the usage-reporting protobuf) are disabled, so neither loads, nor the core.
    expect(run.atStart).toEqual(expect.arrayContaining(startup));
    const beforeCore = [...run.atStart, ...typename!.loaded];
    expect(beforeCore.filter((f) => !startup.includes(f)).sort()).toEqual([expect.stringMatching(/^default-/), expect.stringMatching(/^graphql-/)]);
    expect(beforeCore.filter((f) => /^(core|engine|cacheControl|inlineTrace|usageReporting)-/.test(f))).toEqual([]);
    // A read loads the core, not the engine (CEL); the first evaluation loads the engine.
    expect(read!.loaded).toEqual(expect.arrayContaining([expect.stringMatching(/^core-/)]));
    expect(read!.loaded.filter((f) => f.startsWith('engine-'))).toEqual([]);
    expect(submit!.loaded).toEqual(expect.arrayContaining([expect.stringMatching(/^engine-/)]));
  });
});

describe('the deployed FHIR bundle', () => {
  it('answers Claim/$submit with a PAS ClaimResponse, from a cold start', async () => {
    const npi = `78${String(Date.now() % 1e8).padStart(8, '0')}`;
    const run = await runBundle(built.fhir!, [
      fhirEvent('POST', '/fhir/Claim/$submit', withProviderNpi(pasBundle('pas-request-27279.json'), npi), as.provider(npi)),
    ]);
    const res = run.invocations[0]?.result;
    expect(res!.statusCode).toBe(200);
    const claimResponse = body(res!).entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'ClaimResponse').resource;
    expect(claimResponse).toMatchObject({ use: 'preauthorization', outcome: 'complete' });
  });
});
