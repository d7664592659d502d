// Markdown report laid out like the reference determination
// (docs: sij-fusion-27279-determination.txt). Pure: renders only what it is
// given, and it is never given member identifiers. Submitted free text is
// escaped so it cannot inject Markdown/HTML structure into the report.
import type { CompiledPolicy } from './compile';
import type { PolicyDocument } from './policy-schema';
import type {
  CareSetting,
  CriterionResult,
  CriterionStatus,
  Decision,
  DeterminationSource,
  LevelOfCareVerdict,
  Recommendation,
} from './types';

export interface ReportInput {
  policy: CompiledPolicy | PolicyDocument;
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

const SETTING: Record<CareSetting, string> = { INPATIENT: 'Inpatient', OBSERVATION: 'Observation', OUTPATIENT: 'Outpatient' };
const DECISION: Record<Decision, string> = { APPROVED: 'Approved', PARTIALLY_APPROVED: 'Partially approved', DENIED: 'Denied' };
const VERDICT: Record<Recommendation, string> = {
  MEDICALLY_NECESSARY: 'is **medically necessary**',
  NOT_MEDICALLY_NECESSARY: 'is **NOT medically necessary** at this time',
  INSUFFICIENT_INFORMATION: 'cannot be determined as medically necessary from the documentation provided (**insufficient information**)',
};

/** Escapes Markdown/HTML structure in text that may come from a submission. */
function md(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*[\]|~]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const statusLabel = (s: CriterionStatus): string => s.replace('_', ' ');
const cites = (c: readonly string[]): string => (c.length ? ` ${c.join(' ')}` : '');
const days = (n: number): string => (n === 0 ? 'ZERO (0)' : String(n));

function locChanged(l: LevelOfCareVerdict): boolean {
  return l.requestedSetting !== l.recommendedSetting || l.requestedInpatientDays > l.approvedInpatientDays;
}

function primary(doc: PolicyDocument, input: ReportInput): string[] {
  const l = input.levelOfCare;
  const requested = SETTING[l.requestedSetting].toLowerCase();
  const loc = locChanged(l)
    ? `, and ${requested} level of care is **NOT indicated** (recommended: ${SETTING[l.recommendedSetting].toLowerCase()})`
    : `, and the requested ${requested} level of care is supported`;
  const summary = doc.recommendation.rules.find((r) => r.recommendation === input.recommendation)?.summary;
  const byStatus = (s: CriterionStatus) => input.criteriaResults.filter((r) => r.status === s);
  const notMet = byStatus('NOT_MET');
  const unsure = byStatus('UNSURE');
  const citations = [...new Set([...notMet, ...unsure].flatMap((r) => r.citations))].sort(byNumber);
  const out = [
    `The requested ${md(doc.procedure)} (CPT ${md(input.cptCode)}) ${VERDICT[input.recommendation]}${loc}.` +
      `${summary ? ` ${md(summary)}` : ''}${cites(citations.length ? citations : ['[1]'])}`,
  ];
  if (notMet.length) out.push('', `Criteria not met: ${notMet.map((r) => md(r.title)).join('; ')}.`);
  if (unsure.length) out.push('', `Criteria that could not be verified (UNSURE): ${unsure.map((r) => md(r.title)).join('; ')}.`);
  return out;
}

function byNumber(a: string, b: string): number {
  return Number(a.slice(1, -1)) - Number(b.slice(1, -1));
}

function criterionSection(r: CriterionResult, index: number, requirement: string | undefined): string[] {
  const out = [`### ${index + 1}. ${md(r.title)} (${statusLabel(r.status)})`, '', `${md(r.rationale)}${cites(r.citations)}`, ''];
  for (const e of r.evidence) out.push(`- ${md(e)}`);
  if (r.evidence.length) out.push('');
  if (requirement) out.push(`Requirement: ${md(requirement)}${cites(r.citations)}`, '');
  if (r.nextStep) out.push(`Next step: ${md(r.nextStep)}`, '');
  return out;
}

function levelOfCareSection(doc: PolicyDocument, l: LevelOfCareVerdict): string[] {
  const heading =
    l.recommendedSetting === 'OUTPATIENT' && !l.inpatientIndicated ? 'Outpatient Only' : SETTING[l.recommendedSetting];
  const locCitations = doc.levelOfCare.rules.find((r) => r.guideline === l.guideline)?.citations ?? [];
  return [
    `## Level of Care Determination: ${heading}`,
    '',
    `${md(l.rationale)}${cites(locCitations)}`,
    '',
    `- Requested: ${SETTING[l.requestedSetting]}, ${l.requestedInpatientDays} inpatient day(s)`,
    `- Recommended setting: ${SETTING[l.recommendedSetting]}`,
    `- Inpatient level of care indicated: ${l.inpatientIndicated ? 'Yes' : 'No'}`,
    `- Guideline: ${md(l.guideline)}`,
    '',
    `Number of inpatient stays/days: ${days(l.approvedInpatientDays)}` +
      (l.inpatientIndicated ? '' : ` - the procedure belongs in the ${SETTING[l.recommendedSetting].toLowerCase()} setting if medical necessity is established.`),
    '',
  ];
}

function reviewerSection(input: ReportInput): string[] {
  if (input.source !== 'REVIEWER' && !input.decision) return [];
  const out = ['## Reviewer Decision', ''];
  out.push(`- Decision: ${input.decision ? `**${DECISION[input.decision]}**` : 'pending'}`);
  if (input.decidedBy) out.push(`- Decided by: ${md(input.decidedBy)}`);
  const reasons = input.reasons ?? [];
  if (reasons.length) {
    out.push('- Reasons:');
    for (const r of reasons) out.push(`  - ${md(r)}`);
  }
  out.push('');
  return out;
}

export function renderReport(input: ReportInput): string {
  const doc: PolicyDocument = 'doc' in input.policy ? input.policy.doc : input.policy;
  const requirements = new Map(doc.criteria.map((c) => [c.id, c.requirement]));
  const l = input.levelOfCare;
  const origin =
    input.source === 'ENGINE'
      ? 'Engine recommendation: software never denies; anything other than an automatic approval is reviewed by a clinician.'
      : 'Reviewer determination.';

  const lines: string[] = [
    `# Medical Necessity Determination for CPT ${md(input.cptCode)} and ${SETTING[l.requestedSetting]} Level of Care`,
    '',
    `Policy: ${md(doc.title)} (${doc.id} version ${doc.version}, effective ${doc.effectiveFrom}). ${origin}`,
    '',
    '## Primary Recommendation',
    '',
    ...primary(doc, input),
    '',
    ...reviewerSection(input),
    '## Policy Criteria',
    '',
  ];
  input.criteriaResults.forEach((r, i) => lines.push(...criterionSection(r, i, requirements.get(r.criterionId))));
  lines.push(...levelOfCareSection(doc, l));

  lines.push('## Next Steps', '');
  if (input.nextSteps.length) input.nextSteps.forEach((s, i) => lines.push(`${i + 1}. ${md(s)}`));
  else lines.push('None: every criterion is met and the requested level of care is supported.');
  lines.push('');

  lines.push('## Summary of Policy Compliance', '', '| Criterion | Status | Evidence |', '|---|---|---|');
  for (const r of input.criteriaResults) {
    const evidence = r.evidence.length ? r.evidence.map(md).join('; ') : md(r.rationale);
    lines.push(`| ${md(r.title)} | ${statusLabel(r.status)} | ${evidence}${cites(r.citations)} |`);
  }
  lines.push('', `The case meets ${input.metCount} of ${input.totalCount} policy criteria. The requested procedure ${VERDICT[input.recommendation]}.`, '');

  lines.push('## Sources', '');
  for (const s of doc.sources) lines.push(`${s.number}. ${md(s.text)}`);
  lines.push('');
  return lines.join('\n');
}
