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
import { askedInpatientDays, certify, type Certification, type CertificationCode } from './decision-records/certification';

type DecisionInputCode = 'UNKNOWN_CRITERION' | 'DUPLICATE_OVERRIDE' | 'REASON_REQUIRED' | CertificationCode;

/**
 * A REVIEWER determination: the latest engine results with the reviewer's criterion
 * overrides, the decision, its reasons and what it certifies (certify, the one place that
 * derives the approved level of care and the certified lines).
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
  const seen = new Set<string>();
  input.criterionOverrides.forEach((o, i) => {
    const at = ['input', 'criterionOverrides', String(i)];
    if (!known.has(o.criterionId)) errors.push(coreError('UNKNOWN_CRITERION', { field: [...at, 'criterionId'] }));
    // Two overrides of one criterion would contradict each other or repeat; neither is a record.
    else if (seen.has(o.criterionId)) errors.push(coreError('DUPLICATE_OVERRIDE', { field: [...at, 'criterionId'] }));
    seen.add(o.criterionId);
    if (!hasVisibleText(o.rationale)) {
      errors.push(coreError('REASON_REQUIRED', { field: [...at, 'rationale'], message: 'An override needs a rationale in visible text (a letter or a digit).' }));
    }
  });

  const requested = caseRecord.requestedLevelOfCare;
  const denied = input.decision === 'DENIED';
  let certification: Certification | null = null;
  if (input.decision === 'DENIED') {
    if (input.approvedSetting !== null || input.approvedInpatientDays !== null) errors.push(coreError('NOT_A_PARTIAL_APPROVAL'));
  } else {
    const certified = certify({
      policy: args.policy,
      cptCode: caseRecord.requestedService.cptCode,
      facts: caseRecord.clinicalFacts,
      requested,
      verdict: latestEngine.levelOfCare,
      decision: { by: 'REVIEWER', decision: input.decision, approvedSetting: input.approvedSetting, approvedInpatientDays: input.approvedInpatientDays },
    });
    if (certified.ok) certification = certified.value;
    else errors.push(...certified.errors);
  }
  if (nonEmpty(errors)) return { ok: false, errors };
  const approvedSetting = certification?.approved.setting ?? requested.setting;
  const approvedDays = certification?.approved.inpatientDays ?? 0;

  const overrides = new Map(input.criterionOverrides.map((o) => [o.criterionId, o]));
  const criteriaResults: CriterionResult[] = latestEngine.criteriaResults.map((r) => {
    const o = overrides.get(r.criterionId);
    return o ? { ...r, status: o.status, rationale: `Reviewer override: ${o.rationale}`, nextStep: o.status === 'MET' ? null : r.nextStep } : r;
  });
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
        // A request for INPATIENT with 0 days asked for the guideline stay.
        requested: { ...requested, inpatientDays: askedInpatientDays(requested, latestEngine.levelOfCare) ?? requested.inpatientDays },
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
