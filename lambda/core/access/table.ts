import type { UseCaseName } from '../errors/catalogue';
import { roles, type Role } from './roles';

/**
 * Who may do what, as data, beside the workflow table (lambda/core/workflow/table.ts):
 * - `useCaseRoles`: the roles that may run each use case at all (commands and reads). A use
 *   case missing here does not compile, so none ships without a decision about who may call it.
 *   The workflow table refines commands per status (e.g. a nurse may only approve).
 * - `caseScope`: which cases a role reaches (own-provider scope); a case out of scope reads
 *   like a missing one.
 * - `sensitiveFields`: the read model, fields holding PHI or reviewer-only material and who
 *   may read them; every other field is readable by whoever may read the record.
 */
const CASE_PARTIES = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const REVIEWERS = ['UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const ANALYSTS = ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const EVERYONE = roles;

export const useCaseRoles = {
  getCase: CASE_PARTIES,
  getDetermination: CASE_PARTIES,
  listCases: CASE_PARTIES,
  getPolicy: EVERYONE,
  listPolicies: EVERYONE,
  previewDetermination: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'POLICY_ADMIN'],
  determinationStats: ANALYSTS,
  priorAuthMetrics: ANALYSTS,
  // Providers submit their own cases; nurses may key in a request on a provider's behalf.
  submitCase: ['PROVIDER', 'UM_NURSE'],
  // A batch of submissions (the FHIR door's $submit): submitCase's roles, each request checked as submitCase checks it.
  submitCases: ['PROVIDER', 'UM_NURSE'],
  updateClinicalFacts: CASE_PARTIES,
  recordDecision: REVIEWERS,
  appealCase: ['PROVIDER'],
  extendDueDate: REVIEWERS,
  requestAdditionalInformation: REVIEWERS,
  // The case's own provider only (case scope); a nurse does not withdraw on a provider's behalf.
  withdrawCase: ['PROVIDER'],
  publishPolicy: ['POLICY_ADMIN'],
} as const satisfies Record<UseCaseName, readonly Role[]>;

/** OWN: only cases whose providerId is the actor's; ALL: every case; NONE: no case. */
export type CaseScope = 'OWN' | 'ALL' | 'NONE';
export const caseScope = {
  PROVIDER: 'OWN',
  UM_NURSE: 'ALL',
  PHYSICIAN_REVIEWER: 'ALL',
  ANALYST: 'NONE',
  POLICY_ADMIN: 'NONE',
} as const satisfies Record<Role, CaseScope>;

/** The read model: a field listed here is readable by these roles only (`Type.field`, as the SDL names it). */
export const sensitiveFields = {
  'Case.memberId': CASE_PARTIES,
  'Case.clinicalFacts': CASE_PARTIES,
  'Case.auditTrail': REVIEWERS,
  'Determination.report': CASE_PARTIES,
  // Every notice carries the member and the case's PHI; ANALYST reads none.
  'Case.notices': CASE_PARTIES,
  'CriterionResult.evidence': ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'POLICY_ADMIN'],
  'Appeal.reason': CASE_PARTIES,
  'DueDateExtension.reason': CASE_PARTIES,
  'Withdrawal.reason': CASE_PARTIES,
} as const satisfies Record<`${string}.${string}`, readonly Role[]>;

export type SensitiveField = keyof typeof sensitiveFields;
