import { z } from 'zod';

/** Case statuses (contract). */
export const caseStatuses = [
  'PENDING_INFORMATION',
  'PENDING_PHYSICIAN_REVIEW',
  'APPROVED',
  'PARTIALLY_APPROVED',
  'DENIED',
  'APPEAL_PENDING',
  'APPROVED_ON_APPEAL',
  'DENIAL_UPHELD',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const urgencies = ['STANDARD', 'EXPEDITED'] as const;
export type Urgency = (typeof urgencies)[number];

export const careSettings = ['INPATIENT', 'OBSERVATION', 'OUTPATIENT'] as const;
export type CareSetting = (typeof careSettings)[number];

/** A case as stored and as resolvers receive it (the GraphQL `Case` mapper). */
export type CaseRecord = {
  id: string;
  version: number;
  status: CaseStatus;
  urgency: Urgency;
  memberId: string;
  providerId: string;
  requestedService: { cptCode: string; icd10Codes: string[]; description: string | null };
  requestedLevelOfCare: { setting: CareSetting; inpatientDays: number };
  clinicalFacts: Record<string, unknown>;
  receivedAt: string;
  dueAt: string;
  decidedAt: string | null;
  idempotencyKey: string;
};

const HOUR = 3_600_000;

/** CMS-0057-F decision timeframes: 72 hours expedited, 7 calendar days standard. */
export function dueAtFor(urgency: Urgency, receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + (urgency === 'EXPEDITED' ? 72 : 7 * 24) * HOUR);
}
