// renderNotice: the determination notice reads like the reference
// determination (sij-fusion-27279-determination.txt) written for the case,
// speaks facts in the policy's words, and states the decision as the outcome.
import { describe, expect, it } from 'vitest';
import { compilePolicy, renderNotice, validateFacts, type CompiledPolicy, type NoticeInput } from '../../../lambda/engine';
import { md as escapeMd } from '../../../lambda/engine/notice/words';
import { shippedPolicies } from '../../../policies';
import { AUTH_NUMBER, CASE_ID, MEMBER_ID, noticeInput, plusDays, PROVIDER_ID, SHAPES, type CaseData, type Shape } from './fixtures/notice-inputs';
import { referenceEvaluationDate, referenceFactsJson, referenceRequested } from './fixtures/reference-case';
import { allMetFacts, facts, outpatient, variedCases } from './fixtures/sij-cases';
import { sij } from './helpers';

const policies: CompiledPolicy[] = shippedPolicies.map((doc) => compilePolicy(doc));
const referenceCase: CaseData = { facts: referenceFactsJson(), requested: referenceRequested, evaluationDate: referenceEvaluationDate, icd10Codes: [] };

// ---- what a notice must never show -------------------------------------------------------

type Json = { [k: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every property name of the fact schema at any depth, with its dotted path. */
function schemaNames(schema: unknown, prefix = ''): { names: Set<string>; paths: Set<string>; enums: Set<string> } {
  const out = { names: new Set<string>(), paths: new Set<string>(), enums: new Set<string>() };
  const walk = (node: unknown, path: string) => {
    if (!isObject(node)) return;
    if (Array.isArray(node['enum'])) for (const v of node['enum']) out.enums.add(String(v));
    if (isObject(node['items'])) walk(node['items'], path);
    if (isObject(node['properties'])) {
      for (const [k, child] of Object.entries(node['properties'])) {
        out.names.add(k);
        const p = path ? `${path}.${k}` : k;
        if (path) out.paths.add(p);
        walk(child, p);
      }
    }
  };
  walk(schema, prefix);
  return out;
}

/** The plain-words texts a policy itself gives (titles, display texts, requirements, sources). */
function policyTexts(policy: CompiledPolicy): string[] {
  const texts: string[] = [policy.title, policy.doc.procedure, ...policy.doc.sources.map((s) => s.text)];
  for (const c of policy.criteria) texts.push(c.title, c.requirement);
  const walk = (node: unknown) => {
    if (!isObject(node)) return;
    if (typeof node['title'] === 'string') texts.push(node['title']);
    if (isObject(node['x-enumTitles'])) texts.push(...Object.values(node['x-enumTitles']).map(String));
    if (isObject(node['items'])) walk(node['items']);
    if (isObject(node['properties'])) Object.values(node['properties']).forEach(walk);
  };
  walk(policy.factSchema);
  return texts;
}

const CONTRACT_ENUMS = [
  'INPATIENT', 'OBSERVATION', 'OUTPATIENT', 'MEDICALLY_NECESSARY', 'NOT_MEDICALLY_NECESSARY', 'INSUFFICIENT_INFORMATION',
  'APPROVED', 'PARTIALLY_APPROVED', 'DENIED', 'MET', 'NOT_MET', 'UNSURE', 'NOT_APPLICABLE', 'STANDARD', 'EXPEDITED',
  'ENGINE', 'REVIEWER', 'PHYSICIAN_REVIEWER', 'UM_NURSE', 'A1', 'A2', 'A3', 'A4', 'A6',
];

/** The notice without the status cells of the summary table (the one place statuses are spelled as codes). */
function withoutStatusColumn(md: string): string {
  return md
    .split('\n')
    .map((line) => {
      if (!line.startsWith('| ') || line === '| Criterion | Status | Evidence |') return line;
      const cells = line.split(/(?<!\\)\|/);
      return cells.length === 5 ? [cells[0], cells[1], ' ', cells[3], cells[4]].join('|') : line;
    })
    .join('\n');
}

const word = (w: string) => new RegExp(`(?<![\\w.])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`);

/** Field names, JSON paths and raw enum values in the notice (outside the status column). */
function leaks(policy: CompiledPolicy, md: string): string[] {
  const text = withoutStatusColumn(md);
  const { names, paths, enums } = schemaNames(policy.factSchema);
  const allowed = policyTexts(policy).join('\n');
  // Titles end in ordinary words ("Planned surgery date"): a one-word name is looked for outside them.
  const titles = policyTexts(policy)
    .filter((t) => /\s/.test(t.trim()))
    .sort((a, b) => b.length - a.length);
  const untitled = titles.reduce((t, title) => t.split(title).join(' '), text);
  const found: string[] = [];
  for (const n of names) {
    // camelCase names are field names wherever they appear; a one-word name
    // ("date", "status") is ordinary English, and leaks only as a label "status:".
    const fieldLike = /[A-Z0-9_]/.test(n);
    if (fieldLike ? word(n).test(text) : new RegExp(`(?<![\\w.])${n}: `).test(untitled)) found.push(`property ${n}`);
  }
  for (const p of paths) if (text.includes(p)) found.push(`path ${p}`);
  for (const v of [...enums, ...CONTRACT_ENUMS, ...policy.criteria.map((c) => c.id)]) {
    if (word(v).test(text) && !word(v).test(allowed)) found.push(`enum value ${v}`);
  }
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g)) found.push(`UPPER_SNAKE ${m[0]}`);
  return [...new Set(found)];
}

