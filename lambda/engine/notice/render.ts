// The determination notice (Determination.report, Markdown): what a reviewer
// signs and a provider reads, laid out like the reference determination
// (sij-fusion-27279-determination.txt): header, outcome, primary
// recommendation, critical deficiencies, next steps, level of care, summary
// table, sources. Pure: renders only what it is given. Facts are spoken in the
// policy's words (criterion results already are; see evidence.ts); contract
// enum values are translated here and appear raw only in the summary table's
// status column. Submitted text is escaped (md) so it cannot add structure.
import type { CompiledPolicy } from '../compile';
import type { AuthorizationRecord, CriterionOverrideRecord, DenialReasonRecord, InformationRequestRecord, ReviewAction, ReviewerRecord } from '../decision-records';
import type { CareSetting, CriterionResult, CriterionStatus, Decision, Facts, LevelOfCareVerdict, Recommendation } from '../types';
import { firstAppealSentences, nextLevelSentences, type LetterContext } from './rights';
import { cite, dateTime, day, levelOfCareWords, list, md, plural, roleWords, SETTING, STATUS_LABEL, STATUS_WORDS } from './words';

export type { ReviewAction };

export interface NoticeCase {
  id: string;
  memberId: string;
  providerId: string;
  cptCode: string;
  serviceDescription: string | null;
  icd10Codes: readonly string[];
  requestedLevelOfCare: { setting: CareSetting; inpatientDays: number };
  urgency: 'STANDARD' | 'EXPEDITED';
  receivedAt: string;
  dueAt: string;
  facts: Facts;
  /** The appeal, once filed: an appeal decision's header shows its dates. */
  appeal?: { filedAt: string; dueAt: string } | null;
}

export interface NoticeDetermination {
  version: number;
  source: 'ENGINE' | 'REVIEWER';
  createdAt: string;
  recommendation: Recommendation;
  criteriaResults: readonly CriterionResult[];
  levelOfCare: LevelOfCareVerdict;
  nextSteps: readonly string[];
  metCount: number;
  totalCount: number;
  reviewAction: ReviewAction;
}

export interface NoticeDecision {
  decision: Decision;
  reasons: readonly string[];
  onAppeal: boolean;
  reviewer: ReviewerRecord;
  overrides: readonly CriterionOverrideRecord[];
}

// The decision records as the core stores them (declared once, lambda/engine/decision-records.ts).
export type NoticeAuthorization = AuthorizationRecord;
export type NoticeDenialReason = DenialReasonRecord;
export type NoticeInformationRequest = InformationRequestRecord;

export interface NoticeInput {
  policy: CompiledPolicy;
  case: NoticeCase;
  determination: NoticeDetermination;
  /** The reviewer's decision; null/absent for an ENGINE determination. */
  decision?: NoticeDecision | null;
  /** Present when the determination certifies the request in full or in part (A1, A2, A6). */
  authorization?: NoticeAuthorization | null;
  /** The specific reasons of an adverse determination (A2, A3, A6); [] otherwise. */
  denialReasons: readonly NoticeDenialReason[];
  /** The open request for information, if any. */
  informationRequest?: NoticeInformationRequest | null;
  /** The plan's contact and the member's appeal rights under the case's line of business. */
  letter: LetterContext;
}

/** What the notice announces; decides the headline and which sections appear. */
export type NoticeOutcome =
  | 'AUTO_APPROVED'
  | 'APPROVED'
  | 'APPROVED_ON_APPEAL'
  | 'PARTIALLY_APPROVED'
  | 'MODIFIED'
  | 'DENIED'
  | 'DENIAL_UPHELD'
  | 'PENDED_FOR_REVIEW'
  | 'PENDING_INFORMATION';

