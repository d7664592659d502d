import type { CriterionResult, LevelOfCareVerdict, Recommendation } from '../../engine';
import type { Decision } from './case';

export type DeterminationSource = 'ENGINE' | 'REVIEWER';
export type ReviewAction = 'A1' | 'A2' | 'A3' | 'A4';

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
