import type { CompiledPolicy, Evaluation, FactErrorCode, Facts, RequestedLevelOfCare } from '../engine';
import { loadEngine } from '../engine/load';
import type { CaseRecord } from './model/case';
import { determinationId, type DeterminationRecord } from './model/determination';
import type { ErrorCode } from './errors/catalogue';
import { coreError, InvariantError, nonEmpty, ok, type CoreError, type Result } from './errors/failure';
import type { PolicyRepository } from './ports';
import type { AuthorizationRecord, InformationRequestRecord } from './model/decision-records';
import { certify, type Certification } from './decision-records/certification';
import { engineOutcome, type EngineOutcome } from './workflow/table';

/** Every fact-validation code of the engine is a catalogue code (a new one fails to compile here). */
type FactCode = FactErrorCode & ErrorCode;

/** The engine's run-time budget stopped the evaluation (lambda/engine/guard.ts). */
type LimitCode = 'POLICY_EVALUATION_LIMIT';

/** A request evaluated: the policy version used, the validated facts and the engine's result. */
export type Evaluated = { policy: CompiledPolicy; facts: Facts; evaluation: Evaluation };

const FACTS_FIELD = ['input', 'clinicalFacts'];

/**
 * The one evaluation path: validate the facts against the policy's fact schema (errors
 * point into the input), then run the engine on the day of `at`. Preview, submit and
 * updated facts all come through here.
 */
export async function assess(
  policy: CompiledPolicy,
  rawFacts: unknown,
  requested: RequestedLevelOfCare,
  at: Date,
  icd10Codes: readonly string[],
  /** The day the case was received (YYYY-MM-DD): observation dates may not lie after it. Default: the day of `at`. */
  receivedOn: string = at.toISOString().slice(0, 10),
): Promise<Result<Evaluated, FactCode | LimitCode>> {
  const { evaluate, validateFacts, EvaluationLimitError } = await loadEngine();
  const r = validateFacts(policy, rawFacts, { receivedOn });
  if (!r.ok) {
    const errors: CoreError<FactCode>[] = r.errors.map((e) => ({ field: [...FACTS_FIELD, ...e.field], message: e.message, code: e.code }));
    if (!nonEmpty(errors)) throw new InvariantError('fact validation failed without errors');
    return { ok: false, errors };
  }
  try {
    return ok({ policy, facts: r.value, evaluation: evaluate(policy, r.value, requested, at.toISOString().slice(0, 10), icd10Codes) });
  } catch (e) {
    // A policy costlier than its static bound: refused (and counted as a refusal by code, so the
    // Refusals metric and its alarm see it); the other requests of the process go on.
    if (e instanceof EvaluationLimitError) return { ok: false, errors: [coreError('POLICY_EVALUATION_LIMIT')] };
    throw e;
  }
}

/** Looks up the policy in effect for the service on the day of `at`, then `assess`es. */
export async function evaluateRequest(
  policies: PolicyRepository,
  request: { cptCode: string; icd10Codes: readonly string[]; clinicalFacts: unknown; requestedLevelOfCare: RequestedLevelOfCare },
  at: Date,
  cptField: string[],
): Promise<Result<Evaluated, FactCode | LimitCode | 'NO_POLICY_FOR_SERVICE'>> {
  const policy = await policies.inEffect(request.cptCode, at.toISOString().slice(0, 10));
  if (!policy) return { ok: false, errors: [coreError('NO_POLICY_FOR_SERVICE', { field: cptField })] };
  return assess(policy, request.clinicalFacts, request.requestedLevelOfCare, at, request.icd10Codes);
}

export function engineDetermination(args: {
  policy: CompiledPolicy;
  evaluation: Evaluation;
  caseRecord: Pick<CaseRecord, 'id' | 'requestedService'>;
  version: number;
  at: Date;
  /** The authorization when the engine approves automatically (A1); null when it pends. */
  authorization: AuthorizationRecord | null;
  /** The request for information these facts answer, if one was open. */
  informationRequest: InformationRequestRecord | null;
}): DeterminationRecord {
  const { policy, evaluation: e, caseRecord, version, at } = args;
  const base = {
    recommendation: e.recommendation,
    metCount: e.metCount,
    totalCount: e.totalCount,
    criteriaResults: e.criteriaResults,
    levelOfCare: e.levelOfCare,
    nextSteps: e.nextSteps,
  };
  return {
    id: determinationId(caseRecord.id, version),
    caseId: caseRecord.id,
    version,
    source: 'ENGINE',
    policyId: policy.id,
    policyVersion: policy.version,
    ...base,
    decision: null,
    reasons: [],
    decidedBy: null,
    reviewAction: e.reviewAction,
    createdAt: at.toISOString(),
    // Rendered at commit (decision-records/notice.ts), once the authorization number is known.
    report: '',
    authorization: args.authorization,
    // The engine never denies: no adverse determination, no reasons.
    denialReasons: [],
    reviewer: null,
    criterionOverrides: [],
    onAppeal: false,
    informationRequest: args.informationRequest,
  };
}

/**
 * What the engine's evaluation means for the case: its workflow outcome and, for an
 * automatic approval, what is certified (lambda/core/decision-records/certification.ts).
 * A verdict that cannot be certified (an inpatient stay without days: a policy defect) is
 * pended for a physician rather than certified with 0 days.
 */
export function engineDecision(
  policy: CompiledPolicy,
  evaluated: Evaluation,
  request: { cptCode: string; facts: Facts; requested: RequestedLevelOfCare },
): { outcome: EngineOutcome; evaluation: Evaluation; certification: Certification | null } {
  const outcome = engineOutcome(evaluated.recommendation, evaluated.levelOfCareChanged);
  if (outcome !== 'APPROVE') return { outcome, evaluation: evaluated, certification: null };
  const c = certify({ policy, cptCode: request.cptCode, facts: request.facts, requested: request.requested, verdict: evaluated.levelOfCare, decision: { by: 'ENGINE' } });
  if (!c.ok) return { outcome: 'PEND_REVIEW', evaluation: { ...evaluated, reviewAction: 'A4' }, certification: null };
  return { outcome, evaluation: evaluated, certification: c.value };
}

/** The engine criterion statuses kept on the case for the analytics counters. */
export const engineCriteriaOf = (e: Pick<Evaluation, 'criteriaResults'>) =>
  Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r.status]));
