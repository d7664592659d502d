import type { CompiledPolicy, CriterionResult, LevelOfCareVerdict } from '../engine';
import { loadEngine } from '../engine/load';
import type { CaseRecord } from './model/case';
import { determinationId, type DeterminationRecord } from './model/determination';
import type { RecordDecisionInput } from './inputs/review';
import { coreError, nonEmpty, type CoreError } from './errors/failure';
import { reviewActionForDecision } from './workflow/table';
import { denialReasons } from './decision-records/denial-reasons';
import { hasVisibleText } from './inputs/visible-text';
import type { AuthorizationRecord, ReviewerRecord } from './model/decision-records';
import type { Certification } from './decision-records/authorization';

type DecisionInputCode = 'UNKNOWN_CRITERION' | 'INVALID_INPATIENT_DAYS' | 'PARTIAL_APPROVAL_UNCHANGED' | 'NOT_A_PARTIAL_APPROVAL';

/**
 * A REVIEWER determination: the latest engine results with the reviewer's criterion
 * overrides, the decision, its reasons and the approved level of care.
 */
export async function reviewerDetermination(args: {
  input: RecordDecisionInput;
  policy: CompiledPolicy;
  caseRecord: CaseRecord;
  latestEngine: DeterminationRecord;
  version: number;
  at: Date;
  decidedBy: string;
  reviewer: ReviewerRecord;
  onAppeal: boolean;
}): Promise<{ ok: true; determination: DeterminationRecord; certification: Certification | null } | { ok: false; errors: [CoreError<DecisionInputCode>, ...CoreError<DecisionInputCode>[]] }> {
  const { input, caseRecord, latestEngine } = args;
  const errors: CoreError<DecisionInputCode>[] = [];
  const known = new Set(latestEngine.criteriaResults.map((r) => r.criterionId));
  input.criterionOverrides.forEach((o, i) => {
    if (!known.has(o.criterionId)) {
      errors.push(coreError('UNKNOWN_CRITERION', { field: ['input', 'criterionOverrides', String(i), 'criterionId'] }));
    }
  });

  const requested = caseRecord.requestedLevelOfCare;
  let approvedSetting = requested.setting;
  let approvedDays = requested.inpatientDays;
  if (input.decision === 'PARTIALLY_APPROVED') {
    approvedSetting = input.approvedSetting ?? requested.setting;
    approvedDays = input.approvedInpatientDays ?? (approvedSetting === 'INPATIENT' ? requested.inpatientDays : 0);
    if (approvedSetting !== 'INPATIENT' && approvedDays !== 0) {
      errors.push(coreError('INVALID_INPATIENT_DAYS', { field: ['input', 'approvedInpatientDays'], message: 'approvedInpatientDays must be 0 unless the approved setting is INPATIENT.' }));
    }
    if (approvedSetting === requested.setting && approvedDays >= requested.inpatientDays) {
      errors.push(coreError('PARTIAL_APPROVAL_UNCHANGED'));
    }
    if (approvedDays > requested.inpatientDays) {
      errors.push(coreError('INVALID_INPATIENT_DAYS', { field: ['input', 'approvedInpatientDays'], message: 'approvedInpatientDays may not exceed the requested days.' }));
    }
  } else if (input.approvedSetting !== null || input.approvedInpatientDays !== null) {
    errors.push(coreError('NOT_A_PARTIAL_APPROVAL'));
  }
  if (nonEmpty(errors)) return { ok: false, errors };

  const overrides = new Map(input.criterionOverrides.map((o) => [o.criterionId, o]));
  const criteriaResults: CriterionResult[] = latestEngine.criteriaResults.map((r) => {
    const o = overrides.get(r.criterionId);
    return o ? { ...r, status: o.status, rationale: `Reviewer override: ${o.rationale}`, nextStep: o.status === 'MET' ? null : r.nextStep } : r;
  });
  const denied = input.decision === 'DENIED';
  const levelOfCare: LevelOfCareVerdict = {
    ...latestEngine.levelOfCare,
    recommendedSetting: denied ? latestEngine.levelOfCare.recommendedSetting : approvedSetting,
    inpatientIndicated: !denied && approvedSetting === 'INPATIENT' && approvedDays > 0,
    approvedInpatientDays: denied ? 0 : approvedSetting === 'INPATIENT' ? approvedDays : 0,
    rationale: denied
      ? 'The request was denied by a physician reviewer; no level of care is approved.'
      : `Approved by reviewer for ${approvedSetting.toLowerCase()} care${approvedSetting === 'INPATIENT' ? ` with ${approvedDays} inpatient day(s)` : ''}.`,
  };
  const { recommend } = await loadEngine();
  const { recommendation, metCount, totalCount } = recommend(args.policy, criteriaResults);
  const reasons = input.reasons.filter(hasVisibleText).map((r) => r.trim());
  const certification: Certification | null = denied
    ? null
    : { cptCode: caseRecord.requestedService.cptCode, approvedSetting, approvedInpatientDays: approvedSetting === 'INPATIENT' ? approvedDays : 0 };
  const base = {
    recommendation,
    metCount,
    totalCount,
    criteriaResults,
    levelOfCare,
    nextSteps: latestEngine.nextSteps,
  };
  const authorization: AuthorizationRecord | null = null; // allocated by the use case (number claimed in the transaction)
  return {
    ok: true,
    certification,
    determination: {
      id: determinationId(caseRecord.id, args.version),
      caseId: caseRecord.id,
      version: args.version,
      source: 'REVIEWER',
      policyId: latestEngine.policyId,
      policyVersion: latestEngine.policyVersion,
      ...base,
      decision: input.decision,
      reasons,
      decidedBy: args.decidedBy,
      reviewAction: reviewActionForDecision(input.decision, approvedSetting !== requested.setting),
      createdAt: args.at.toISOString(),
      authorization,
      denialReasons: denialReasons({
        policy: args.policy,
        decision: input.decision,
        criteriaResults,
        overrides: input.criterionOverrides,
        reviewerReasons: reasons,
        requested,
        approved: { setting: approvedSetting, inpatientDays: approvedSetting === 'INPATIENT' ? approvedDays : 0 },
        guideline: latestEngine.levelOfCare.guideline,
      }),
      reviewer: args.reviewer,
      criterionOverrides: input.criterionOverrides.map((o) => ({ criterionId: o.criterionId, status: o.status, rationale: o.rationale })),
      onAppeal: args.onAppeal,
      informationRequest: caseRecord.informationRequest ?? null,
      // Rendered at commit (decision-records/notice.ts), once the authorization number is known.
      report: '',
    },
  };
}
