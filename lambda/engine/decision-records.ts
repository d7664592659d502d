// The parts of a determination a payer sends (CMS-0057-F, Da Vinci PAS), declared once. The
// engine owns them because the notice renders them (notice/render.ts); the core stores them
// (lambda/core/model/decision-records.ts imports these) and the FHIR door's views derive
// from them (lambda/fhir/pas-response.ts).
import type { CareSetting, CriterionStatus } from './types';

/** X12 306 / Da Vinci PAS: A1 certified in total, A2 certified partial, A3 not certified, A4 pended, A6 modified. */
export type ReviewAction = 'A1' | 'A2' | 'A3' | 'A4' | 'A6';

/**
 * One certified service line (contract `CertifiedLine`): a code, its units, and the level
 * of care. An add-on line (a further fusion level) carries the setting and inpatient days
 * of the line it adds to: one stay, not two.
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
  /** Every certified line; add-on codes follow the first. */
  lines: CertifiedLine[];
};

/** One specific reason of an adverse determination. */
export type DenialReasonRecord = {
  /** The policy criterion; null for the reviewer's own reasons and the level-of-care reason. */
  criterionId: string | null;
  code: string;
  system: string;
  /** The X12 review decision reason code (source 886) the criterion declares; absent when it declares none. */
  x12ReasonCode?: string;
  /** Plain words: what is missing and what the policy requires. */
  text: string;
  citations: string[];
};

/**
 * Who made a REVIEWER determination; npi and specialty from token claims when present. The
 * role is the core's Role (the engine only prints it), hence the parameter.
 */
export type ReviewerRecord<Role extends string = string> = { sub: string; role: Role; npi: string | null; specialty: string | null };

/** A reviewer's override of one criterion's status, with the rationale. */
export type CriterionOverrideRecord = { criterionId: string; status: CriterionStatus; rationale: string };

/** A reviewer's request for more information, answered by the provider's updated facts. */
export type InformationRequestRecord = { items: string[]; requestedAt: string; requestedBy: string; respondBy: string };