export function noticeOutcome(input: Pick<NoticeInput, 'decision' | 'determination' | 'informationRequest'>): NoticeOutcome {
  const d = input.decision;
  if (d) {
    if (d.decision === 'DENIED') return d.onAppeal ? 'DENIAL_UPHELD' : 'DENIED';
    if (d.decision === 'APPROVED') return d.onAppeal ? 'APPROVED_ON_APPEAL' : 'APPROVED';
    return input.determination.reviewAction === 'A6' ? 'MODIFIED' : 'PARTIALLY_APPROVED';
  }
  if (input.informationRequest) return 'PENDING_INFORMATION';
  if (input.determination.reviewAction === 'A1') return 'AUTO_APPROVED';
  if (input.determination.recommendation === 'INSUFFICIENT_INFORMATION') return 'PENDING_INFORMATION';
  return 'PENDED_FOR_REVIEW';
}

const ADVERSE: readonly NoticeOutcome[] = ['DENIED', 'DENIAL_UPHELD', 'PARTIALLY_APPROVED', 'MODIFIED'];
const CERTIFYING: readonly NoticeOutcome[] = ['AUTO_APPROVED', 'APPROVED', 'APPROVED_ON_APPEAL', 'PARTIALLY_APPROVED', 'MODIFIED'];
const APPROVED_IN_FULL: readonly NoticeOutcome[] = ['AUTO_APPROVED', 'APPROVED', 'APPROVED_ON_APPEAL'];

/** The approved setting and days of a certifying determination. */
function approvedLevel(input: NoticeInput): { setting: CareSetting; days: number } {
  const a = input.authorization;
  if (a) return { setting: a.approvedSetting, days: a.approvedInpatientDays };
  const l = input.determination.levelOfCare;
  return { setting: l.recommendedSetting, days: l.approvedInpatientDays };
}

function headline(outcome: NoticeOutcome, input: NoticeInput): string {
  const requested = input.case.requestedLevelOfCare;
  const approved = approvedLevel(input);
  const appeal = input.decision?.onAppeal ? ' on appeal' : '';
  switch (outcome) {
    case 'AUTO_APPROVED':
    case 'APPROVED':
      return 'Approved — medically necessary';
    case 'APPROVED_ON_APPEAL':
      return 'Approved on appeal — medically necessary';
    case 'PARTIALLY_APPROVED':
      return `Partially approved${appeal} — ${plural(approved.days, 'inpatient day')} approved of ${requested.inpatientDays > 0 ? `${requested.inpatientDays} requested` : 'the guideline stay requested'}`;
    case 'MODIFIED':
      return `Partially approved${appeal} (modified) — ${SETTING[approved.setting]} care approved instead of the requested ${SETTING[requested.setting]} care`;
    case 'DENIED':
      return 'Denied — not medically necessary';
    case 'DENIAL_UPHELD':
      return 'Denial upheld on appeal — not medically necessary';
    case 'PENDED_FOR_REVIEW':
      return 'Pended for physician review — no decision has been made yet';
    case 'PENDING_INFORMATION':
      return 'Pending additional information — no decision has been made yet';
  }
}

function whoDecided(input: NoticeInput): string {
  const d = input.decision;
  if (input.determination.source === 'ENGINE' || !d) return input.determination.source === 'ENGINE' ? 'automated review' : 'physician review';
  return d.reviewer.role === 'UM_NURSE' ? 'nurse review' : d.reviewer.role === 'PHYSICIAN_REVIEWER' ? 'physician review' : `review by ${roleWords(d.reviewer.role)}`;
}

function reviewerWords(r: NoticeDecision['reviewer']): string {
  const extra = [r.npi ? `NPI ${md(r.npi)}` : '', r.specialty ? `specialty: ${md(r.specialty)}` : ''].filter(Boolean);
  return `${md(r.sub)} (${[roleWords(r.role), ...extra].join(', ')})`;
}

