import type { CriterionResult, LevelOfCareVerdict, Recommendation } from '../../engine';
import type { Decision } from './case';
import type { AuthorizationRecord, CriterionOverrideRecord, DenialReasonRecord, InformationRequestRecord, ReviewAction, ReviewerRecord } from './decision-records';

export type { ReviewAction };

export type DeterminationSource = 'ENGINE' | 'REVIEWER';

/** An immutable determination, as stored and as resolvers receive it. */
export type DeterminationRecord = {
  id: string;
  caseId: string;
  version: number;
  source: DeterminationSource;
  policyId: string;
  policyVersion: number;
  recommendation: Recommendation;
  decision: Decision | null;
  metCount: number;
  totalCount: number;
  criteriaResults: CriterionResult[];
  levelOfCare: LevelOfCareVerdict;
  nextSteps: string[];
  reasons: string[];
  decidedBy: string | null;
  reviewAction: ReviewAction;
  createdAt: string;
  /** What a notice needs besides the results (CMS-0057-F): */
  /** Non-null exactly for certifying determinations (A1, A2, A6). */
  authorization: AuthorizationRecord | null;
  /** Non-empty exactly for adverse determinations (A2, A3, A6). */
  denialReasons: DenialReasonRecord[];
  /** Who decided (REVIEWER determinations); null for ENGINE. */
  reviewer: ReviewerRecord | null;
  /** The reviewer's criterion overrides as given ([] for ENGINE). */
  criterionOverrides: CriterionOverrideRecord[];
  /** Made on an appeal (the case was APPEAL_PENDING). */
  onAppeal: boolean;
  /** The case's open request for information when the determination was made (the one updated facts answered, for ENGINE). */
  informationRequest: InformationRequestRecord | null;
  /** Rendered when the determination is made, so what was issued never changes. */
  report: string;
};

/** Determination ids name their case and sequence: `<caseId>:<version>`. */
export const determinationId = (caseId: string, version: number) => `${caseId}:${version}`;

export function parseDeterminationId(id: string): { caseId: string; version: number } | null {
  const m = /^(.{1,64}):(\d{1,4})$/.exec(id);
  if (!m) return null;
  return { caseId: m[1]!, version: Number(m[2]) };
}
