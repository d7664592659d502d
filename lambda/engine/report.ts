// renderReport: the first release's entry point, kept until every caller
// passes a NoticeInput. It renders the same notice (notice/render.ts) from
// what the first release's callers have: no case header, no authorization,
// no denial reasons. New callers use renderNotice.
import type { CompiledPolicy } from './compile';
import { renderNotice, type ReviewAction } from './notice/render';
import type { CareSetting, CriterionResult, Decision, DeterminationSource, LevelOfCareVerdict, Recommendation } from './types';

export interface ReportInput {
  policy: CompiledPolicy;
  recommendation: Recommendation;
  criteriaResults: readonly CriterionResult[];
  levelOfCare: LevelOfCareVerdict;
  nextSteps: readonly string[];
  metCount: number;
  totalCount: number;
  cptCode: string;
  source: DeterminationSource;
  decision?: Decision | null;
  reasons?: readonly string[];
  decidedBy?: string | null;
}

function reviewAction(input: ReportInput): ReviewAction {
  const l = input.levelOfCare;
  const changed = l.requestedSetting !== l.recommendedSetting || l.requestedInpatientDays > l.approvedInpatientDays;
  if (!input.decision) return input.recommendation === 'MEDICALLY_NECESSARY' && !changed ? 'A1' : 'A4';
  if (input.decision === 'APPROVED') return 'A1';
  if (input.decision === 'DENIED') return 'A3';
  return l.requestedSetting !== l.recommendedSetting ? 'A6' : 'A2';
}

/** @deprecated Pass a NoticeInput to renderNotice. */
export function renderReport(input: ReportInput): string {
  const l = input.levelOfCare;
  const requestedLevelOfCare: { setting: CareSetting; inpatientDays: number } = { setting: l.requestedSetting, inpatientDays: l.requestedInpatientDays };
  return renderNotice({
    policy: input.policy,
    case: {
      id: '',
      memberId: '',
      providerId: '',
      cptCode: input.cptCode,
      serviceDescription: null,
      icd10Codes: [],
      requestedLevelOfCare,
      urgency: 'STANDARD',
      receivedAt: '',
      dueAt: '',
      facts: {},
    },
    determination: {
      version: 0,
      source: input.source,
      createdAt: '',
      recommendation: input.recommendation,
      criteriaResults: input.criteriaResults,
      levelOfCare: l,
      nextSteps: input.nextSteps,
      metCount: input.metCount,
      totalCount: input.totalCount,
      reviewAction: reviewAction(input),
    },
    decision: input.decision
      ? { decision: input.decision, reasons: input.reasons ?? [], onAppeal: false, reviewer: { sub: input.decidedBy ?? '', role: 'REVIEWER', npi: null, specialty: null }, overrides: [] }
      : null,
    denialReasons: [],
  });
}