function header(input: NoticeInput, outcome: NoticeOutcome): string[] {
  const c = input.case;
  const p = input.policy;
  const det = input.determination;
  const service = c.serviceDescription?.trim() ? md(c.serviceDescription.trim()) : md(p.doc.procedure);
  const lines: string[] = [
    `# Medical Necessity Determination for CPT ${md(c.cptCode)} and ${cap(SETTING[c.requestedLevelOfCare.setting])} Level of Care`,
    '',
    ...given('Case', c.id),
    ...given('Member', c.memberId),
    `- Plan: ${md(input.letter.plan.name)} (${md(input.letter.rights.planType)})`,
    ...given('Requesting provider', c.providerId),
    `- Service requested: CPT ${md(c.cptCode)}, ${service}`,
  ];
  if (c.icd10Codes.length) lines.push(`- Diagnoses (ICD-10): ${c.icd10Codes.map(md).join(', ')}`);
  const onAppeal = Boolean(input.decision?.onAppeal);
  lines.push(
    `- Requested level of care: ${requestedWords(c.requestedLevelOfCare)}`,
    `- Review type: ${c.urgency === 'EXPEDITED' ? 'expedited (urgent)' : 'standard'}`,
    // An appeal's decision is due by the appeal's date, not the first review's.
    ...(onAppeal && c.appeal
      ? [`- Appeal received: ${dateTime(c.appeal.filedAt)}; appeal decision due: ${dateTime(c.appeal.dueAt)}`]
      : c.receivedAt && c.dueAt
        ? [`- Received: ${dateTime(c.receivedAt)}; decision due: ${dateTime(c.dueAt)}`]
        : []),
    `- Policy: ${md(p.title)} (version ${p.version}, effective ${p.effectiveFrom})`,
  );
  const by = input.decision && det.source === 'REVIEWER' ? ` — ${reviewerWords(input.decision.reviewer)}` : '';
  lines.push(
    `- Determination made by: ${whoDecided(input)}${onAppeal ? ' on appeal' : ''}${by}${det.createdAt ? `, on ${day(det.createdAt)}` : ''} (determination ${det.version})`,
    '',
    `**Determination: ${headline(outcome, input)}.**`,
    '',
  );
  return lines;
}

/** A header line for a value the caller has; none for an empty one (e.g. no service description). */
const given = (label: string, value: string): string[] => (value ? [`- ${label}: ${md(value)}`] : []);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const byStatus = (rs: readonly CriterionResult[], s: CriterionStatus) => rs.filter((r) => r.status === s);

/** Why the requested level of care differs from the guideline's, without contradicting the setting. */
function levelOfCareDifference(input: NoticeInput, conditional: boolean): string {
  const requested = input.case.requestedLevelOfCare;
  const l = input.determination.levelOfCare;
  const tail = conditional ? ' if medical necessity is established' : '';
  if (requested.setting !== l.recommendedSetting) {
    return `, and ${SETTING[requested.setting]} level of care is NOT indicated (${SETTING[l.recommendedSetting]} care is appropriate${tail})`;
  }
  if (requested.inpatientDays > l.approvedInpatientDays && l.approvedInpatientDays > 0) {
    return `, and the ${plural(requested.inpatientDays, 'inpatient day')} requested exceed the guideline's ${plural(l.approvedInpatientDays, 'day')} (${levelOfCareWords(l.recommendedSetting, l.approvedInpatientDays)} is appropriate${tail})`;
  }
  return '';
}

