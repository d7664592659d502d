import { roles, type Role } from './caller';

/**
 * Who may do what, in one declarative table (role × operation, role × sensitive field).
 * Enforced in one layer (lambda/auth/enforce.ts) that wraps the resolvers; resolvers
 * themselves only apply row scoping through `canSeeCase`.
 */
const CASE_READERS = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const REVIEWERS = ['UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const EVERYONE = roles;

export const operationRoles = {
  'Query.case': CASE_READERS,
  'Query.cases': CASE_READERS,
  'Query.determination': CASE_READERS,
  'Query.policy': EVERYONE,
  'Query.policies': EVERYONE,
  'Query.previewDetermination': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'POLICY_ADMIN'],
  'Query.determinationStats': ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  'Query.priorAuthMetrics': ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  // Providers submit their own cases; nurses may key in a request on a provider's behalf.
  'Mutation.submitCase': ['PROVIDER', 'UM_NURSE'],
  'Mutation.updateClinicalFacts': CASE_READERS,
  // The workflow refines these: a nurse may only approve (lambda/domain/workflow.ts).
  'Mutation.recordDecision': REVIEWERS,
  'Mutation.appealCase': ['PROVIDER'],
  'Mutation.extendDueDate': REVIEWERS,
  'Mutation.requestAdditionalInformation': REVIEWERS,
  // The case's own provider only (row scoping); a nurse does not withdraw on a provider's behalf.
  'Mutation.withdrawCase': ['PROVIDER'],
  'Mutation.publishPolicy': ['POLICY_ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof operationRoles;

/** Fields holding PHI or reviewer-only material, and who may read them. */
export const sensitiveFieldRoles = {
  'Case.memberId': CASE_READERS,
  'Case.clinicalFacts': CASE_READERS,
  'Case.auditTrail': REVIEWERS,
  'Determination.report': CASE_READERS,
  'Case.notices': CASE_READERS,
  'CriterionResult.evidence': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'POLICY_ADMIN'],
  'Appeal.reason': CASE_READERS,
  'DueDateExtension.reason': CASE_READERS,
  'Withdrawal.reason': CASE_READERS,
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
