import type { Role } from './caller';

/**
 * Who may do what, in one declarative table (role × operation, role × sensitive field).
 * Enforced in one layer (lambda/auth/enforce.ts) that wraps the resolvers; resolvers
 * themselves only apply row scoping through `canSeeCase`.
 */
export const operationRoles = {
  'Query.case': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  'Query.cases': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  'Mutation.submitCase': ['PROVIDER', 'UM_NURSE'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof operationRoles;

/** Fields holding PHI or reviewer-only material, and who may read them. */
export const sensitiveFieldRoles = {
  'Case.memberId': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  'Case.clinicalFacts': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
} as const satisfies Record<string, readonly Role[]>;

export type SensitiveField = keyof typeof sensitiveFieldRoles;

export function mayPerform(role: Role, operation: Operation): boolean {
  return (operationRoles[operation] as readonly Role[]).includes(role);
}

export function mayRead(role: Role, field: SensitiveField): boolean {
  return (sensitiveFieldRoles[field] as readonly Role[]).includes(role);
}

/** Row scoping: a provider sees only its own cases; reviewers see all. */
export function canSeeCase(caller: { role: Role; providerId: string | null }, c: { providerId: string }): boolean {
  if (caller.role === 'PROVIDER') return caller.providerId === c.providerId;
  return caller.role === 'UM_NURSE' || caller.role === 'PHYSICIAN_REVIEWER';
}
