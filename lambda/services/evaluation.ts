import { evaluate, renderReport, validateFacts, type CompiledPolicy, type Evaluation, type Facts } from '../engine';
import type { CaseRecord } from '../domain/case';
import { determinationId, type DeterminationRecord } from '../domain/determination';
import type { UserError } from '../domain/user-errors';

/** Validates facts against the policy's fact schema; errors point into the mutation input. */
export function checkFacts(
  policy: CompiledPolicy,
  facts: unknown,
  prefix: string[],
): { ok: true; facts: Facts } | { ok: false; userErrors: UserError[] } {
  const r = validateFacts(policy, facts);
  if (r.ok) return { ok: true, facts: r.facts };
  return { ok: false, userErrors: r.errors.map((e) => ({ field: [...prefix, ...e.field], message: e.message, code: e.code })) };
}

export function engineDetermination(args: {
  policy: CompiledPolicy;
  evaluation: Evaluation;
  caseRecord: Pick<CaseRecord, 'id' | 'requestedService'>;
  version: number;
  at: Date;
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
    report: renderReport({ policy, ...base, cptCode: caseRecord.requestedService.cptCode, source: 'ENGINE' }),
  };
}

export function runEngine(policy: CompiledPolicy, facts: Facts, c: Pick<CaseRecord, 'requestedLevelOfCare'>, at: Date): Evaluation {
  return evaluate(policy, facts, c.requestedLevelOfCare, at.toISOString().slice(0, 10));
}

/** The engine criterion statuses kept on the case for the analytics counters. */
export const engineCriteriaOf = (e: Pick<Evaluation, 'criteriaResults'>) =>
  Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r.status]));
