import type { Role } from '../access/roles';
import type { CaseStatus } from './case';

export type AuditAction =
  | 'SUBMIT_CASE'
  | 'UPDATE_CLINICAL_FACTS'
  | 'RECORD_DECISION'
  | 'APPEAL_CASE'
  | 'EXTEND_DUE_DATE'
  | 'REQUEST_ADDITIONAL_INFORMATION'
  | 'WITHDRAW_CASE';

/** An immutable audit record: who did what to which case, when. Holds no PHI. */
export type AuditRecord = {
  caseId: string;
  caseVersion: number;
  at: string;
  actorSub: string;
  actorRole: Role;
  action: AuditAction;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  determinationVersion: number | null;
  correlationId: string;
};
