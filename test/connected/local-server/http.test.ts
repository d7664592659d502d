import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, importJWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, createDevVerifier, loadOrCreateDevKeys, signDevToken, type DevKeys } from '../../../scripts/local/dev-tokens';
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

  it('answers 401 to a token without exp, without iat, or living longer than 12 hours, as API Gateway would', async () => {
    const key = await importJWK(keys.privateJwk, 'ES256');
    const base = () =>
      new SignJWT({ role: 'UM_NURSE' }).setProtectedHeader({ alg: 'ES256' }).setSubject('nurse-1').setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE);
    const now = Math.floor(Date.now() / 1000);
    const noExp = await base().setIssuedAt().sign(key);
    const noIat = await base().setExpirationTime('1h').sign(key);
    const tooLong = await signDevToken(keys, { sub: 'nurse-1', role: 'UM_NURSE' }, { expiresIn: '13h' });
    const backdated = await base().setIssuedAt(now - 13 * 3600).setExpirationTime(now + 3600).sign(key);
    for (const token of [noExp, noIat, tooLong, backdated]) {
      expect((await post({ query: LIST }, token)).status).toBe(401);
    }
    // The same claims with a lifetime within bounds pass: the refusals above are about exp/iat.
    const ok = await base().setIssuedAt().setExpirationTime('12h').sign(key);
    expect((await post({ query: LIST }, ok)).status).toBe(200);
  });

  it('serves Apollo’s landing page to a browser', async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<!DOCTYPE html>');
  });

  it('has no /dev/token unless the server is started with a minter (npm start, stage local)', async () => {
    const res = await fetch(new URL('/dev/token', url), { method: 'POST', body: '{"role":"UM_NURSE"}' });
    expect(res.status).toBe(404);
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

describe('local server with the explorer and development tokens (npm start, stage local)', () => {
  let local: Server;
  let base: string;
  beforeAll(async () => {
    local = createLocalServer({
      handler: api.handler,
      verify: createDevVerifier(keys),
      explorer: { html: '<!DOCTYPE html><title>explorer</title>', js: 'console.log(1)', css: 'body{}' },
      mintDevToken: (claims) => signDevToken(keys, claims),
    });
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => local.close(() => r())));

  const mint = (body: unknown) =>
    fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers a browser GET of /graphql with the explorer, and API calls as before', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<title>explorer</title>');
    const token = await signDevToken(keys, { sub: 'nurse-1', role: 'UM_NURSE' });
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: LIST }),
    });
    expect(res.status).toBe(200);
  });

  it('mints a token for the picked role that the API accepts, scoped to the provider id', async () => {
    const res = await mint({ role: 'PROVIDER', providerId: 'PRV-OTHER' });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const list = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: LIST }),
    });
    const body = (await list.json()) as { data: { cases: { edges: unknown[] } } };
    // Another provider's token does not see the demonstration case.
    expect(body.data.cases.edges).toEqual([]);
  });

  it('refuses an unknown role, a PROVIDER without provider id, and a caller that is not on localhost', async () => {
    expect((await mint({ role: 'ADMIN' })).status).toBe(400);
    expect((await mint({ role: 'PROVIDER' })).status).toBe(400);
    // fetch may not set Host; a DNS-rebound page would send its own name there.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/dev/token`, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"role":"UM_NURSE"}');
    });
    expect(rebound).toBe(403);
  });
});