// ---- shape expectations ----------------------------------------------------------------------

const ADVERSE: readonly Shape[] = ['denied', 'denialUpheld', 'partialA2', 'modifiedA6'];
const CERTIFYING = (input: NoticeInput) => Boolean(input.authorization);

function expectedHeadline(shape: Shape, input: NoticeInput): string {
  switch (shape) {
    case 'engine':
      if (input.determination.reviewAction === 'A1') return 'Approved — medically necessary';
      return input.determination.recommendation === 'INSUFFICIENT_INFORMATION'
        ? 'Pending additional information — no decision has been made yet'
        : 'Pended for physician review — no decision has been made yet';
    case 'pendingInformation':
      return 'Pending additional information — no decision has been made yet';
    case 'denied':
      return 'Denied — not medically necessary';
    case 'denialUpheld':
      return 'Denial upheld on appeal — not medically necessary';
    case 'partialA2':
      return 'Partially approved — 1 inpatient day approved of 3 requested';
    case 'modifiedA6':
      return 'Partially approved (modified) — outpatient care approved instead of the requested inpatient care';
    case 'approvedByNurse':
      return 'Approved — medically necessary';
    case 'approvedOnAppeal':
      return 'Approved on appeal — medically necessary';
  }
}

function section(md: string, heading: string): string {
  const lines = md.split('\n');
  const i = lines.indexOf(heading);
  if (i < 0) return '';
  const end = lines.findIndex((l, j) => j > i && l.startsWith('## '));
  return lines.slice(i + 1, end < 0 ? undefined : end).join('\n');
}

// ---- the reference case ----------------------------------------------------------------------

