import type { AddOnInfo, CareSetting, LevelOfCareVerdict, RequestedLevelOfCare } from '../../engine';
import { coreError, nonEmpty, type CoreError, type Result } from '../errors/failure';
import type { CertifiedLine } from '../model/decision-records';

/**
 * What is certified is what was decided: the one place that turns the engine's verdict and
 * the decision (an automatic approval, a reviewer's approval or partial approval, first or
 * on appeal) into the approved level of care and the certified lines. Every certifying path
 * comes through `certify`; the authorization's own fields are `lines[0]`.
 * - A request for INPATIENT with 0 days asks for the guideline stay: the verdict's
 *   inpatient days. Where the verdict has none, a reviewer approving an inpatient stay
 *   names the days (at least 1). Nothing is ever certified INPATIENT with 0 days.
 * - A CPT code with an add-on code in the policy (lumbar fusion 22633 → 22634) certifies
 *   the further units on an add-on line: units = the counting fact − 1 (absent = 1 unit in
 *   all), with the setting and days of the line it adds to.
 */

export type ApprovedLevel = { setting: CareSetting; inpatientDays: number };

/** Who certifies, and for a reviewer what they decided. */
export type CertifyingDecision =
  | { by: 'ENGINE' }
  | { by: 'REVIEWER'; decision: 'APPROVED' | 'PARTIALLY_APPROVED'; approvedSetting: CareSetting | null; approvedInpatientDays: number | null };

export type CertificationCode = 'INVALID_INPATIENT_DAYS' | 'PARTIAL_APPROVAL_UNCHANGED' | 'NOT_A_PARTIAL_APPROVAL';

export type Certification = { approved: ApprovedLevel; lines: [CertifiedLine, ...CertifiedLine[]] };

export type CertifyArgs = {
  policy: { readonly addOnCodes: Readonly<Record<string, AddOnInfo>> };
  cptCode: string;
  /** The case's validated clinical facts (the add-on's counting fact is read here). */
  facts: Readonly<Record<string, unknown>>;
  requested: RequestedLevelOfCare;
  verdict: Pick<LevelOfCareVerdict, 'recommendedSetting' | 'approvedInpatientDays'>;
  decision: CertifyingDecision;
};

const DAYS_FIELD = ['input', 'approvedInpatientDays'];

/** The verdict's inpatient days, when it is an inpatient verdict with days (the guideline stay). */
export const verdictInpatientDays = (v: CertifyArgs['verdict']): number | null =>
  v.recommendedSetting === 'INPATIENT' && v.approvedInpatientDays > 0 ? v.approvedInpatientDays : null;

/** The inpatient days a request asks for: its own, or for INPATIENT with 0 days the guideline stay (null when unknown). */
export function askedInpatientDays(requested: RequestedLevelOfCare, verdict: CertifyArgs['verdict']): number | null {
  if (requested.setting !== 'INPATIENT') return 0;
  return requested.inpatientDays > 0 ? requested.inpatientDays : verdictInpatientDays(verdict);
}

