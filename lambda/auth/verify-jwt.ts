import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/** Where the FHIR function finds the issuer's keys, and what a token must say to be accepted. */
export type JwtVerifierConfig = {
  /** The issuer's JWKS (Cognito: `<issuer>/.well-known/jwks.json`). */
  jwksUrl: string;
  /** Compared exactly with `iss`, as API Gateway's JWT authorizer does. */
  issuer: string;
  /** `aud` (ID tokens) or, when there is no `aud`, `client_id` (Cognito access tokens) must be one of these. */
  audience: readonly string[];
};

/** Verifies a bearer token: the claims, or null (the reason only for the log line, never the token). */
export type VerifyJwt = (token: string) => Promise<{ ok: true; claims: JWTPayload } | { ok: false; reason: string }>;

// API Gateway's JWT authorizer accepts RSA signatures only; so does this.
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/**
 * The FHIR function's own check of the bearer token, mirroring the HTTP API JWT authorizer
 * (its routes have none, so that a 401 is an OperationOutcome, not API Gateway's fixed body):
 * signature by a key of the issuer's JWKS, `iss` exactly, `exp` required and not past, `nbf`/`iat`
 * not in the future, and the audience in `aud` or else in `client_id`. The JWKS is fetched on the
 * first token and cached by jose.
 */
export function createJwtVerifier(config: JwtVerifierConfig): VerifyJwt {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 3000 });
  const audience = new Set(config.audience);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: config.issuer, algorithms: ALGORITHMS, requiredClaims: ['exp'] });
      const aud = payload.aud;
      const audiences = aud === undefined ? [payload.client_id] : Array.isArray(aud) ? aud : [aud];
      if (!audiences.some((a) => typeof a === 'string' && audience.has(a))) return { ok: false, reason: 'audience not accepted' };
      return { ok: true, claims: payload };
    } catch (e) {
      // jose's error code says why (expired, bad signature, no matching key); an unexpected error its name.
      return { ok: false, reason: e instanceof errors.JOSEError ? e.code : e instanceof Error ? e.name : 'unknown' };
    }
  };
}

/** The token of an `Authorization: Bearer <token>` header (any case), or null. */
export function bearerToken(headers: Record<string, string | undefined> | undefined): string | null {
  if (!headers) return null;
  const value = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const m = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m ? m[1]! : null;
}