describe('renderNotice: the reference case, section by section', () => {
  const engine = noticeInput(sij, referenceCase, 'engine');
  const denial = noticeInput(sij, referenceCase, 'denied');
  const md = renderNotice(denial);
  const lines = md.split('\n');
  const results = denial.determination.criteriaResults;

  it('opens with the title naming the code and requested level of care, then the outcome', () => {
    expect(lines[0]).toBe('# Medical Necessity Determination for CPT 27279 and Inpatient Level of Care');
    expect(lines[2]).toBe('**Determination: Denied — not medically necessary**');
  });

  it('has the case header: ids, service, level of care, urgency, dates, policy and who decided when', () => {
    expect(lines.slice(4, 14)).toEqual([
      `- Case: ${CASE_ID}`,
      `- Member: ${MEMBER_ID}`,
      `- Requesting provider: ${PROVIDER_ID}`,
      '- Service requested: CPT 27279, sacroiliac (SI) joint fusion',
      '- Requested level of care: inpatient care, 1 inpatient day',
      '- Review type: standard',
      '- Received: 2026-02-02 09:30 UTC; decision due: 2026-02-16 09:30 UTC',
      '- Policy: Sacroiliac joint fusion (sij-fusion, version 1, effective 2026-01-01)',
      '- Determination made by: physician review — dr-42 (physician reviewer, NPI 1234567893, specialty: Orthopaedic surgery), on 2026-02-03 (determination 2)',
      '',
    ]);
    const auto = renderNotice(engine).split('\n');
    expect(auto).toContain('- Determination made by: automated review, on 2026-02-02 (determination 1)');
  });

  it('gives the primary recommendation in one paragraph naming the failing criteria, with sources', () => {
    const p = section(md, '## Primary Recommendation').trim();
    expect(p.split('\n')).toHaveLength(1);
    expect(p).toMatch(
      /^The requested sacroiliac \(SI\) joint fusion \(CPT 27279\) is \*\*NOT medically necessary\*\* at this time, and inpatient level of care is NOT indicated \(outpatient care is appropriate if medical necessity is established\)\./,
    );
    expect(p).toContain(
      'does not meet 4 policy criteria: Two separate diagnostic injections with ≥70% relief; Duration of relief documented; Other pain generators ruled out; and Radiologic evidence of SI joint degeneration.',
    );
    expect(p).toContain('One criterion could not be verified from the documentation provided: Nicotine-free status verified. [1, 2, 3]');
  });

  it('has each NOT_MET and UNSURE criterion as its own critical-deficiency section with evidence and citations', () => {
    const body = section(md, '## Critical Deficiencies in Meeting Medical Necessity Criteria');
    const headings = body.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual([
      '### Two separate diagnostic injections with ≥70% relief (policy criterion not met)',
      '### Duration of relief documented (policy criterion not met)',
      '### Other pain generators ruled out (policy criterion not met)',
      '### Radiologic evidence of SI joint degeneration (policy criterion not met)',
      '### Nicotine-free status verified (could not be verified)',
    ]);
    expect(body).toContain(
      'Only one qualifying diagnostic injection is documented (on 2025-11-12 under fluoroscopic guidance, 80% relief); two separate qualifying injections on different dates are required. [1, 2]',
    );
    expect(body).toContain(
      '- Documented: Diagnostic SI joint injection on 2025-11-12: fluoroscopic guidance, 80% pain relief, isolated to the SI joint; relief duration not documented, included steroid not documented',
    );
    expect(body).toMatch(/^- The policy requires: At least two diagnostic SI joint injections on different dates.*at least 70% improvement.* \[1, 2\]$/m);
    expect(body).toContain('competing findings are documented: T7-T8 and T9-T10 disc degeneration');
    expect(body).toContain('No imaging of the SI joint is documented. [1]');
    expect(body).toContain('Nicotine status is not documented (recorded as unknown), and no nicotine or cotinine lab report is documented. [1]');
    expect(body).not.toContain('6 months conservative treatment');
  });

  it('lists the appropriate next steps', () => {
    const steps = section(md, '## Appropriate Next Steps').trim().split('\n');
    expect(steps).toEqual(denial.determination.nextSteps.map((s, i) => `${i + 1}. ${s}`));
    expect(steps[0]).toMatch(/^1\. Perform a second fluoroscopically or CT guided diagnostic SI joint injection/);
  });

  it('has the level-of-care determination: outpatient only, zero inpatient stays, the guideline', () => {
    const loc = section(md, '## Level of Care Determination: Outpatient Only');
    expect(loc).toContain('MCG designates SI joint fusion (CPT 27279) as Ambulatory');
    expect(loc).toContain('(requested: inpatient care, 1 inpatient day(s)). [1, 6, 7]');
    expect(loc).toContain('- Requested: inpatient care, 1 inpatient day');
    expect(loc).toContain('- Guideline: MCG: Ambulatory');
    expect(loc).toMatch(/^Number of inpatient stays: ZERO \(0\) - the service belongs in the outpatient setting if medical necessity is established\.$/m);
  });

  it('has the summary table and "meets 3 of 8"', () => {
    const h = lines.indexOf('| Criterion | Status | Evidence |');
    expect(lines[h + 1]).toBe('|---|---|---|');
    const rows = lines.slice(h + 2, h + 10).map((r) => r.split(/(?<!\\)\|/).map((c) => c.trim()));
    expect(rows.map((r) => [r[1], r[2]])).toEqual(results.map((r) => [r.title, r.status.replace('_', ' ')]));
    expect(rows[6]?.[3]).toBe('Baseline pain score (NRS 0-10): 7 [1]');
    expect(rows[7]?.[3]).toBe("Positive provocation tests: thigh thrust, FABER (Patrick's test), compression [1, 3]");
    expect(lines[h + 10]).toBe('');
    expect(lines[h + 11]).toBe('The case meets 3 of 8 applicable policy criteria. The procedure is NOT medically necessary at this time.');
  });

  it('gives the specific reasons with citations and the appeal rights with a date', () => {
    const reasons = section(md, '## Specific Reasons for the Denial').trim().split('\n');
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    expect(reasons[0]).toMatch(/^1\. Only one qualifying diagnostic injection is documented.*The policy requires: .* \[1, 2\]$/);
    const appeal = section(md, '## Your Right to Appeal');
    expect(appeal).toContain('within 60 days of this notice, that is by **2026-04-04**');
    expect(appeal).toContain(`appealCase for case ${CASE_ID}`);
    expect(renderNotice({ ...denial, appealWindowDays: 180 })).toContain(`that is by **${plusDays('2026-02-03', 180)}**`);
  });

  it('ends with the numbered sources', () => {
    const src = section(md, '## Sources').trim().split('\n');
    expect(src).toEqual(sij.doc.sources.map((s) => `${s.number}. ${s.text}`));
  });

  it('keeps the reference order of sections', () => {
    const order = [
      '## Primary Recommendation',
      "## Reviewer's Decision",
      '## Specific Reasons for the Denial',
      '## Critical Deficiencies in Meeting Medical Necessity Criteria',
      '## Appropriate Next Steps',
      '## Level of Care Determination: Outpatient Only',
      '## Summary of Policy Compliance',
      '## Your Right to Appeal',
      '## Sources',
    ].map((h) => lines.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('as an engine pend: says a physician will review and that software never denies', () => {
    const auto = renderNotice(engine);
    expect(auto).toContain('**Determination: Pended for physician review — no decision has been made yet**');
    expect(auto).toContain('software never denies a request');
    expect(auto).toContain('A physician reviewer will review the case and make the determination by 2026-02-16 09:30 UTC.');
    expect(auto).not.toContain('## Your Right to Appeal');
    expect(auto).not.toContain('## Authorization');
  });

  it('is deterministic', () => {
    expect(renderNotice(noticeInput(sij, referenceCase, 'denied'))).toBe(md);
  });
});

// ---- every example of every shipped policy, every decision shape -----------------------------

describe('renderNotice: every shipped policy example in every decision shape', () => {
  const cases = policies.flatMap((policy) =>
    policy.doc.examples.map((ex) => {
      const v = validateFacts(policy, ex.facts);
      if (!v.ok) throw new Error(`example ${ex.name} must be valid`);
      const c: CaseData = { facts: v.value, requested: ex.requestedLevelOfCare, evaluationDate: ex.evaluationDate ?? policy.effectiveFrom, icd10Codes: ex.icd10Codes ?? [] };
      return { policy, name: `${policy.id}: ${ex.name}`, c };
    }),
  );

  it('covers an automatic approval and an engine pend among the examples', () => {
    const actions = cases.map(({ policy, c }) => noticeInput(policy, c, 'engine').determination.reviewAction);
    expect(actions).toContain('A1');
    expect(actions).toContain('A4');
  });

  for (const { policy, name, c } of cases) {
    for (const shape of SHAPES) {
      it(`${name} — ${shape}`, () => {
        const input = noticeInput(policy, c, shape);
        const md = renderNotice(input);
        const lines = md.split('\n');

        expect(leaks(policy, md)).toEqual([]);
        expect(lines[2]).toBe(`**Determination: ${expectedHeadline(shape, input)}**`);

        const d = input.determination;
        const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Criterion |'));
        expect(rows).toHaveLength(d.criteriaResults.length);
        rows.forEach((row) => expect(row.split(/(?<!\\)\|/)).toHaveLength(5));
        const na = d.criteriaResults.filter((r) => r.status === 'NOT_APPLICABLE').length;
        expect(d.totalCount).toBe(d.criteriaResults.length - na);
        expect(md).toContain(`The case meets ${d.metCount} of ${d.totalCount} applicable policy criteria`);

        const failing = d.criteriaResults.filter((r) => r.status === 'NOT_MET' || r.status === 'UNSURE');
        for (const r of failing) expect(lines).toContain(`### ${escapeMd(r.title)} (${r.status === 'NOT_MET' ? 'policy criterion not met' : 'could not be verified'})`);

        if (ADVERSE.includes(shape)) {
          const heading = shape === 'partialA2' || shape === 'modifiedA6' ? '## Specific Reasons for the Partial Denial' : '## Specific Reasons for the Denial';
          const reasons = section(md, heading);
          expect(input.denialReasons.length).toBeGreaterThan(0);
          for (const r of input.denialReasons) expect(reasons).toContain(r.text);
          const appeal = section(md, shape === 'denialUpheld' ? '## Further Appeal Rights' : '## Your Right to Appeal');
          expect(appeal).toContain(`that is by **${plusDays(d.createdAt, 60)}**`);
          expect(appeal).toMatch(/appeal process/);
        } else {
          expect(md).not.toMatch(/## (Specific Reasons|Your Right to Appeal|Further Appeal Rights)/);
        }

        if (CERTIFYING(input)) {
          const a = input.authorization as NonNullable<NoticeInput['authorization']>;
          const auth = section(md, '## Authorization');
          expect(auth).toContain(`- Authorization number: **${AUTH_NUMBER}**`);
          expect(auth).toContain(`- Valid from ${a.validFrom} through ${a.validTo}`);
        } else {
          expect(md).not.toContain('## Authorization');
        }

        if (shape === 'approvedOnAppeal' || shape === 'approvedByNurse' || (shape === 'engine' && d.reviewAction === 'A1')) {
          // The policy's own sources may quote "not medically necessary" (knee [14]); the notice's words may not.
          expect(md.split('## Sources')[0]).not.toMatch(/not medically necessary/i);
          expect(md).not.toContain('## Critical Deficiencies');
        }
        if (input.decision) {
          const rev = section(md, "## Reviewer's Decision");
          for (const r of input.decision.reasons) expect(rev).toContain(r);
          for (const o of input.decision.overrides) expect(rev).toContain(o.rationale);
        }
        if (expectedHeadline(shape, input).startsWith('Pending additional information')) {
          const info = section(md, '## Information Needed');
          const items = input.informationRequest?.items ?? failing.map((r) => escapeMd(r.title));
          for (const it of items) expect(info).toContain(it);
          expect(info).toMatch(/Respond by \*\*\d{4}-\d\d-\d\d( \d\d:\d\d UTC)?\*\*/);
        }
        if (shape === 'engine' && d.reviewAction === 'A4') expect(md).toContain('software never denies a request');
      });
    }
  }
});

describe('renderNotice: wording', () => {
  it('the leak check finds the first release\'s field names, paths and raw values', () => {
    const old = [
      'Nicotine status is documented as unknown (nicotine.status: UNKNOWN).',
      'Other pain generators are not documented as ruled out (otherPainGeneratorsRuledOut: no).',
      'Only one qualifying injection (2025-11-12, FLUOROSCOPIC guidance); positiveProvocationTests: THIGH_THRUST; FABER.',
      'requested: INPATIENT; status: FORMER',
    ].join('\n');
    expect(leaks(sij, old)).toEqual(
      expect.arrayContaining([
        'property otherPainGeneratorsRuledOut',
        'property positiveProvocationTests',
        'property status',
        'path nicotine.status',
        'enum value UNKNOWN',
        'enum value FLUOROSCOPIC',
        'enum value THIGH_THRUST',
        'enum value FORMER',
        'enum value INPATIENT',
        'UPPER_SNAKE THIGH_THRUST',
      ]),
    );
    // A display text that is spelled like its value (CT, MRI, FABER) is the policy's own word.
    expect(leaks(sij, 'SI joint imaging (CT) shows degeneration; FABER (Patrick\'s test)')).toEqual([]);
    // The status column may spell statuses; the evidence column may not.
    expect(leaks(sij, '| A | NOT MET | x |')).toEqual([]);
    expect(leaks(sij, '| A | MET | UNSURE |')).toEqual(['enum value UNSURE']);
  });

  it('speaks every branch of the SIJ policy in plain words (no field names, raw values or paths)', () => {
    for (const c of variedCases()) {
      for (const shape of ['engine', 'denied'] as const) {
        const md = renderNotice(noticeInput(sij, { facts: c.facts, requested: c.requested, evaluationDate: '2026-02-02', icd10Codes: [] }, shape));
        expect(leaks(sij, md)).toEqual([]);
      }
    }
  });

  it('an approval on appeal states the reviewer, the reasons and the overridden criterion', () => {
    const md = renderNotice(noticeInput(sij, referenceCase, 'approvedOnAppeal'));
    expect(md).toContain('**Determination: Approved on appeal — medically necessary**');
    expect(section(md, '## Primary Recommendation')).toMatch(/is \*\*medically necessary\*\* and is approved for inpatient care, 1 inpatient day: on appeal, a physician reviewer/);
    expect(section(md, "## Reviewer's Decision")).toContain(
      '  - Two separate diagnostic injections with ≥70% relief: met. Peer-to-peer discussion confirmed the finding; the outside record was received.',
    );
    expect(md).toContain('## Criteria Not Met on the Documentation');
    expect(md).not.toContain('## Appropriate Next Steps');
  });

  it('a partial approval to outpatient (A6) shows the authorization for 0 inpatient days', () => {
    const md = renderNotice(noticeInput(sij, referenceCase, 'modifiedA6'));
    expect(section(md, '## Authorization')).toContain('- Certified: CPT 27279, 1 unit, outpatient care');
    expect(md).toContain('is **approved in part**: it is medically necessary for outpatient care, but the requested inpatient care, 1 inpatient day is NOT medically necessary.');
    expect(md).toContain('## Level of Care Determination: Outpatient Only');
    expect(md).toMatch(/^Number of inpatient stays: ZERO \(0\) - the service belongs in the outpatient setting\.$/m);
  });

  it('a nurse approval names the reviewer as a nurse', () => {
    const md = renderNotice(noticeInput(sij, { ...referenceCase, facts: facts(allMetFacts), requested: outpatient }, 'approvedByNurse'));
    expect(md).toContain('- Determination made by: nurse review — nurse-7 (utilization management nurse), on 2026-02-03 (determination 2)');
  });

  it('counts not-applicable criteria apart and shows them as not applicable', () => {
    const mri = policies.find((p) => p.id === 'lumbar-mri');
    if (!mri) throw new Error('lumbar-mri is shipped');
    const ex = mri.doc.examples.find((e) => (e.icd10Codes ?? []).includes('g83.4'));
    if (!ex) throw new Error('lumbar-mri has a coded red-flag example');
    const v = validateFacts(mri, ex.facts);
    if (!v.ok) throw new Error('valid');
    const md = renderNotice(noticeInput(mri, { facts: v.value, requested: ex.requestedLevelOfCare, evaluationDate: ex.evaluationDate ?? '2026-02-02', icd10Codes: ex.icd10Codes ?? [] }, 'engine'));
    expect(md.split('\n').filter((l) => l.includes('| NOT APPLICABLE |'))).toHaveLength(4);
    expect(md).toContain('The case meets 1 of 1 applicable policy criteria (4 criteria are not applicable to this case and not counted).');
    expect(md).toContain('- Diagnoses (ICD-10): g83.4');
  });

  it('escapes submitted free text so it cannot break the table, add headings or inject HTML', () => {
    const hostile = 'a | b <img src=x> *c* [l](http://x)\n# d';
    const input = noticeInput(sij, { ...referenceCase, facts: facts(allMetFacts, { otherPainGeneratorsRuledOut: false, competingFindings: [hostile] }) }, 'denied');
    const md = renderNotice({
      ...input,
      case: { ...input.case, serviceDescription: hostile, id: 'C|1' },
      decision: input.decision ? { ...input.decision, reasons: [hostile] } : null,
    });
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/^# d/m);
    expect(md).not.toContain('[l](http');
    const row = md.split('\n').find((l) => l.startsWith('| Other pain generators ruled out'));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(5);
    expect(md).toContain('- Case: C\\|1');
  });
});
