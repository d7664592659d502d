// The local server (npm start) routes /fhir/* to the FHIR handler, behind the same token check.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevVerifier, loadOrCreateDevKeys, signDevToken, type DevKeys } from '../../../scripts/local/dev-tokens';
import { createLocalServer } from '../../../scripts/local/http-server';
import { createFhirTestApi, pasBundle, REFERENCE_NPI, type FhirTestApi } from './support';

let api: FhirTestApi;
let server: Server;
let base: string;
let keys: DevKeys;

beforeAll(async () => {
  api = await createFhirTestApi();
  keys = await loadOrCreateDevKeys(join(mkdtempSync(join(tmpdir(), 'keys-')), 'dev-signing-key.json'));
  server = createLocalServer({ handler: api.handler, fhirHandler: api.fhir, verify: createDevVerifier(keys) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('local server: the FHIR door over HTTP', () => {
  it('serves metadata, $submit and the Questionnaire with a token, and refuses without one (metadata and unknown routes excepted, as in AWS)', async () => {
    const token = await signDevToken(keys, { sub: 'prov-1', role: 'PROVIDER', providerId: REFERENCE_NPI });
    const auth = { authorization: `Bearer ${token}` };
    const meta = await fetch(`${base}/fhir/metadata`, { headers: auth });
    expect(meta.status).toBe(200);
    expect(meta.headers.get('content-type')).toBe('application/fhir+json');
    expect(((await meta.json()) as any).resourceType).toBe('CapabilityStatement');

    const submit = await fetch(`${base}/fhir/Claim/$submit`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      body: JSON.stringify(pasBundle('pas-request-27279.json')),
    });
    expect(submit.status).toBe(200);
    expect(((await submit.json()) as any).entry[0].resource.resourceType).toBe('ClaimResponse');

    const q = await fetch(`${base}/fhir/Questionnaire/sij-fusion-v1`, { headers: auth });
    expect(((await q.json()) as any).id).toBe('sij-fusion-v1');

    // As in AWS: the CapabilityStatement is public; an unknown FHIR route reaches the function (404 OperationOutcome).
    const open = await fetch(`${base}/fhir/metadata`);
    expect(open.status).toBe(200);
    expect(((await open.json()) as any).resourceType).toBe('CapabilityStatement');
    const unknown = await fetch(`${base}/fhir/Patient/1`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/fhir+json');
    expect(((await unknown.json()) as any).resourceType).toBe('OperationOutcome');
    // No token, or a refused one: 401 with an OperationOutcome from the function (API Gateway's own body never).
    for (const headers of [{}, { authorization: 'Bearer forged' }] as Record<string, string>[]) {
      const refused = await fetch(`${base}/fhir/Questionnaire/sij-fusion-v1`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/fhir+json');
      expect(((await refused.json()) as any).resourceType).toBe('OperationOutcome');
    }
    // GraphQL is still where it was.
    const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ policies { id } }' }) });
    expect(gql.status).toBe(200);
  });
});