function primary(input: NoticeInput, outcome: NoticeOutcome): string[] {
  const c = input.case;
  const det = input.determination;
  const service = `${c.serviceDescription?.trim() ? md(c.serviceDescription.trim()) : md(input.policy.doc.procedure)} (CPT ${md(c.cptCode)})`;
  const notMet = byStatus(det.criteriaResults, 'NOT_MET');
  const unsure = byStatus(det.criteriaResults, 'UNSURE');
  const failing = [...notMet, ...unsure];
  const titles = (rs: readonly CriterionResult[]) => list(rs.map((r) => md(r.title)));
  const requested = c.requestedLevelOfCare;
  const failSentence = [
    notMet.length ? `The request does not meet ${plural(notMet.length, 'policy criterion', 'policy criteria')}: ${titles(notMet)}.` : '',
    unsure.length ? `${unsure.length === 1 ? 'One criterion' : `${unsure.length} criteria`} could not be verified from the documentation provided: ${titles(unsure)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const failCites = cite(failing.flatMap((r) => r.citations));
  const allCites = cite(det.criteriaResults.flatMap((r) => r.citations));
  const approved = approvedLevel(input);
  const d = input.decision;
  const reviewer = d ? roleWords(d.reviewer.role) : 'physician reviewer';
  const due = dateTime(c.dueAt);
  let text: string;
  switch (outcome) {
    case 'AUTO_APPROVED':
      text = `The requested ${service} is approved as medically necessary for ${levelOfCareWords(approved.setting, approved.days)}. The request meets all ${det.totalCount} applicable criteria of the policy.${allCites}`;
      break;
    case 'APPROVED':
    case 'APPROVED_ON_APPEAL':
      text =
        `The requested ${service} is approved as medically necessary for ${levelOfCareWords(approved.setting, approved.days)}` +
        (outcome === 'APPROVED_ON_APPEAL' ? `: on appeal, a ${reviewer} reviewed the earlier adverse determination and overturned it.` : `, on review by a ${reviewer}.`) +
        (failing.length
          ? ` The reviewer's clinical judgment decides in place of the automated screening, which could not confirm ${titles(failing)} from the documentation; the reviewer's reasons are given below.${failCites}`
          : ` The request meets all ${det.totalCount} applicable criteria of the policy.${allCites}`);
      break;
    case 'PARTIALLY_APPROVED':
    case 'MODIFIED':
      text =
        `The requested ${service} is approved in part: it is medically necessary for ${levelOfCareWords(approved.setting, approved.days)}, ` +
        `but the requested ${requestedWords(requested)} is NOT medically necessary.` +
        (failSentence ? ` ${failSentence}${failCites}` : '');
      break;
    case 'DENIED':
    case 'DENIAL_UPHELD':
      text =
        `The requested ${service} is **NOT medically necessary** at this time${levelOfCareDifference(input, true)}. ${failSentence || 'The reviewer\'s reasons are given below.'}${failCites}` +
        (outcome === 'DENIAL_UPHELD' ? ` On appeal, a ${reviewer} who took no part in the earlier determination reviewed the case again and upholds the denial.` : '');
      break;
    case 'PENDED_FOR_REVIEW':
      text =
        `No determination has been made yet: the requested ${service} is pended for review by a physician, who will decide by ${due}. ` +
        (failing.length
          ? `Automated screening could not confirm every policy criterion${levelOfCareDifference(input, true)}. ${failSentence}${failCites}`
          : `Automated screening finds every applicable criterion of the policy met${levelOfCareDifference(input, true)}.${allCites}`) +
        ' This is not a denial: software never denies a request.';
      break;
    case 'PENDING_INFORMATION':
      text = input.informationRequest
        ? `No determination has been made yet on the requested ${service}: the reviewer needs the additional information listed below before deciding.` +
          (failSentence ? ` ${failSentence}${failCites}` : '')
        : `No determination has been made yet: automated screening cannot establish from the documentation provided that the requested ${service} is medically necessary. ${failSentence}${failCites} ` +
          `The information listed below is needed. This is not a denial: software never denies a request, and a clinician reviews the case.`;
      break;
  }
  return ['## Primary Recommendation', '', text, ''];
}

function reviewerSection(input: NoticeInput, outcome: NoticeOutcome): string[] {
  const d = input.decision;
  if (!d) return [];
  const titleOf = new Map(input.policy.criteria.map((c) => [c.id, c.title]));
  const out = ['## Reviewer\'s Decision', '', `- Decision: ${headline(outcome, input)}`, `- Decided by: ${reviewerWords(d.reviewer)}, ${day(input.determination.createdAt)}`];
  if (d.reasons.length) {
    out.push('- Reasons:');
    for (const r of d.reasons) out.push(`  - ${md(r)}`);
  }
  if (d.overrides.length) {
    out.push('- Criteria the reviewer decided differently from the automated screening:');
    for (const o of d.overrides) out.push(`  - ${md(titleOf.get(o.criterionId) ?? 'a policy criterion')}: ${STATUS_WORDS[o.status]}. ${md(o.rationale)}`);
  }
  out.push('');
  return out;
}

/** The requested level of care; INPATIENT with 0 days asks for the guideline stay (never "0 inpatient days"). */
function requestedWords(r: { setting: CareSetting; inpatientDays: number }): string {
  return r.setting === 'INPATIENT' && r.inpatientDays === 0 ? `${SETTING.INPATIENT} care, no days stated (the guideline stay)` : levelOfCareWords(r.setting, r.inpatientDays);
}

function authorizationSection(input: NoticeInput): string[] {
  const a = input.authorization;
  if (!a) return [];
  return [
    '## Authorization',
    '',
    `- Authorization number: **${md(a.number)}**`,
    `- Valid from ${day(a.validFrom)} through ${day(a.validTo)}: the service must be performed in this period; the authorization ends on ${day(a.validTo)}.`,
    `- Certified: CPT ${md(a.cptCode)}, ${plural(a.units, 'unit')}, ${levelOfCareWords(a.approvedSetting, a.approvedInpatientDays)}`,
    // Add-on lines share the stay of the line they add to.
    ...(a.lines ?? []).slice(1).map((l) => `- Certified add-on: CPT ${md(l.cptCode)}, ${plural(l.units, 'unit')}, within the same stay`),
    '',
  ];
}

function deficiencies(input: NoticeInput, outcome: NoticeOutcome): string[] {
  const det = input.determination;
  const failing = det.criteriaResults.filter((r) => r.status === 'NOT_MET' || r.status === 'UNSURE');
  if (!failing.length) return [];
  const requirement = new Map(input.policy.criteria.map((c) => [c.id, c.requirement]));
  const approvedInFull = APPROVED_IN_FULL.includes(outcome);
  const heading = approvedInFull ? '## Criteria the Automated Screening Could Not Confirm' : '## Critical Deficiencies in Meeting Medical Necessity Criteria';
  const out = [heading, ''];
  if (approvedInFull) out.push('The reviewer approved the request on clinical review; these findings of the automated screening did not change the decision.', '');
  for (const r of failing) {
    const cites = cite(r.citations);
    const label = approvedInFull ? 'not confirmed by the screening' : r.status === 'NOT_MET' ? 'policy criterion not met' : 'could not be verified';
    out.push(`### ${md(r.title)} (${label})`, '', `${md(r.rationale)}${cites}`, '');
    const req = requirement.get(r.criterionId);
    if (req) out.push(`- The policy requires: ${md(req)}${cites}`);
    for (const e of r.evidence) out.push(`- Documented: ${md(e)}`);
    if (r.status === 'UNSURE' && !approvedInFull) out.push('- The submitted documentation does not allow this criterion to be verified; it counts as not met until it is.');
    out.push('');
  }
  return out;
}

