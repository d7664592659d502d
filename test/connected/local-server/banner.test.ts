/**
 * A newcomer's first curl: `DATA_DIR=… npm start`, then the token command the banner prints.
 * The banner's command must mint with this server's key (its DATA_DIR), and a refused token
 * must leave a log line saying why, without the token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type StartedApi } from '../../support/npm-start';

const run = promisify(execFile);
let api: StartedApi;
const otherDataDir = mkdtempSync(join(tmpdir(), 'banner-other-key-'));

beforeAll(async () => {
  // The suite's DynamoDB Local, a table of its own: no second java.
  api = await startApi({ via: 'node', env: { DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), TABLE_NAME: `banner-${process.pid}` } });
}, 150_000);
afterAll(async () => {
  await api?.cleanup();
  rmSync(otherDataDir, { recursive: true, force: true });
});

const ask = (authorization?: string) =>
  fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ cases(first: 1) { edges { node { id } } } }' }),
  });

/** JSON log lines printed by the server since `from` (an offset into its output). */
const logLinesSince = (from: number) =>
  api
    .output()
    .slice(from)
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npm start with DATA_DIR: the banner and the token check', () => {
  it("the banner's token command, run as printed in a shell without DATA_DIR, mints a token the server accepts", async () => {
    const [, command] = api.output().match(/Token for curl: (.+?) {3}·/) ?? [];
    expect(command).toBe(`DATA_DIR=${api.dataDir} npm run --silent token -- --role UM_NURSE`);
    const env = { ...process.env };
    delete env.DATA_DIR;
    const { stdout } = await run('sh', ['-c', command!], { env, cwd: process.cwd() });
    const res = await ask(`Bearer ${stdout.trim()}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data?: unknown }).data).toBeTruthy();
  });

  it('a token signed with another DATA_DIR\'s key gets 401 and a log line saying why, without the token', async () => {
    const { stdout } = await run(process.execPath, ['scripts/token.mjs', '--role', 'UM_NURSE'], { env: { ...process.env, DATA_DIR: otherDataDir } });
    const foreign = stdout.trim();
    const from = api.output().length;
    const res = await ask(`Bearer ${foreign}`);
    expect(res.status).toBe(401);
    await api.waitFor(/request refused at the token check/, 5_000);
    const line = logLinesSince(from).find((l) => l.message === 'request refused at the token check');
    expect(line).toMatchObject({ level: 'WARN', httpStatus: 401, path: '/graphql' });
    expect(line!.reason).toMatch(/another DATA_DIR/);
    expect(api.output()).not.toContain(foreign);
    expect(api.output()).not.toContain(foreign.split('.')[2]);
  });

  it('a request without a token gets 401 and a log line saying so', async () => {
    const from = api.output().length;
    expect((await ask()).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    const line = logLinesSince(from).find((l) => l.message === 'request refused at the token check');
    expect(line).toMatchObject({ httpStatus: 401, reason: 'no bearer token in the authorization header' });
  });
});
