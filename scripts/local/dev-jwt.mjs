// Development tokens, in plain JavaScript so that `npm run token` starts in a few hundred
// milliseconds (no TypeScript compile). Types: ./dev-jwt.d.mts. The local server's
// verifier (./dev-tokens.ts) and the explorer's POST /dev/token use the same functions.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';

/** Local stand-ins for the issuer and audience the API Gateway JWT authorizer checks in AWS. */
export const DEV_ISSUER = 'urn:medical-necessity:local-dev';
export const DEV_AUDIENCE = 'medical-necessity-api';
export const DEV_ALG = 'ES256';
/** The longest lifetime (exp - iat) the local verifier accepts, in seconds, and the default. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
/** The roles of lambda/auth/caller.ts (test/connected/local-server/token-cli.test.ts keeps them equal). */
export const DEV_ROLES = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'ANALYST', 'POLICY_ADMIN'];

/** Where `npm start` keeps its data: DATA_DIR, else .data/ in the current directory. */
export function dataDir(env = process.env) {
  return resolve(env.DATA_DIR || '.data');
}

export function devKeyPath(env = process.env) {
  return join(dataDir(env), 'dev-signing-key.json');
}

/** The development signing key, generated on first use. */
export async function loadOrCreateDevKeys(path) {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALG, { extractable: true });
  const keys = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export async function signDevToken(keys, claims, opts = {}) {
  const key = await importJWK(keys.privateJwk, DEV_ALG);
  const payload = { role: claims.role, ...(claims.providerId ? { providerId: claims.providerId } : {}) };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: DEV_ALG })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer ?? DEV_ISSUER)
    .setAudience(opts.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '12h')
    .sign(key);
}