function nextStepsSection(input: NoticeInput, outcome: NoticeOutcome): string[] {
  // Steps toward an approval: none once the service is certified (in full or in part), where
  // "if the procedure is eventually approved" would contradict the decision.
  if (CERTIFYING.includes(outcome) || !input.determination.nextSteps.length) return [];
  const out = ['## Appropriate Next Steps', ''];
  input.determination.nextSteps.forEach((s, i) => out.push(`${i + 1}. ${md(s)}`));
  out.push('');
  return out;
}

function informationSection(input: NoticeInput, outcome: NoticeOutcome): string[] {
  if (outcome !== 'PENDING_INFORMATION') return [];
  const ir = input.informationRequest;
  const det = input.determination;
  const items = ir
    ? ir.items.map(md)
    : det.criteriaResults.filter((r) => r.status === 'UNSURE').map((r) => `${md(r.title)}: ${md(r.nextStep ?? r.rationale)}`);
  const by = ir ? dateTime(ir.respondBy) : dateTime(input.case.dueAt);
  const out = ['## Information Needed', '', 'To complete the review, provide:', ''];
  items.forEach((it, i) => out.push(`${i + 1}. ${it}`));
  out.push(
    '',
    `Respond by **${by}** by sending the updated clinical documentation for this case through the plan's prior-authorization portal or your electronic health record system; the case is then reviewed again.` +
      (ir ? ` Requested on ${dateTime(ir.requestedAt)}.` : ''),
    '',
  );
  return out;
}

function pendedSection(outcome: NoticeOutcome, input: NoticeInput): string[] {
  if (outcome !== 'PENDED_FOR_REVIEW') return [];
  return [
    '## What Happens Next',
    '',
    `A physician reviewer will review the case and make the determination by ${dateTime(input.case.dueAt)}. Software never denies a request: only a physician may decide that a service is not medically necessary. ` +
      'The provider may send more clinical documentation in the meantime; the case is then evaluated again.',
    '',
  ];
}

