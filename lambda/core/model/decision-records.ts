import type { ReviewerRecord as EngineReviewerRecord } from '../../engine/decision-records';
import type { Role } from '../access/roles';

/**
 * The parts of a determination a payer sends (CMS-0057-F, Da Vinci PAS): what was
 * certified and until when, the specific reasons of an adverse decision, who decided,
 * and a request for more information. Stored as written; never recomputed on read.
 * Declared once, by the engine that renders them in the notice (lambda/engine/decision-records.ts).
 */
export type {
  AuthorizationRecord,
  CriterionOverrideRecord,
  DenialReasonRecord,
  InformationRequestRecord,
  ReviewAction,
} from '../../engine/decision-records';

/** Who made a REVIEWER determination: the engine's record with the core's roles. */
export type ReviewerRecord = EngineReviewerRecord<Role>;
