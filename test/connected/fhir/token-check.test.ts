// The FHIR function's own bearer-token check (lambda/auth/verify-jwt.ts): in AWS its routes
// have no API Gateway authorizer, so events arrive WITHOUT authorizer claims and the function
// verifies the token against the issuer's JWKS (served here on 127.0.0.1), answering 401 with an
// OperationOutcome (application/fhir+json) when it cannot.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirHandler, type FhirAppHandler } from '../../../lambda/handlers/fhir-app';
import { loadConfig } from '../../../lambda/handlers/config';
import { lambdaContext } from '../../../scripts/local/invoke';
import { as } from '../../support/api';
import { createFhirTestApi, EXAMPLE_DAY, fhirEvent, REFERENCE_NPI, type FhirTestApi } from './support';

const ISSUER = 'https://idp.test.example/pool-1';
const AUDIENCE = 'portal-client';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let server: Server;
let jwksUrl: string;
let key: Key;
let otherKey: Key;
let api: FhirTestApi;
let fhir: FhirAppHandler;
let jwksRequests = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    jwksRequests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  api = await createFhirTestApi();
  fhir = createFhirHandler({
    tableName: api.tableName,
    endpoint: api.endpoint,
    region: 'us-east-1',
    stage: 'dev',
    roleClaim: 'role',
    providerClaim: 'providerId',
    now: () => EXAMPLE_DAY,
    jwt: { jwksUrl, issuer: ISSUER, audience: [AUDIENCE] },
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

/** A token signed by `signer` (the issuer's key unless told), valid for an hour from now unless overridden. */
async function token(claims: JWTPayload, opts: { signer?: Key; issuer?: string; audience?: string | null; expiresIn?: string | number | null } = {}): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt().setIssuer(opts.issuer ?? ISSUER);
  if (opts.audience !== null) jwt = jwt.setAudience(opts.audience ?? AUDIENCE);
  if (opts.expiresIn !== null) jwt = jwt.setExpirationTime(opts.expiresIn ?? '1h');
  return jwt.sign(opts.signer ?? key);
}

async function call(handler: FhirAppHandler, method: 'GET' | 'POST', path: string, bearer?: string) {
  const res = await handler(fhirEvent(method, path, undefined, null, bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }), lambdaContext());
  if (typeof res === 'string') throw new Error('structured result expected');
  return { status: res.statusCode, contentType: res.headers?.['content-type'], body: res.body ? JSON.parse(res.body) : undefined };
}

const QUESTIONNAIRE = '/fhir/Questionnaire/sij-fusion-v1';
const provider = as.provider(REFERENCE_NPI);

function expectUnauthorized(res: Awaited<ReturnType<typeof call>>, why: string) {
  expect(res.status, why).toBe(401);
  expect(res.contentType, why).toBe('application/fhir+json');
  expect(res.body, why).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
}

describe('FHIR door without an API Gateway authorizer: the function verifies the bearer token', () => {
  it('publishes the CapabilityStatement without a token', async () => {
    const res = await call(fhir, 'GET', '/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.body.resourceType).toBe('CapabilityStatement');
  });

  it('serves a valid token\'s caller: the Questionnaire read and $inquire run', async () => {
    const good = await token(provider);
    const res = await call(fhir, 'GET', QUESTIONNAIRE, good);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Questionnaire', id: 'sij-fusion-v1' });
    // A Cognito access token: no `aud`, the audience in `client_id` (as API Gateway accepts it).
    const access = await token({ ...provider, client_id: AUDIENCE }, { audience: null });
    expect((await call(fhir, 'GET', QUESTIONNAIRE, access)).status).toBe(200);
    // The JWKS was fetched once and cached by jose.
    expect(jwksRequests).toBe(1);
  });

  it('answers 401 with an OperationOutcome for no token, a forged, expired, wrong-audience, wrong-issuer or exp-less token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['not a JWT', 'not-a-token'],
      ['signed by another key', await token(provider, { signer: otherKey })],
      ['expired', await token(provider, { expiresIn: now - 120 })],
      ['wrong audience', await token(provider, { audience: 'another-client' })],
      ['wrong audience in client_id', await token({ ...provider, client_id: 'another-client' }, { audience: null })],
      ['wrong issuer', await token(provider, { issuer: 'https://evil.example/pool-1' })],
      ['no exp', await token(provider, { expiresIn: null })],
      ['valid but no role', await token({ sub: 'someone' })],
    ];
    for (const [why, bearer] of cases) {
      expectUnauthorized(await call(fhir, 'GET', QUESTIONNAIRE, bearer), why);
      expectUnauthorized(await call(fhir, 'POST', '/fhir/Claim/$inquire', bearer), `${why} ($inquire)`);
    }
  });

  it('fails closed: a function without issuer/audience configuration accepts no token', async () => {
    const config = loadConfig({ TABLE_NAME: api.tableName, JWT_ISSUER: ISSUER });
    expect(config.jwt).toBeNull();
    const unconfigured = createFhirHandler({ ...config, endpoint: api.endpoint, region: 'us-east-1', now: () => EXAMPLE_DAY });
    expectUnauthorized(await call(unconfigured, 'GET', QUESTIONNAIRE, await token(provider)), 'no verifier configured');
    expect((await call(unconfigured, 'GET', '/fhir/metadata')).status).toBe(200);
  });

  it('reads the verifier configuration from the environment, the JWKS defaulting to the issuer\'s well-known path', () => {
    expect(loadConfig({ TABLE_NAME: 't', JWT_ISSUER: `${ISSUER}/`, JWT_AUDIENCE: 'a, b' }).jwt).toEqual({
      issuer: `${ISSUER}/`,
      audience: ['a', 'b'],
      jwksUrl: `${ISSUER}/.well-known/jwks.json`,
    });
    expect(loadConfig({ TABLE_NAME: 't', JWT_ISSUER: ISSUER, JWT_AUDIENCE: 'a', JWT_JWKS_URL: 'https://keys.example/jwks' }).jwt?.jwksUrl).toBe('https://keys.example/jwks');
  });
});
