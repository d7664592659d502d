/**
 * Issue 25 at the doors, class by class, through the handlers that run in AWS (and the local
 * server): malformed and over-deep JSON, security headers, unsupported operation types,
 * unbounded dates, invisible reasons, internal failures visible as 5xx, free-text operation
 * names kept out of the log.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../../lambda/handlers/graphql-app';
import { MAX_JSON_DEPTH } from '../../../lambda/handlers/http-edge';
import { apiEvent, graphqlEvent, lambdaContext, type Claims } from '../../../scripts/local/invoke';
import { createLocalServer } from '../../../scripts/local/http-server';
import { allItems, as, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';
import { captureLogs } from '../../support/log-capture';
import { createFhirTestApi, fhirEvent, type FhirTestApi } from '../fhir/support';

let api: FhirTestApi;
beforeAll(async () => {
  api = await createFhirTestApi({ now: () => new Date('2026-02-02T15:00:00.000Z') });
});

const PHI = 'MEMBER-PHI-99887766';
const NURSE = as.nurse();
const PROVIDER = as.provider('PRV-DEMO-001');

async function gqlRaw(body: string, claims: Claims | null = NURSE, handler: TestApi['handler'] = api.handler) {
  const res = (await handler(graphqlEvent(body, claims), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode ?? 200, headers: res.headers ?? {}, text: res.body ?? '', json: () => JSON.parse(res.body ?? 'null') };
}

async function fhirRaw(method: 'GET' | 'POST', path: string, body: string | undefined, claims: Claims | null = PROVIDER) {
  const res = (await api.fhir(fhirEvent(method, path, body, claims), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode ?? 200, headers: res.headers ?? {}, text: res.body ?? '', json: () => JSON.parse(res.body ?? 'null') };
}

const nested = (depth: number) => `{"query":"query { __typename }","variables":{"a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
const SECURITY = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

describe('malformed JSON on /graphql', () => {
  it('is a JSON 400 with a code and a correlation id, without a byte of the body, and one log line', async () => {
    const logs = captureLogs();
    try {
      const r = await gqlRaw(`{"query":"query { case(id: \\"${PHI}\\") { id } }"`);
      expect(r.status).toBe(400);
      expect(r.headers).toMatchObject({ 'content-type': 'application/json', ...SECURITY });
      const err = r.json().errors[0];
      expect(err.extensions).toEqual({ code: 'INVALID_JSON', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(r.text).not.toContain(PHI);
      expect(r.text).not.toContain('case(id');
      const line = logs.requests().find((l) => l.correlationId === err.extensions.correlationId);
      expect(line).toMatchObject({ httpStatus: 400, errorCodes: ['INVALID_JSON'] });
      expect(logs.text()).not.toContain(PHI);
    } finally {
      logs.stop();
    }
  });

  it(`refuses 20,000 nested objects before parsing (JSON_TOO_DEEP, 400, not a stack overflow), and accepts ${MAX_JSON_DEPTH} levels`, async () => {
    const deep = await gqlRaw(nested(20_000));
    expect(deep.status).toBe(400);
    expect(deep.json().errors[0].extensions.code).toBe('JSON_TOO_DEEP');
    const ok = await gqlRaw(nested(MAX_JSON_DEPTH - 3));
    expect(ok.json().errors?.[0]?.extensions?.code).not.toBe('JSON_TOO_DEEP');
  });

  it('refuses malformed JSON in a GET request’s variables the same way', async () => {
    const event = apiEvent({ method: 'GET', path: '/graphql', headers: { 'apollo-require-preflight': 'true' }, body: undefined, claims: NURSE, query: { query: 'query Q($x: ID!) { case(id: $x) { id } }', variables: `{"x":"${PHI}"` } });
    const res = (await api.handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).errors[0].extensions.code).toBe('INVALID_JSON');
    expect(res.body).not.toContain(PHI);
  });
});

describe('malformed JSON on /fhir/*', () => {
  it('is an OperationOutcome (application/fhir+json) with the correlation id, without the body, and a log line', async () => {
    const logs = captureLogs();
    try {
      const r = await fhirRaw('POST', '/fhir/Claim/$submit', `{"resourceType":"Bundle","id":"${PHI}"`);
      expect(r.status).toBe(400);
      expect(r.headers).toMatchObject({ 'content-type': 'application/fhir+json', ...SECURITY, 'x-correlation-id': expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const outcome = r.json();
      expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure' }] });
      expect(outcome.issue[0].diagnostics).toContain(r.headers['x-correlation-id']);
      expect(r.text).not.toContain(PHI);
      expect(logs.records().find((l) => l.message === 'fhir request' && l.correlationId === r.headers['x-correlation-id'])).toMatchObject({ httpStatus: 400 });
      expect(logs.text()).not.toContain(PHI);
    } finally {
      logs.stop();
    }
  });

  it('refuses 20,000 nested objects as an OperationOutcome (400, not 500)', async () => {
    const deep = `{"resourceType":"Bundle","entry":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const r = await fhirRaw('POST', '/fhir/Claim/$submit', deep);
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'structure', diagnostics: expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels`) }] });
    expect(await api.itemCount()).toBeGreaterThanOrEqual(0);
  });
});

describe('Cache-Control: no-store and X-Content-Type-Options: nosniff on every answer', () => {
  it('of the GraphQL door: success, 401, 413, a GraphQL error', async () => {
    for (const r of [
      await gqlRaw(JSON.stringify({ query: '{ __typename }' })),
      await gqlRaw(JSON.stringify({ query: '{ __typename }' }), null),
      await gqlRaw(JSON.stringify({ query: `{ __typename }`, variables: { x: 'x'.repeat(1_100_000) } })),
      await gqlRaw(JSON.stringify({ query: '{ nope }' })),
    ]) {
      expect(r.headers).toMatchObject(SECURITY);
    }
  });

  it('of the FHIR door: metadata, 401, an unknown route', async () => {
    for (const r of [await fhirRaw('GET', '/fhir/metadata', undefined), await fhirRaw('GET', '/fhir/metadata', undefined, null), await fhirRaw('GET', '/fhir/Patient/1', undefined)]) {
      expect(r.headers).toMatchObject(SECURITY);
    }
  });

  describe('of the local server', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createLocalServer({ handler: api.handler, fhirHandler: api.fhir, verify: async () => ({ ok: true as const, claims: { sub: 'nurse-1', role: 'UM_NURSE' } }) });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('its own 404 and 413, and the doors’ answers it relays', async () => {
      const answers = [
        await fetch(`${base}/nowhere`),
        await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1_100_000) }),
        await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{"query":' }),
        await fetch(`${base}/fhir/metadata`, { headers: { authorization: 'Bearer t' } }),
      ];
      for (const a of answers) {
        expect(a.headers.get('cache-control')).toBe('no-store');
        expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      }
      expect(answers[2]!.status).toBe(400);
      expect(answers[2]!.headers.get('content-type')).toBe('application/json');
      expect(((await answers[2]!.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('INVALID_JSON');
    });
  });
});

describe('operation types and dates', () => {
  it('answers `subscription { x }` with a clear 400, not an internal error', async () => {
    const r = await gqlRaw(JSON.stringify({ query: 'subscription { x }' }));
    expect(r.status).toBe(400);
    const err = r.json().errors[0];
    expect(err.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(err.message).toMatch(/subscription operations are not supported/);
  });

  it('refuses plannedServiceDate 9999-12-31 (an authorization ending in +010000 before) and stores nothing', async () => {
    const before = await allItems(api);
    const res = await api.gql(PROVIDER, SUBMIT, { input: submitInput({ plannedServiceDate: '9999-12-31' }) });
    expect(res.body.data.submitCase.userErrors).toEqual([expect.objectContaining({ code: 'OUT_OF_RANGE', field: ['input', 'plannedServiceDate'] })]);
    expect(await allItems(api)).toEqual(before);
    const within = await api.gql(PROVIDER, SUBMIT, { input: submitInput({ plannedServiceDate: '2027-12-31' }) });
    expect(within.body.data.submitCase.userErrors).toEqual([]);
  });
});

describe('invisible reasons', () => {
  const WITHDRAW = 'mutation W($input: WithdrawCaseInput!) { withdrawCase(input: $input) { case { status } userErrors { code field } } }';
  it.each([
    ['U+3164 HANGUL FILLER', '\u3164'],
    ['U+115F U+1160 (Hangul choseong and jungseong fillers)', '\u115F\u1160'],
    ['U+FFA0 HALFWIDTH HANGUL FILLER', '\uFFA0\uFFA0'],
    ['zero-width characters', '\u200B\u2060\uFEFF'],
  ])('a withdrawal reason of %s is REASON_REQUIRED', async (_name, reason) => {
    const s = await api.gql(PROVIDER, SUBMIT, { input: submitInput() });
    const c = s.body.data.submitCase.case as { id: string; version: number };
    const res = await api.gql(PROVIDER, WITHDRAW, { input: { caseId: c.id, expectedVersion: c.version, reason } });
    expect(res.body.data.withdrawCase.userErrors).toEqual([{ code: 'REASON_REQUIRED', field: ['input', 'reason'] }]);
  });
});

describe('internal failures are 5xx whatever the door', () => {
  it('GraphQL with DynamoDB unreachable answers HTTP 500 (INTERNAL_SERVER_ERROR), so the API 5xx alarm sees it', async () => {
    const down = createHandler({ tableName: 'no-table', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', stage: 'dev', roleClaim: 'role', providerClaim: 'providerId' });
    const r = await gqlRaw(JSON.stringify({ query: 'query { case(id: "00000000-0000-4000-8000-000000000000") { id } }' }), NURSE, down);
    expect(r.status).toBe(500);
    expect(r.json().errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(r.headers).toMatchObject({ 'content-type': expect.stringMatching(/^application\/json/), ...SECURITY });
  });
});

describe('operationName in the request log', () => {
  it('is logged when it reads like a name, and dropped when it carries digits or other free text', async () => {
    const logs = captureLogs();
    try {
      await api.gql(NURSE, 'query CaseList { __typename }');
      await api.gql(NURSE, 'query Member12345678901 { __typename }');
      // Absent (null fields are not written) for the second.
      const names = logs.requests().map((l) => l.operationName ?? null);
      expect(names).toEqual(['CaseList', null]);
      expect(logs.text()).not.toContain('12345678901');
    } finally {
      logs.stop();
    }
  });
});
