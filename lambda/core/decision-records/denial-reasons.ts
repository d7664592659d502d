import type { CompiledPolicy, CriterionResult } from '../../engine';
import type { CareSetting, Decision } from '../../engine/types';
import type { CriterionOverrideRecord, DenialReasonRecord } from '../model/decision-records';
import { hasVisibleText } from '../inputs/visible-text';

/**
 * The code system of reasons the API itself declares (not tied to one policy criterion):
 * REVIEWER_REASON (a physician's own reason, in their words) and LEVEL_OF_CARE (the
 * requested setting or inpatient days were not certified as requested).
 */
export const DETERMINATION_REASON_SYSTEM = 'https://medical-necessity.example.org/CodeSystem/determination-reasons';
export const REVIEWER_REASON = 'REVIEWER_REASON';
export const LEVEL_OF_CARE_REASON = 'LEVEL_OF_CARE';

const SETTING_WORDS: Record<CareSetting, string> = { INPATIENT: 'inpatient', OBSERVATION: 'observation', OUTPATIENT: 'outpatient' };
const days = (n: number) => `${n} inpatient day${n === 1 ? '' : 's'}`;
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** The plain-words reason of one criterion: what the policy requires and that the records do not show it. */
export function criterionReasonText(c: { title: string; requirement: string }, status: 'NOT_MET' | 'UNSURE', reviewerFinding: string | null): string {
  const head =
    status === 'NOT_MET'
      ? `Not met: ${sentence(c.title)} The records submitted do not show that this requirement is met.`
      : `Not documented: ${sentence(c.title)} The records submitted do not document whether this requirement is met.`;
  const finding = reviewerFinding ? ` The reviewer found: ${sentence(reviewerFinding)}` : '';
  return `${head} The policy requires: ${sentence(c.requirement)}${finding}`;
}

export function levelOfCareReasonText(args: {
  requested: { setting: CareSetting; inpatientDays: number };
  approved: { setting: CareSetting; inpatientDays: number };
  guideline: string;
}): string {
  const { requested: r, approved: a } = args;
  const asked = r.setting === 'INPATIENT' ? `${SETTING_WORDS[r.setting]} care with ${days(r.inpatientDays)}` : `${SETTING_WORDS[r.setting]} care`;
  const given = a.setting === 'INPATIENT' ? `${SETTING_WORDS[a.setting]} care with ${days(a.inpatientDays)}` : `${SETTING_WORDS[a.setting]} care`;
  return `The level of care requested (${asked}) is not certified as requested; ${given} is certified, following the guideline ${sentence(args.guideline)}`;
}

/**
 * The specific reasons of an adverse determination (A2, A3, A6): one per NOT_MET criterion
 * (and, for a denial, per UNSURE criterion, which the denial relies on), statuses taken after
 * the reviewer's overrides; the level-of-care reason of a partial approval; then each of the
 * reviewer's own reasons. [] for a determination that is not adverse.
 */
export function denialReasons(args: {
  policy: Pick<CompiledPolicy, 'criteria'>;
  decision: Decision;
  criteriaResults: readonly CriterionResult[];
  overrides: readonly CriterionOverrideRecord[];
  reviewerReasons: readonly string[];
  requested: { setting: CareSetting; inpatientDays: number };
  approved: { setting: CareSetting; inpatientDays: number };
  guideline: string;
}): DenialReasonRecord[] {
  if (args.decision === 'APPROVED') return [];
  const info = new Map(args.policy.criteria.map((c) => [c.id, c]));
  const overridden = new Map(args.overrides.map((o) => [o.criterionId, o.rationale]));
  const reliedOn = (s: string): s is 'NOT_MET' | 'UNSURE' => s === 'NOT_MET' || (s === 'UNSURE' && args.decision === 'DENIED');
  const out: DenialReasonRecord[] = [];
  for (const r of args.criteriaResults) {
    if (!reliedOn(r.status)) continue;
    const c = info.get(r.criterionId);
    if (!c) continue;
    out.push({
      criterionId: c.id,
      code: c.reasonCode.code,
      system: c.reasonCode.system,
      ...(c.x12ReasonCode ? { x12ReasonCode: c.x12ReasonCode } : {}),
      text: criterionReasonText(c, r.status, overridden.get(c.id) ?? null),
      citations: [...c.citations],
    });
  }
  if (args.decision === 'PARTIALLY_APPROVED') {
    out.push({
      criterionId: null,
      code: LEVEL_OF_CARE_REASON,
      system: DETERMINATION_REASON_SYSTEM,
      text: levelOfCareReasonText(args),
      citations: [],
    });
  }
  for (const text of args.reviewerReasons.filter(hasVisibleText)) {
    out.push({ criterionId: null, code: REVIEWER_REASON, system: DETERMINATION_REASON_SYSTEM, text: text.trim(), citations: [] });
  }
  return out;
}
