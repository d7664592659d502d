import { errors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import { DEV_ALG, DEV_AUDIENCE, DEV_ISSUER, MAX_TOKEN_LIFETIME_SECONDS, type DevKeys } from './dev-jwt.mjs';

export { DEV_AUDIENCE, DEV_ISSUER, loadOrCreateDevKeys, signDevToken, type DevKeys } from './dev-jwt.mjs';

/** A verified token's claims, or why it was refused (never the token itself). */
export type TokenCheck = { ok: true; claims: JWTPayload } | { ok: false; reason: string };

/**
 * Verifies like API Gateway's JWT authorizer: signature, issuer, audience, and an `exp`
 * that must be present and not past; `iat` is required too, and a lifetime (exp - iat)
 * over MAX_TOKEN_LIFETIME_SECONDS is refused, so no token is valid forever.
 */
export function createDevVerifier(keys: DevKeys) {
  const keyPromise = importJWK(keys.publicJwk, DEV_ALG);
  return async (token: string): Promise<TokenCheck> => {
    try {
      const { payload } = await jwtVerify(token, await keyPromise, {
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        algorithms: [DEV_ALG],
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      });
      const { exp, iat } = payload;
      if (exp === undefined || iat === undefined || exp - iat > MAX_TOKEN_LIFETIME_SECONDS) {
        return { ok: false, reason: `lifetime (exp - iat) over ${MAX_TOKEN_LIFETIME_SECONDS} s` };
      }
      return { ok: true, claims: payload };
    } catch (err) {
      return { ok: false, reason: refusalReason(err) };
    }
  };
}

/** Why jose refused a token, in words a newcomer can act on; jose's messages quote no token contents. */
function refusalReason(err: unknown): string {
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return "signature does not match this server's key (a token minted with another DATA_DIR?)";
  }
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim "${err.claim}" failed: ${err.reason}`;
  if (err instanceof errors.JOSEError) return `not a valid token (${err.code})`;
  return 'not a valid token';
}