/** The level of care a decision approves, or why the decision's level is not acceptable. */
export function approvedLevel(args: Omit<CertifyArgs, 'policy' | 'cptCode' | 'facts'>): Result<ApprovedLevel, CertificationCode> {
  const { requested, verdict, decision } = args;
  const errors: CoreError<CertificationCode>[] = [];
  const namesNoDays = () =>
    errors.push(
      coreError('INVALID_INPATIENT_DAYS', {
        field: DAYS_FIELD,
        message: 'An inpatient stay is certified for at least 1 day: name approvedInpatientDays (the request and the verdict state none).',
      }),
    );
  let level: ApprovedLevel;
  if (decision.by === 'ENGINE') {
    // The engine approves only a request equal to its verdict (lambda/core/workflow/table.ts engineOutcome).
    level = { setting: verdict.recommendedSetting, inpatientDays: verdict.recommendedSetting === 'INPATIENT' ? verdict.approvedInpatientDays : 0 };
    if (level.setting === 'INPATIENT' && level.inpatientDays < 1) namesNoDays();
  } else if (decision.decision === 'APPROVED') {
    // Approval in full: the requested setting; the days requested, or for a guideline-stay request the verdict's or the reviewer's.
    if (decision.approvedSetting !== null && decision.approvedSetting !== requested.setting) errors.push(coreError('NOT_A_PARTIAL_APPROVAL'));
    const guidelineStay = requested.setting === 'INPATIENT' && requested.inpatientDays === 0;
    if (!guidelineStay && decision.approvedInpatientDays !== null && decision.approvedInpatientDays !== requested.inpatientDays) {
      errors.push(coreError('NOT_A_PARTIAL_APPROVAL', { field: DAYS_FIELD }));
    }
    const days = guidelineStay ? (decision.approvedInpatientDays ?? verdictInpatientDays(verdict)) : requested.inpatientDays;
    level = { setting: requested.setting, inpatientDays: days ?? 0 };
    if (guidelineStay && (days === null || days < 1)) namesNoDays();
  } else {
    const setting = decision.approvedSetting ?? requested.setting;
    const asked = askedInpatientDays(requested, verdict);
    if (setting !== 'INPATIENT') {
      if (decision.approvedInpatientDays !== null && decision.approvedInpatientDays !== 0) {
        errors.push(coreError('INVALID_INPATIENT_DAYS', { field: DAYS_FIELD, message: 'approvedInpatientDays must be 0 unless the approved setting is INPATIENT.' }));
      }
      level = { setting, inpatientDays: 0 };
    } else {
      const days = decision.approvedInpatientDays ?? (setting === requested.setting ? asked : verdictInpatientDays(verdict));
      level = { setting, inpatientDays: days ?? 0 };
      if (days === null || days < 1) namesNoDays();
      else if (asked !== null && days > asked) {
        errors.push(coreError('INVALID_INPATIENT_DAYS', { field: DAYS_FIELD, message: 'approvedInpatientDays may not exceed the requested days.' }));
      }
    }
    const unchanged = setting === requested.setting && (setting !== 'INPATIENT' || asked === null || level.inpatientDays >= asked);
    if (unchanged) errors.push(coreError('PARTIAL_APPROVAL_UNCHANGED'));
  }
  return nonEmpty(errors) ? { ok: false, errors } : { ok: true, value: level };
}

/** The further units of an add-on code: the counting fact − 1, when the fact is a whole number of at least 2. */
function furtherUnits(facts: Readonly<Record<string, unknown>>, addOn: AddOnInfo): number {
  const n = facts[addOn.unitsFact];
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 1 ? n - 1 : 0;
}

/** The approved level of care and the certified lines of a certifying decision. */
export function certify(args: CertifyArgs): Result<Certification, CertificationCode> {
  const level = approvedLevel(args);
  if (!level.ok) return level;
  const approved = level.value;
  const line = (cptCode: string, units: number): CertifiedLine => ({
    cptCode,
    units,
    approvedSetting: approved.setting,
    approvedInpatientDays: approved.setting === 'INPATIENT' ? approved.inpatientDays : 0,
  });
  const lines: [CertifiedLine, ...CertifiedLine[]] = [line(args.cptCode, 1)];
  const addOn = Object.hasOwn(args.policy.addOnCodes, args.cptCode) ? args.policy.addOnCodes[args.cptCode] : undefined;
  if (addOn) {
    const units = furtherUnits(args.facts, addOn);
    if (units > 0) lines.push(line(addOn.code, units));
  }
  return { ok: true, value: { approved, lines } };
}

/** Whether an approved level gives more than the verdict: another setting, or more inpatient days. */
export const beyondVerdict = (approved: ApprovedLevel, verdict: CertifyArgs['verdict']): boolean =>
  approved.setting !== verdict.recommendedSetting || (approved.setting === 'INPATIENT' && approved.inpatientDays > verdict.approvedInpatientDays);
