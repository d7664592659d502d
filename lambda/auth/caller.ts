
export const roles = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'ANALYST', 'POLICY_ADMIN'] as const;
export type Role = (typeof roles)[number];

/** Who is calling, from the verified JWT claims. */
export type Caller = { sub: string; role: Role; providerId: string | null };

export type ClaimsMapping = { roleClaim: string; providerClaim: string };

/**
 * Reads the caller from API Gateway's `requestContext.authorizer.jwt.claims`.
 * API Gateway flattens array claims to strings like "[A B]" (Cognito groups), so
 * both the array and the flattened form are accepted. Returns null when the claims
 * do not identify a caller with exactly one known role.
 */
export function callerFromClaims(claims: Record<string, unknown> | undefined, mapping: ClaimsMapping): Caller | null {
  if (!claims) return null;
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256) return null;
  const roleValues = listClaim(claims[mapping.roleClaim]).filter((r): r is Role => (roles as readonly string[]).includes(r));
  if (roleValues.length !== 1) return null;
  const role = roleValues[0]!;
  const provider = claims[mapping.providerClaim];
  const providerId = typeof provider === 'string' && provider.length > 0 && provider.length <= 64 ? provider : null;
  if (role === 'PROVIDER' && !providerId) return null;
  return { sub, role, providerId };
}

function listClaim(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v !== 'string') return [];
  const s = v.trim();
  if (s.startsWith('[') && s.endsWith(']')) return s.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  return [s];
}