function denialReasonsSection(input: NoticeInput, outcome: NoticeOutcome): string[] {
  if (!ADVERSE.includes(outcome)) return [];
  const partial = outcome === 'PARTIALLY_APPROVED' || outcome === 'MODIFIED';
  const out = [partial ? '## Specific Reasons for the Partial Denial' : '## Specific Reasons for the Denial', ''];
  const reasons = input.denialReasons.length
    ? input.denialReasons.map((r) => `${md(r.text)}${cite(r.citations)}`)
    : (input.decision?.reasons ?? []).map(md);
  if (reasons.length) reasons.forEach((r, i) => out.push(`${i + 1}. ${r}`));
  else out.push('No specific reason was recorded.');
  out.push('');
  return out;
}

function appealSection(input: NoticeInput, outcome: NoticeOutcome): string[] {
  if (!ADVERSE.includes(outcome)) return [];
  const { rights, plan } = input.letter;
  const from = input.determination.createdAt;
  const bold = (d: string) => `**${d}**`;
  const copy =
    `The member and the requesting provider may ask for a free copy of the policy used (${md(input.policy.title)}, version ${input.policy.version}) and of the case file, ` +
    `including the documents and criteria the decision relied on, from ${md(plan.name)} at ${md(plan.phone)}.`;
  const peer = `**Peer-to-peer discussion:** the requesting provider may discuss this decision with the reviewing physician by calling ${md(plan.name)} at ${md(plan.phone)} and citing case ${md(input.case.id)}.`;
  // Any adverse decision on appeal (upheld denial, partial approval) ends the internal appeal: next level.
  if (input.decision?.onAppeal) {
    return ['## Further Appeal Rights', '', `This decision on appeal completes the plan's internal ${md(rights.appeal.name)}. ${nextLevelSentences(rights, from, bold, 'provider').join(' ')}`, '', copy, '', peer, ''];
  }
  return [
    '## Your Right to Appeal',
    '',
    `${firstAppealSentences(rights, from, bold, 'provider').join(' ')} ` +
      `To appeal, contact ${md(plan.name)} at ${md(plan.phone)} and include any clinical documentation that addresses the reasons above. ` +
      'A physician reviewer who took no part in this determination decides the appeal.',
    '',
    copy,
    '',
    peer,
    '',
  ];
}

function levelOfCareSection(input: NoticeInput, outcome: NoticeOutcome): string[] {
  const l = input.determination.levelOfCare;
  const requested = input.case.requestedLevelOfCare;
  const certifying = CERTIFYING.includes(outcome);
  const setting = certifying ? approvedLevel(input).setting : l.recommendedSetting;
  const days = certifying ? approvedLevel(input).days : l.approvedInpatientDays;
  const inpatient = setting === 'INPATIENT';
  const heading = inpatient ? (days > 0 ? `Inpatient, ${plural(days, 'day')}` : 'Inpatient') : setting === 'OUTPATIENT' ? 'Outpatient Only' : cap(SETTING[setting]);
  const rule = input.policy.doc.levelOfCare.rules.find((r) => r.guideline === l.guideline);
  const citations = rule?.citations ?? [];
  // A reviewer's certification speaks for itself; the engine's verdict is the guideline's.
  const reviewed = Boolean(input.decision);
  const lead = reviewed
    ? certifying
      ? `The reviewer certified ${levelOfCareWords(setting, days)}. The policy's level-of-care guideline for this service is ${md(l.guideline)}${rule && rule.recommendedSetting !== setting ? `, which recommends ${SETTING[rule.recommendedSetting]} care; the reviewer's clinical judgment decides for this case` : ''}.${cite(citations)}`
      : `No level of care is certified because the request is denied. The policy's level-of-care guideline for this service is ${md(l.guideline)}, under which ${SETTING[setting]} care is appropriate if medical necessity is established.${cite(citations)}`
    : `${md(l.rationale)}${cite(citations)}`;
  const stays = inpatient ? `1 (${days > 0 ? plural(days, 'inpatient day') : 'length of stay as certified'})` : 'ZERO (0)';
  const tail = inpatient ? '' : ` - the service belongs in the ${SETTING[setting]} setting${certifying ? '' : ' if medical necessity is established'}.`;
  return [
    `## Level of Care Determination: ${heading}`,
    '',
    lead,
    '',
    `- Requested: ${requestedWords(requested)}`,
    `- ${certifying ? 'Certified' : 'Appropriate'} setting: ${SETTING[setting]} care`,
    `- Inpatient level of care indicated: ${inpatient ? 'yes' : 'no'}`,
    `- Guideline: ${md(l.guideline)}`,
    '',
    `Number of inpatient stays: ${stays}${tail}`,
    '',
  ];
}

