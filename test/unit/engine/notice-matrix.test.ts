// Every shipped policy's examples × every decision shape × every line of business: the
// provider's notice and the member's letter leak no name or raw value, state the outcome
// first, never contradict the decision, give the line of business's own appeal rights, and
// the member's letter reads at Flesch-Kincaid grade 8 or below. Assertions on content, no snapshots.
import { afterAll, describe, expect, it } from 'vitest';
import { compilePolicy, renderMemberLetter, renderNotice, validateFacts, type CompiledPolicy, type NoticeInput } from '../../../lambda/engine';
import { dateTime, md as escapeMd } from '../../../lambda/engine/notice/words';
import { linesOfBusiness, type LineOfBusiness } from '../../../lambda/core/model/case';
import { DEFAULT_PLAN_CONTACT } from '../../../lambda/core/notices/lines-of-business';
import { shippedPolicies } from '../../../policies';
import { fleschKincaidGrade } from '../../support/readability';
import { AUTH_NUMBER, noticeInput, SHAPES, type CaseData, type Shape } from './fixtures/notice-inputs';
import { beforeSources, firstSentenceAfterHeader, leaks, section } from './fixtures/notice-leaks';

const policies: CompiledPolicy[] = shippedPolicies.map((doc) => compilePolicy(doc));
const cases = policies.flatMap((policy) =>
  policy.doc.examples.map((ex) => {
    const v = validateFacts(policy, ex.facts);
    if (!v.ok) throw new Error(`example ${ex.name} must be valid`);
    const c: CaseData = { facts: v.value, requested: ex.requestedLevelOfCare, evaluationDate: ex.evaluationDate ?? policy.effectiveFrom, icd10Codes: ex.icd10Codes ?? [] };
    return { policy, name: `${policy.id}: ${ex.name}`, c };
  }),
);

/** The shapes that are decisions (a pended engine determination issues no notice). */
const isDecision = (shape: Shape, input: NoticeInput) => shape !== 'pendingInformation' && (shape !== 'engine' || input.determination.reviewAction === 'A1');
const APPROVALS: readonly Shape[] = ['engine', 'approvedByNurse', 'approvedOnAppeal'];
const ADVERSE: readonly Shape[] = ['denied', 'denialUpheld', 'partialA2', 'modifiedA6', 'partialOnAppeal'];
/** Adverse decisions on appeal end the plan's internal appeal: the notices give the next level's rights. */
const ADVERSE_ON_APPEAL: readonly Shape[] = ['denialUpheld', 'partialOnAppeal'];

const PROVIDER_OUTCOME: Record<Shape, RegExp> = {
  engine: /^Determination: (Approved — medically necessary|Pended for physician review|Pending additional information)/,
  pendingInformation: /^Determination: Pending additional information — no decision has been made yet\./,
  denied: /^Determination: Denied — not medically necessary\./,
  denialUpheld: /^Determination: Denial upheld on appeal — not medically necessary\./,
  partialA2: /^Determination: Partially approved — 1 inpatient day approved of 3 requested\./,
  modifiedA6: /^Determination: Partially approved \(modified\) — outpatient care approved instead of the requested inpatient care\./,
  approvedByNurse: /^Determination: Approved — medically necessary\./,
  approvedOnAppeal: /^Determination: Approved on appeal — medically necessary\./,
  partialOnAppeal: /^Determination: Partially approved on appeal \(modified\) — outpatient care approved instead of the requested inpatient care\./,
};
const MEMBER_OUTCOME: Partial<Record<Shape, RegExp>> = {
  engine: /^We approved your request for /,
  approvedByNurse: /^We approved your request for /,
  approvedOnAppeal: /^We approved your request for /,
  denied: /^We denied your request for /,
  denialUpheld: /^We looked at your appeal, and we still deny your request for /,
  partialA2: /^We approved part of your request for /,
  modifiedA6: /^We approved part of your request for /,
  partialOnAppeal: /^We approved part of your request for /,
};

