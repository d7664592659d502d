import type { Role } from '../../auth/caller';
import type { CareSetting, CriterionStatus } from '../../engine/types';

/**
 * The parts of a determination a payer sends (CMS-0057-F, Da Vinci PAS): what was
 * certified and until when, the specific reasons of an adverse decision, who decided,
 * and a request for more information. Stored as written; never recomputed on read.
 */

/** A certification: the service may be performed from validFrom to validTo (YYYY-MM-DD, UTC). */
export type AuthorizationRecord = {
  /** Unique across the table (claimed with an AUTH#<number> item), e.g. PA-2026-7K3M9QXD. */
  number: string;
  validFrom: string;
  validTo: string;
  cptCode: string;
  units: number;
  approvedSetting: CareSetting;
  approvedInpatientDays: number;
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

/** Who made a REVIEWER determination; npi and specialty from token claims when present. */
export type ReviewerRecord = { sub: string; role: Role; npi: string | null; specialty: string | null };

export type CriterionOverrideRecord = { criterionId: string; status: CriterionStatus; rationale: string };

/** A reviewer's request for more information, answered by the provider's updated facts. */
export type InformationRequestRecord = { items: string[]; requestedAt: string; requestedBy: string; respondBy: string };
