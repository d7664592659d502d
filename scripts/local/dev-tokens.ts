import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';

/** Local stand-ins for the issuer and audience the API Gateway JWT authorizer checks in AWS. */
export const DEV_ISSUER = 'urn:medical-necessity:local-dev';
export const DEV_AUDIENCE = 'medical-necessity-api';
const ALG = 'ES256';

export type DevKeys = { privateJwk: JWK; publicJwk: JWK };

/** The development signing key, generated under .data/ on first use. */
export async function loadOrCreateDevKeys(path: string): Promise<DevKeys> {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DevKeys;
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const keys: DevKeys = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export type TokenClaims = { sub: string; role: string; providerId?: string | undefined };

export async function signDevToken(keys: DevKeys, claims: TokenClaims, opts: { expiresIn?: string | number; audience?: string; issuer?: string } = {}): Promise<string> {
  const key = await importJWK(keys.privateJwk, ALG);
  const payload: JWTPayload = { role: claims.role, ...(claims.providerId ? { providerId: claims.providerId } : {}) };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer ?? DEV_ISSUER)
    .setAudience(opts.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '12h')
    .sign(key);
}

/** Verifies like API Gateway's JWT authorizer: signature, issuer, audience, expiry. */
export function createDevVerifier(keys: DevKeys) {
  const keyPromise = importJWK(keys.publicJwk, ALG);
  return async (token: string): Promise<JWTPayload | null> => {
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        algorithms: [ALG],
      });
      return payload;
    } catch {
      return null;
    }
  };
}
