import type { AuthorizationRecord, CertifiedLine, ReviewerRecord as EngineReviewerRecord } from '../../engine/decision-records';
import type { Role } from '../access/roles';

/**
 * The parts of a determination a payer sends (CMS-0057-F, Da Vinci PAS): what was
 * certified and until when, the specific reasons of an adverse decision, who decided,
 * and a request for more information. Stored as written; never recomputed on read.
 * Declared once, by the engine that renders them in the notice (lambda/engine/decision-records.ts).
 */
export type {
  AuthorizationRecord,
  CertifiedLine,
  CriterionOverrideRecord,
  DenialReasonRecord,
  InformationRequestRecord,
  ReviewAction,
} from '../../engine/decision-records';

/** Who made a REVIEWER determination: the engine's record with the core's roles. */
export type ReviewerRecord = EngineReviewerRecord<Role>;

/** An authorization as stored; items written before certified lines read as their one line. */
export function withLines(a: Omit<AuthorizationRecord, 'lines'> & { lines?: CertifiedLine[] }): AuthorizationRecord {
  const [first, ...rest] = a.lines ?? [];
  if (first) return { ...a, lines: [first, ...rest] };
  return { ...a, lines: [{ cptCode: a.cptCode, units: a.units, approvedSetting: a.approvedSetting, approvedInpatientDays: a.approvedInpatientDays }] };
}
