import type { Role } from '../../auth/caller';
import type { CareSetting, CriterionStatus } from '../../engine/types';

/**
 * The parts of a determination a payer sends (CMS-0057-F, Da Vinci PAS): what was
 * certified and until when, the specific reasons of an adverse decision, who decided,
 * and a request for more information. Stored as written; never recomputed on read.
 */

/**
 * One certified service line (contract `CertifiedLine`): a code, its units, and the level
 * of care. An add-on line (a further fusion level) carries the setting and inpatient days
 * of the line it adds to: one stay, not two. Declared once; the FHIR door reads it too.
 */
export type CertifiedLine = {
  cptCode: string;
  units: number;
  approvedSetting: CareSetting;
  approvedInpatientDays: number;
};

/**
 * A certification: the service may be performed from validFrom to validTo (YYYY-MM-DD, UTC).
 * `lines[0]` is the requested procedure and equals the record's own cptCode, units,
 * approvedSetting and approvedInpatientDays (lambda/core/decision-records/certification.ts).
 */
export type AuthorizationRecord = {
  /** Unique across the table (claimed with an AUTH#<number> item), e.g. PA-2026-7K3M9QXD. */
  number: string;
  validFrom: string;
  validTo: string;
  cptCode: string;
  units: number;
  approvedSetting: CareSetting;
  approvedInpatientDays: number;
  lines: [CertifiedLine, ...CertifiedLine[]];
};

/** An authorization as stored; items written before certified lines read as their one line. */
export function withLines(a: Omit<AuthorizationRecord, 'lines'> & { lines?: CertifiedLine[] }): AuthorizationRecord {
  const [first, ...rest] = a.lines ?? [];
  if (first) return { ...a, lines: [first, ...rest] };
  return { ...a, lines: [{ cptCode: a.cptCode, units: a.units, approvedSetting: a.approvedSetting, approvedInpatientDays: a.approvedInpatientDays }] };
}

/** One specific reason of an adverse determination. */
export type DenialReasonRecord = {
  /** The policy criterion; null for the reviewer's own reasons and the level-of-care reason. */
  criterionId: string | null;
  code: string;
  system: string;
  /** Plain words: what is missing and what the policy requires. */
  text: string;
  citations: string[];
};

/** Who made a REVIEWER determination; npi and specialty from token claims when present. */
export type ReviewerRecord = { sub: string; role: Role; npi: string | null; specialty: string | null };

export type CriterionOverrideRecord = { criterionId: string; status: CriterionStatus; rationale: string };

/** A reviewer's request for more information, answered by the provider's updated facts. */
export type InformationRequestRecord = { items: string[]; requestedAt: string; requestedBy: string; respondBy: string };