/** What each line of business's notices must say after a first adverse decision, and after an upheld one. */
const RIGHTS: Record<LineOfBusiness, { first: RegExp[]; upheld: RegExp[] }> = {
  COMMERCIAL: { first: [/internal appeal/, /180 days/, /external review/, /4 months/], upheld: [/external review/, /4 months/] },
  EXCHANGE: { first: [/internal appeal/, /180 days/, /external review/, /4 months/], upheld: [/external review/, /4 months/] },
  MEDICARE_ADVANTAGE: { first: [/reconsideration/, /65 days/, /72 hours/, /independent review entity/], upheld: [/independent review entity/] },
  MEDICAID: { first: [/appeal/, /60 days/, /State fair hearing/, /120 days/], upheld: [/State fair hearing/, /120 days/] },
};
const WITH_STATEMENTS: readonly LineOfBusiness[] = ['MEDICARE_ADVANTAGE', 'MEDICAID', 'EXCHANGE'];

/** The seed's layout, shape by shape (what does not depend on the line of business). */
function providerLayout(input: NoticeInput, md: string, shape: Shape): void {
  const lines = md.split('\n');
  const d = input.determination;
  const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Criterion |'));
  expect(rows).toHaveLength(d.criteriaResults.length);
  rows.forEach((row) => expect(row.split(/(?<!\\)\|/)).toHaveLength(5));
  expect(d.totalCount).toBe(d.criteriaResults.length - d.criteriaResults.filter((r) => r.status === 'NOT_APPLICABLE').length);
  expect(md).toMatch(new RegExp(`(meets|confirms) ${d.metCount} of ${d.totalCount} applicable policy criteria`));
  const failing = d.criteriaResults.filter((r) => r.status === 'NOT_MET' || r.status === 'UNSURE');
  for (const r of failing) expect(lines.some((l) => l.startsWith(`### ${escapeMd(r.title)} (`))).toBe(true);
  if (ADVERSE.includes(shape)) {
    const reasons = section(md, shape === 'partialA2' || shape === 'modifiedA6' || shape === 'partialOnAppeal' ? '## Specific Reasons for the Partial Denial' : '## Specific Reasons for the Denial');
    expect(input.denialReasons.length).toBeGreaterThan(0);
    for (const r of input.denialReasons) expect(reasons).toContain(r.text);
  } else {
    expect(md).not.toMatch(/## (Specific Reasons|Your Right to Appeal|Further Appeal Rights)/);
  }
  if (input.authorization) {
    const auth = section(md, '## Authorization');
    expect(auth).toContain(`- Authorization number: **${AUTH_NUMBER}**`);
    expect(auth).toContain(`- Valid from ${input.authorization.validFrom} through ${input.authorization.validTo}`);
  } else {
    expect(md).not.toContain('## Authorization');
  }
  if (input.decision) {
    const rev = section(md, "## Reviewer's Decision");
    for (const r of input.decision.reasons) expect(rev).toContain(r);
    for (const o of input.decision.overrides) expect(rev).toContain(o.rationale);
  }
  if (firstSentenceAfterHeader(md).startsWith('Determination: Pending additional information')) {
    const info = section(md, '## Information Needed');
    const items = input.informationRequest?.items ?? failing.map((r) => escapeMd(r.title));
    for (const it of items) expect(info).toContain(it);
    expect(info).toMatch(/Respond by \*\*\d{4}-\d\d-\d\d( \d\d:\d\d UTC)?\*\*/);
  }
  if (shape === 'engine' && d.reviewAction === 'A4') expect(md).toContain('software never denies a request');
}

let worst = { grade: -Infinity, name: '' };
afterAll(() => {
  // The measure the issue asks for, printed with the test output.
  console.log(`Worst member-letter Flesch-Kincaid grade: ${worst.grade} (${worst.name})`);
});

describe('every notice of every example, decision shape and line of business', () => {
  it('covers an automatic approval, an engine pend and an inpatient certification among the examples', () => {
    const inputs = cases.map(({ policy, c }) => noticeInput(policy, c, 'engine'));
    expect(inputs.map((i) => i.determination.reviewAction)).toEqual(expect.arrayContaining(['A1', 'A4']));
    expect(inputs.some((i) => i.authorization?.approvedSetting === 'INPATIENT')).toBe(true);
  });

  for (const { policy, name, c } of cases) {
    for (const shape of SHAPES) {
      it(`${name} — ${shape}`, () => {
        for (const lob of linesOfBusiness) {
          const input = noticeInput(policy, c, shape, lob);
          const provider = renderNotice(input);
          const where = `${lob}, provider`;
          expect(leaks(policy, provider), where).toEqual([]);
          expect(firstSentenceAfterHeader(provider), where).toMatch(PROVIDER_OUTCOME[shape]);

          const a = input.authorization;
          const certifiedInpatient = a?.approvedSetting === 'INPATIENT';
          const texts: [string, string][] = [[where, provider]];
          if (isDecision(shape, input)) {
            const member = renderMemberLetter(input);
            const mw = `${lob}, member`;
            texts.push([mw, member]);
            expect(leaks(policy, member), mw).toEqual([]);
            expect(firstSentenceAfterHeader(member), mw).toMatch(MEMBER_OUTCOME[shape] as RegExp);
            const grade = fleschKincaidGrade(member);
            if (grade > worst.grade) worst = { grade, name: `${name} — ${shape} — ${lob}` };
            expect(grade, `${mw}: Flesch-Kincaid grade`).toBeLessThanOrEqual(8);
            expect(member).toContain(DEFAULT_PLAN_CONTACT.name);
            expect(member).toContain(DEFAULT_PLAN_CONTACT.phone);
            expect(/civil rights/.test(member) && /another language/.test(member), mw).toBe(WITH_STATEMENTS.includes(lob));
          }

          for (const [w, md] of texts) {
            const body = beforeSources(md);
            if (APPROVALS.includes(shape) && a) expect(body, w).not.toMatch(/not medically necessary/i);
            if (a) expect(body, w).not.toMatch(/if medical necessity is established|eventually (approved|met)/i);
            if (certifiedInpatient) {
              const contradiction = /\b0 inpatient days?\b|inpatient level of care indicated: no|not indicated/i.exec(body);
              expect(contradiction ? body.slice(Math.max(0, contradiction.index - 200), contradiction.index + 60) : null, w).toBeNull();
            }
            if (ADVERSE.includes(shape)) {
              for (const r of ADVERSE_ON_APPEAL.includes(shape) ? RIGHTS[lob].upheld : RIGHTS[lob].first) expect(body, w).toMatch(r);
              // After an appeal, the first-level window is no longer offered.
              if (ADVERSE_ON_APPEAL.includes(shape)) expect(body, w).not.toMatch(/(within|have) (180|65|60) days (of|from) the date of this/);
              expect(body, w).toMatch(/free copy/);
            } else {
              expect(body, w).not.toMatch(/free copy|State fair hearing|independent review entity|external review/);
            }
          }
          // The offer of a peer-to-peer discussion with the reviewing physician, on adverse decisions only.
          expect(/\*\*Peer-to-peer discussion:\*\*/.test(provider), where).toBe(ADVERSE.includes(shape));

          // The provider's notice keeps the reference layout: the table has every criterion, the tally, each failing criterion's section.
          if (lob === 'COMMERCIAL') providerLayout(input, provider, shape);

          // An appeal's decision shows the appeal's dates, not the first review's.
          if (input.decision?.onAppeal && input.case.appeal) {
            expect(provider).toContain(`appeal decision due: ${dateTime(input.case.appeal.dueAt)}`);
            expect(provider).not.toContain(`decision due: ${dateTime(input.case.dueAt)}`);
          }

          // Each criterion's evidence names only what that criterion reads.
          const read = new Map(policy.doc.criteria.map((cr) => [cr.id, new Set(cr.facts)]));
          const factTitles = Object.entries((policy.factSchema as { properties: Record<string, { title?: string }> }).properties).map(([k, v]) => [k, v.title ?? k] as const);
          for (const r of input.determination.criteriaResults) {
            const own = read.get(r.criterionId) ?? new Set<string>();
            const ownTitles = factTitles.filter(([k]) => own.has(k)).map(([, t]) => t);
            for (const [k, title] of factTitles) {
              if (own.has(k) || ownTitles.some((t) => t.includes(title))) continue;
              for (const e of r.evidence) expect(e.startsWith(`${title}:`) || e.startsWith(`${title} `), `${r.criterionId} evidence names ${k}`).toBe(false);
            }
          }
        }
      });
    }
  }
});
