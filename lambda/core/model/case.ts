import { CARE_SETTINGS, CRITERION_STATUSES, type CareSetting, type Decision } from '../../engine/types';
import type { AuthorizationRecord, InformationRequestRecord } from './decision-records';

/** Case statuses (contract). */
export const caseStatuses = [
  'PENDING_INFORMATION',
  'PENDING_PHYSICIAN_REVIEW',
  'APPROVED',
  'PARTIALLY_APPROVED',
  'DENIED',
  'APPEAL_PENDING',
  'APPROVED_ON_APPEAL',
  'PARTIALLY_APPROVED_ON_APPEAL',
  'DENIAL_UPHELD',
  'WITHDRAWN',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const urgencies = ['STANDARD', 'EXPEDITED'] as const;
export type Urgency = (typeof urgencies)[number];

/** The plan's line of business the member is covered under (contract); sets appeal rights and notice statements. */
export const linesOfBusiness = ['COMMERCIAL', 'MEDICARE_ADVANTAGE', 'MEDICAID', 'EXCHANGE'] as const;
export type LineOfBusiness = (typeof linesOfBusiness)[number];
/** A case submitted without one, and a case stored before lines of business existed. */
export const DEFAULT_LINE_OF_BUSINESS: LineOfBusiness = 'COMMERCIAL';

// Care settings and criterion statuses are the engine's (it evaluates them); one definition each.
export const careSettings = CARE_SETTINGS;
export type { CareSetting };
export const criterionStatuses = CRITERION_STATUSES;

/** A reviewer's decision (contract `Decision`). */
export const decisions = ['APPROVED', 'PARTIALLY_APPROVED', 'DENIED'] as const satisfies readonly Decision[];
export type { Decision };

/** A case as stored and as resolvers receive it (the GraphQL `Case` mapper). */
export type CaseRecord = {
  id: string;
  version: number;
  status: CaseStatus;
  urgency: Urgency;
  /** COMMERCIAL when not given (and for items stored before it existed). */
  lineOfBusiness: LineOfBusiness;
  memberId: string;
  providerId: string;
  requestedService: { cptCode: string; icd10Codes: string[]; description: string | null };
  requestedLevelOfCare: { setting: CareSetting; inpatientDays: number };
  clinicalFacts: Record<string, unknown>;
  receivedAt: string;
  dueAt: string;
  decidedAt: string | null;
  idempotencyKey: string;
  /** The policy version pinned at submission; re-evaluations use it too. */
  policyId: string;
  policyVersion: number;
  /** Number of determinations; the latest is the current one. */
  determinationCount: number;
  /** Criterion statuses of the latest ENGINE determination (drives the analytics counters). */
  engineCriteria: Record<string, string>;
  /** Approved by the engine without human review. */
  automaticApproval: boolean;
  /** Who made the first decision (sub), or ENGINE. */
  decidedBy: string | null;
  /** The physician who made the adverse decision, who may not decide its appeal. */
  adverseDecisionBy: string | null;
  /** That physician's NPI, when their token carried one: an appeal's physician must have another. */
  adverseDecisionNpi: string | null;
  appeal: AppealRecord | null;
  extension: ExtensionRecord | null;
  /** The day the provider plans to perform the service (YYYY-MM-DD), when given: an authorization starts no earlier. */
  plannedServiceDate: string | null;
  /** The current authorization: set by every certifying determination (A1, A2, A6). */
  authorization: AuthorizationRecord | null;
  /** The open request for information; cleared when answered (updated facts), decided or withdrawn. */
  informationRequest: InformationRequestRecord | null;
  /** Set when the provider withdrew the case (status WITHDRAWN, final). */
  withdrawal: WithdrawalRecord | null;
  updatedAt: string;
};

export type WithdrawalRecord = { reason: string; withdrawnAt: string; withdrawnBy: string };

export type AppealRecord = {
  reason: string;
  filedAt: string;
  filedBy: string;
  dueAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
};

export type ExtensionRecord = {
  days: number;
  reason: string;
  extendedBy: string;
  extendedAt: string;
  previousDueAt: string;
};

/** The due date work queues order by: the appeal's while an appeal is pending. */
export function queueDueAt(c: Pick<CaseRecord, 'status' | 'dueAt' | 'appeal'>): string {
  return c.status === 'APPEAL_PENDING' && c.appeal ? c.appeal.dueAt : c.dueAt;
}

const HOUR = 3_600_000;

/** Appeal timeframes: 72 hours expedited, 30 days standard. */
export function appealDueAtFor(urgency: Urgency, filedAt: Date): Date {
  return new Date(filedAt.getTime() + (urgency === 'EXPEDITED' ? 72 : 30 * 24) * HOUR);
}

/** CMS-0057-F decision timeframes: 72 hours expedited, 7 calendar days standard. */
export function dueAtFor(urgency: Urgency, receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + (urgency === 'EXPEDITED' ? 72 : 7 * 24) * HOUR);
}
