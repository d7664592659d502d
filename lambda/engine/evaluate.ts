// evaluate: pure and deterministic. Same policy, facts, request and date
// give the same Evaluation; no clock, no I/O, no randomness. Hot path: one
// CEL variables object per call, precompiled programs, no re-parsing.
import { RUNTIME, type CompiledPolicy, type PolicyRuntime, type RuntimeCriterion, type RuntimeLevelOfCare, type RuntimeOutcome } from './compile';
import type { EvidenceFn } from './evidence';
import { isIsoDate } from './dates';
import { LIMITS } from './limits';
import {
  CARE_SETTINGS,
  type CriterionResult,
  type CriterionStatus,
  type Evaluation,
  type Facts,
  type LevelOfCareVerdict,
  type Recommendation,
  type RequestedLevelOfCare,
} from './types';

// CEL ints are bigints; small counts are reused rather than re-allocated.
const SMALL_INTS = Array.from({ length: 257 }, (_, i) => BigInt(i));
const celInt = (n: number): bigint => SMALL_INTS[n] ?? BigInt(n);
const EMPTY: readonly string[] = Object.freeze([]);
const MAX_DAYS = 365;

/** The rule's approved days; null when its expression cannot be evaluated for this case. */
function approvedDays(rule: RuntimeLevelOfCare, vars: Record<string, unknown>): number | null {
  if (typeof rule.approvedInpatientDays === 'number') return rule.approvedInpatientDays;
  try {
    const v = rule.approvedInpatientDays(vars);
    if (typeof v !== 'bigint') return null;
    return Number(v < 0n ? 0n : v > BigInt(MAX_DAYS) ? BigInt(MAX_DAYS) : v);
  } catch {
    return null;
  }
}

/** "m54.50 " -> "M5450": dot and spaces removed, upper-case (how policies compare codes). */
export function normaliseIcd10(code: string): string {
  return code.replace(/[.\s]/g, '').toUpperCase();
}

function checkArguments(requested: RequestedLevelOfCare, evaluationDate: string, icd10Codes: readonly string[]): void {
  if (!Array.isArray(icd10Codes) || icd10Codes.length > LIMITS.maxIcd10Codes || !icd10Codes.every((c) => typeof c === 'string' && c.length <= 16)) {
    throw new RangeError(`icd10Codes must be at most ${LIMITS.maxIcd10Codes} codes of at most 16 characters`);
  }
  if (!(CARE_SETTINGS as readonly string[]).includes(requested.setting)) {
    throw new RangeError('requested.setting must be INPATIENT, OBSERVATION or OUTPATIENT');
  }
  if (!Number.isSafeInteger(requested.inpatientDays) || requested.inpatientDays < 0) {
    throw new RangeError('requested.inpatientDays must be a non-negative integer');
  }
  if (typeof evaluationDate !== 'string' || !isIsoDate(evaluationDate)) {
    throw new RangeError('evaluationDate must be a YYYY-MM-DD calendar date');
  }
}

function pickOutcome(c: RuntimeCriterion, vars: Record<string, unknown>): RuntimeOutcome | null {
  try {
    for (const o of c.outcomes) if (o.when === null || o.when(vars) === true) return o;
  } catch {
    // A fact the rule needs is missing or malformed for this policy: pend.
  }
  return null;
}

function evaluateCriterion(
  rt: PolicyRuntime,
  c: RuntimeCriterion,
  facts: Facts,
  vars: Record<string, unknown>,
  evidenceCache: (string[] | undefined)[],
): CriterionResult {
  const o = pickOutcome(c, vars);
  const status: CriterionStatus = o ? o.status : 'UNSURE';
  const evidence: string[] = [];
  for (const i of c.evidence) {
    let lines = evidenceCache[i];
    if (!lines) {
      lines = [];
      (rt.evidence[i] as EvidenceFn)(facts, lines);
      evidenceCache[i] = lines;
    }
    for (const line of lines) evidence.push(line);
  }
  // A result lists at most maxEvidenceLines lines (the API's responses are bounded by it).
  if (evidence.length > LIMITS.maxEvidenceLines) {
    const more = evidence.length - (LIMITS.maxEvidenceLines - 1);
    evidence.length = LIMITS.maxEvidenceLines - 1;
    evidence.push(`and ${more} more documented item(s)`);
  }
  return {
    criterionId: c.id,
    title: c.title,
    status,
    rationale: o ? o.rationale(vars) : c.errorRationale,
    evidence,
    citations: c.citations.slice(),
    nextStep: status === 'MET' || status === 'NOT_APPLICABLE' ? null : (o?.nextStep ?? c.nextStep),
  };
}

