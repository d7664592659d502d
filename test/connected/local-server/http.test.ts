import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevVerifier, loadOrCreateDevKeys, signDevToken, type DevKeys } from '../../../scripts/local/dev-tokens';
import { createLocalServer } from '../../../scripts/local/http-server';
import { seedDemoCase } from '../../../scripts/local/seed';
import { createTestApi, type TestApi } from '../../support/api';

let api: TestApi;
let server: Server;
let url: string;
let keys: DevKeys;
let demoId: string;

beforeAll(async () => {
  api = await createTestApi({ stage: 'local' });
  demoId = await seedDemoCase(api.handler);
  keys = await loadOrCreateDevKeys(join(mkdtempSync(join(tmpdir(), 'keys-')), 'dev-signing-key.json'));
  server = createLocalServer({ handler: api.handler, verify: createDevVerifier(keys) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (body: unknown, token?: string, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const LIST = '{ cases(first: 10) { edges { node { id providerId requestedService { cptCode } } } } }';

describe('local server over HTTP', () => {
  it('answers a query with a valid token and lists the demonstration case', async () => {
    const token = await signDevToken(keys, { sub: 'nurse-1', role: 'UM_NURSE' });
    const res = await post({ query: LIST }, token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { cases: { edges: { node: { id: string; requestedService: { cptCode: string } } }[] } } };
    expect(body.data.cases.edges.map((e) => e.node.id)).toContain(demoId);
    expect(body.data.cases.edges[0]?.node.requestedService.cptCode).toBe('27279');
  });

  it('answers 401 without a token, with a forged one, an expired one, or the wrong audience', async () => {
    const otherKeys = await loadOrCreateDevKeys(join(mkdtempSync(join(tmpdir(), 'keys-')), 'k.json'));
    const forged = await signDevToken(otherKeys, { sub: 'x', role: 'UM_NURSE' });
    const expired = await signDevToken(keys, { sub: 'x', role: 'UM_NURSE' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const wrongAudience = await signDevToken(keys, { sub: 'x', role: 'UM_NURSE' }, { audience: 'someone-else' });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"UM_NURSE"}').toString('base64url')}.`;
    for (const token of [undefined, forged, expired, wrongAudience, unsigned, 'garbage']) {
      const res = await post({ query: LIST }, token);
      expect(res.status).toBe(401);
    }
  });

  it('serves Apollo’s landing page to a browser', async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<!DOCTYPE html>');
  });

  it('refuses a body over 1 MB with 413 and keeps answering', async () => {
    const token = await signDevToken(keys, { sub: 'nurse-1', role: 'UM_NURSE' });
    const big = JSON.stringify({ query: LIST, variables: { pad: 'x'.repeat(6 * 1024 * 1024) } });
    const res = await post(big, token);
    expect(res.status).toBe(413);
    const after = await post({ query: LIST }, token);
    expect(after.status).toBe(200);
  });
});
