import { importJWK, jwtVerify, type JWTPayload } from 'jose';
import { DEV_ALG, DEV_AUDIENCE, DEV_ISSUER, MAX_TOKEN_LIFETIME_SECONDS, type DevKeys } from './dev-jwt.mjs';

export { DEV_AUDIENCE, DEV_ISSUER, MAX_TOKEN_LIFETIME_SECONDS, loadOrCreateDevKeys, signDevToken, type DevKeys, type TokenClaims } from './dev-jwt.mjs';

/**
 * Verifies like API Gateway's JWT authorizer: signature, issuer, audience, and an `exp`
 * that must be present and not past; `iat` is required too, and a lifetime (exp - iat)
 * over MAX_TOKEN_LIFETIME_SECONDS is refused, so no token is valid forever.
 */
export function createDevVerifier(keys: DevKeys) {
  const keyPromise = importJWK(keys.publicJwk, DEV_ALG);
  return async (token: string): Promise<JWTPayload | null> => {
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        algorithms: [DEV_ALG],
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      });
      const { exp, iat } = payload;
      if (exp === undefined || iat === undefined || exp - iat > MAX_TOKEN_LIFETIME_SECONDS) return null;
      return payload;
    } catch {
      return null;
    }
  };
}