function summary(input: NoticeInput, outcome: NoticeOutcome): string[] {
  const det = input.determination;
  const overridden = new Set((input.decision?.overrides ?? []).map((o) => o.criterionId));
  const out = ['## Summary of Policy Compliance', '', '| Criterion | Status | Evidence |', '|---|---|---|'];
  // Under an approval in full, a criterion the documentation did not show is the screening's finding, not the decision's.
  const label = APPROVED_IN_FULL.includes(outcome) ? { ...STATUS_LABEL, NOT_MET: 'Not confirmed by screening' } : STATUS_LABEL;
  for (const r of det.criteriaResults) {
    const evidence = r.evidence.length ? r.evidence.map(md).join('; ') : md(r.rationale);
    const note = overridden.has(r.criterionId) ? ' (decided by the reviewer)' : '';
    out.push(`| ${md(r.title)} | ${label[r.status]} | ${evidence}${note}${cite(r.citations)} |`);
  }
  const na = det.criteriaResults.length - det.totalCount;
  const counted = `${na > 0 ? ` (${na === 1 ? 'one criterion is' : `${na} criteria are`} not applicable to this case and not counted)` : ''}`;
  const tally = `${det.metCount} of ${det.totalCount} applicable policy criteria`;
  const closing: Record<NoticeOutcome, string> = {
    AUTO_APPROVED: `The case meets ${tally}${counted}. The request is approved.`,
    APPROVED: `The documentation confirms ${tally}${counted}; on clinical review, the reviewer approves the request.`,
    APPROVED_ON_APPEAL: `The documentation confirms ${tally}${counted}; on clinical review of the appeal, the reviewer approves the request.`,
    PARTIALLY_APPROVED: `The case meets ${tally}${counted}. The request is approved in part.`,
    MODIFIED: `The case meets ${tally}${counted}. The request is approved in part, in a different setting than requested.`,
    DENIED: `The case meets ${tally}${counted}. The procedure is NOT medically necessary at this time.`,
    DENIAL_UPHELD: `The case meets ${tally}${counted}. The procedure is NOT medically necessary at this time; the denial is upheld on appeal.`,
    PENDED_FOR_REVIEW: `The case meets ${tally}${counted}. No determination has been made yet: a physician reviewer will decide.`,
    PENDING_INFORMATION: `The case meets ${tally}${counted}. No determination has been made yet: the information listed above is needed.`,
  };
  out.push('', closing[outcome], '');
  return out;
}

function sources(input: NoticeInput): string[] {
  const out = ['## Sources', ''];
  for (const s of input.policy.doc.sources) out.push(`${s.number}. ${md(s.text)}`);
  out.push('');
  return out;
}

/** The provider's determination notice as Markdown (Determination.report). Deterministic: same input, same text. */
export function renderNotice(input: NoticeInput): string {
  const outcome = noticeOutcome(input);
  return [
    ...header(input, outcome),
    ...primary(input, outcome),
    ...reviewerSection(input, outcome),
    ...authorizationSection(input),
    ...denialReasonsSection(input, outcome),
    ...informationSection(input, outcome),
    ...pendedSection(outcome, input),
    ...deficiencies(input, outcome),
    ...nextStepsSection(input, outcome),
    ...levelOfCareSection(input, outcome),
    ...summary(input, outcome),
    ...appealSection(input, outcome),
    ...sources(input),
  ].join('\n');
}