/**
 * The policy's recommendation rules applied to criterion statuses: used for engine
 * evaluations and, after a reviewer's overrides, for reviewer determinations alike.
 * NOT_APPLICABLE criteria do not count towards `totalCount`.
 */
export function recommend(
  policy: CompiledPolicy,
  results: readonly Pick<CriterionResult, 'status'>[],
): { recommendation: Recommendation; metCount: number; totalCount: number } {
  let met = 0;
  let notMet = 0;
  let unsure = 0;
  let notApplicable = 0;
  for (const r of results) {
    if (r.status === 'MET') met++;
    else if (r.status === 'NOT_MET') notMet++;
    else if (r.status === 'UNSURE') unsure++;
    else notApplicable++;
  }
  const totalCount = results.length - notApplicable;
  const counts = {
    metCount: celInt(met),
    notMetCount: celInt(notMet),
    unsureCount: celInt(unsure),
    notApplicableCount: celInt(notApplicable),
    totalCount: celInt(totalCount),
  };
  let recommendation: Recommendation = 'INSUFFICIENT_INFORMATION';
  for (const rule of policy[RUNTIME].recommendation) {
    if (rule.when === null || rule.when(counts) === true) {
      recommendation = rule.recommendation;
      break;
    }
  }
  return { recommendation, metCount: met, totalCount };
}

/**
 * `icd10Codes`: the case's diagnoses as submitted (normalised here); at most
 * LIMITS.maxIcd10Codes (callers validate input: more throws a RangeError).
 */
export function evaluate(
  policy: CompiledPolicy,
  facts: Facts,
  requested: RequestedLevelOfCare,
  evaluationDate: string,
  icd10Codes: readonly string[] = [],
): Evaluation {
  const rt = policy[RUNTIME];
  checkArguments(requested, evaluationDate, icd10Codes);

  const vars: Record<string, unknown> = {
    facts,
    evaluationDate,
    requested: { setting: requested.setting, inpatientDays: celInt(requested.inpatientDays) },
    icd10Codes: icd10Codes.length ? icd10Codes.map(normaliseIcd10) : EMPTY,
    params: rt.params,
    approvedInpatientDays: undefined,
  };
  for (const d of rt.definitions) {
    try {
      vars[d.name] = d.program(vars);
    } catch {
      // Left undefined: rules that need it fail and their criterion pends.
    }
  }

  const evidenceCache = new Array<string[] | undefined>(rt.evidence.length);
  const criteriaResults: CriterionResult[] = rt.criteria.map((c) => evaluateCriterion(rt, c, facts, vars, evidenceCache));
  const { recommendation, metCount, totalCount } = recommend(policy, criteriaResults);

  // First rule whose `when` holds and whose days can be computed; the last rule otherwise.
  let loc = rt.levelOfCare[rt.levelOfCare.length - 1];
  let days: number | null = null;
  for (const rule of rt.levelOfCare) {
    let applies = rule.when === null;
    try {
      applies ||= rule.when?.(vars) === true;
    } catch {
      applies = false;
    }
    if (applies) days = approvedDays(rule, vars);
    if (days !== null) {
      loc = rule;
      break;
    }
  }
  if (!loc) throw new Error('policy has no level-of-care rule'); // compilePolicy guarantees one
  const approved = days ?? 0;
  vars['approvedInpatientDays'] = celInt(approved);
  const levelOfCare: LevelOfCareVerdict = {
    requestedSetting: requested.setting,
    requestedInpatientDays: requested.inpatientDays,
    recommendedSetting: loc.recommendedSetting,
    inpatientIndicated: loc.inpatientIndicated,
    approvedInpatientDays: approved,
    guideline: loc.guideline,
    rationale: loc.rationale(vars),
  };
  const levelOfCareChanged = requested.setting !== loc.recommendedSetting || requested.inpatientDays > approved;

  const nextSteps: string[] = [];
  for (const r of criteriaResults) if (r.nextStep !== null && !nextSteps.includes(r.nextStep)) nextSteps.push(r.nextStep);
  if (levelOfCareChanged) {
    const step = loc.nextStepWhenChanged(vars);
    if (!nextSteps.includes(step)) nextSteps.push(step);
  }

  return {
    policyId: policy.id,
    policyVersion: policy.version,
    recommendation,
    metCount,
    totalCount,
    criteriaResults,
    levelOfCare,
    levelOfCareChanged,
    nextSteps,
    // Only a clean approval is certified automatically; all else is pended for a human.
    reviewAction: recommendation === 'MEDICALLY_NECESSARY' && !levelOfCareChanged ? 'A1' : 'A4',
  };
}
