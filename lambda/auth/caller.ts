
import { roles, type Actor, type Role } from '../core/access/roles';
import { caseScope } from '../core/access/table';

// The roles are the core's (lambda/core/access/roles.ts); re-exported for the token tools.
export { roles, type Role };

/** Who is calling, from the verified JWT claims: the core's actor. What it may do is the core's decision. */
export type Caller = Actor;

/** Claim names; npi and specialty default to `npi` and `specialty` (config NPI_CLAIM, SPECIALTY_CLAIM). */
export type ClaimsMapping = { roleClaim: string; providerClaim: string; npiClaim?: string | undefined; specialtyClaim?: string | undefined };

// An NPI is 10 digits; a specialty a short label (e.g. "Orthopaedic Surgery"). Anything else is ignored.
const NPI = /^\d{10}$/;
const textClaim = (v: unknown, max: number) => (typeof v === 'string' && v.trim().length > 0 && v.length <= max ? v.trim() : null);

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
  // A role scoped to its own cases needs the provider it speaks for.
  if (caseScope[role] === 'OWN' && !providerId) return null;
  const npi = textClaim(claims[mapping.npiClaim ?? 'npi'], 10);
  const specialty = textClaim(claims[mapping.specialtyClaim ?? 'specialty'], 128);
  return { sub, role, providerId, ...(npi && NPI.test(npi) ? { npi } : {}), ...(specialty ? { specialty } : {}) };
}

function listClaim(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v !== 'string') return [];
  const s = v.trim();
  if (s.startsWith('[') && s.endsWith(']')) return s.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  return [s];
}
