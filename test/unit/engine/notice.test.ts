// renderNotice: the determination notice reads like the reference
// determination (sij-fusion-27279-determination.txt) written for the case,
// speaks facts in the policy's words, and states the decision as the outcome.
import { describe, expect, it } from 'vitest';
import { compilePolicy, renderNotice, validateFacts, type CompiledPolicy } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';
import { CASE_ID, MEMBER_ID, noticeInput, plusDays, PROVIDER_ID, type CaseData } from './fixtures/notice-inputs';
import { leaks, section } from './fixtures/notice-leaks';
import { referenceEvaluationDate, referenceFactsJson, referenceRequested } from './fixtures/reference-case';
import { allMetFacts, facts, outpatient, variedCases } from './fixtures/sij-cases';
import { sij } from './helpers';

const policies: CompiledPolicy[] = shippedPolicies.map((doc) => compilePolicy(doc));
const referenceCase: CaseData = { facts: referenceFactsJson(), requested: referenceRequested, evaluationDate: referenceEvaluationDate, icd10Codes: [] };

// ---- the reference case ----------------------------------------------------------------------

describe('renderNotice: the reference case, section by section', () => {
  const engine = noticeInput(sij, referenceCase, 'engine');
  const denial = noticeInput(sij, referenceCase, 'denied');
  const md = renderNotice(denial);
  const lines = md.split('\n');
  const results = denial.determination.criteriaResults;

  it('opens with the title naming the code and requested level of care, then the outcome', () => {
    expect(lines[0]).toBe('# Medical Necessity Determination for CPT 27279 and Inpatient Level of Care');
    expect(lines[13]).toBe('**Determination: Denied — not medically necessary.**');
  });

  it('has the case header: ids, service, level of care, urgency, dates, policy and who decided when', () => {
    expect(lines.slice(2, 13)).toEqual([
      `- Case: ${CASE_ID}`,
      `- Member: ${MEMBER_ID}`,
      '- Plan: Example Health Plan (commercial health plan)',
      `- Requesting provider: ${PROVIDER_ID}`,
      '- Service requested: CPT 27279, sacroiliac (SI) joint fusion',
      '- Requested level of care: inpatient care, 1 inpatient day',
      '- Review type: standard',
      '- Received: 2026-02-02 09:30 UTC; decision due: 2026-02-16 09:30 UTC',
      '- Policy: Sacroiliac joint fusion (version 1, effective 2026-01-01)',
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
    expect(loc).toContain('No level of care is certified because the request is denied. The policy\'s level-of-care guideline for this service is MCG: Ambulatory, under which outpatient care is appropriate if medical necessity is established. [1, 6, 7]');
    const auto = section(renderNotice(engine), '## Level of Care Determination: Outpatient Only');
    expect(auto).toContain('MCG designates SI joint fusion (CPT 27279) as Ambulatory');
    expect(auto).toContain('(requested: inpatient care, 1 inpatient day(s)). [1, 6, 7]');
    expect(loc).toContain('- Requested: inpatient care, 1 inpatient day');
    expect(loc).toContain('- Guideline: MCG: Ambulatory');
    expect(loc).toMatch(/^Number of inpatient stays: ZERO \(0\) - the service belongs in the outpatient setting if medical necessity is established\.$/m);
  });

  it('has the summary table and "meets 3 of 8"', () => {
    const h = lines.indexOf('| Criterion | Status | Evidence |');
    expect(lines[h + 1]).toBe('|---|---|---|');
    const rows = lines.slice(h + 2, h + 10).map((r) => r.split(/(?<!\\)\|/).map((c) => c.trim()));
    const label = { MET: 'Met', NOT_MET: 'Not met', UNSURE: 'Not verified', NOT_APPLICABLE: 'Not applicable' } as const;
    expect(rows.map((r) => [r[1], r[2]])).toEqual(results.map((r) => [r.title, label[r.status]]));
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
    // Commercial: an internal appeal within 180 days, then an external review within 4 months.
    expect(appeal).toContain(`may ask for an internal appeal within 180 days of the date of this notice, that is by **${plusDays('2026-02-03', 180)}**`);
    expect(appeal).toContain('an external review by an independent review organization within 4 months of that decision');
    expect(appeal).toContain('free copy of the policy used (Sacroiliac joint fusion, version 1) and of the case file');
    expect(appeal).toContain(`**Peer-to-peer discussion:** the requesting provider may discuss this decision with the reviewing physician by calling Example Health Plan at 1-800-555-0100 (TTY 711) and citing case ${CASE_ID}.`);
    const ma = section(renderNotice(noticeInput(sij, referenceCase, 'denied', 'MEDICARE_ADVANTAGE')), '## Your Right to Appeal');
    expect(ma).toContain(`may ask for a reconsideration within 65 days of the date of this notice, that is by **${plusDays('2026-02-03', 65)}**`);
    expect(ma).toContain('the case is sent automatically to the independent review entity');
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
    expect(auto).toContain('**Determination: Pended for physician review — no decision has been made yet.**');
    expect(auto).toContain('software never denies a request');
    expect(auto).toContain('A physician reviewer will review the case and make the determination by 2026-02-16 09:30 UTC.');
    expect(auto).not.toContain('## Your Right to Appeal');
    expect(auto).not.toContain('## Authorization');
  });

  it('is deterministic', () => {
    expect(renderNotice(noticeInput(sij, referenceCase, 'denied'))).toBe(md);
  });
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
    // Statuses are words everywhere, the status column included.
    expect(leaks(sij, '| A | Not met | x |')).toEqual([]);
    expect(leaks(sij, '| A | MET | UNSURE |')).toEqual(expect.arrayContaining(['enum value MET', 'enum value UNSURE']));
    // API names are camelCase identifiers.
    expect(leaks(sij, 'Respond by updating the case (updateClinicalFacts in the prior-authorization service); appealCase for case 1.')).toEqual([
      'camelCase updateClinicalFacts',
      'camelCase appealCase',
    ]);
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
    expect(md).toContain('**Determination: Approved on appeal — medically necessary.**');
    expect(section(md, '## Primary Recommendation')).toMatch(/is approved as medically necessary for inpatient care, 1 inpatient day: on appeal, a physician reviewer/);
    expect(section(md, "## Reviewer's Decision")).toContain(
      '  - Two separate diagnostic injections with ≥70% relief: met. Peer-to-peer discussion confirmed the finding; the outside record was received.',
    );
    expect(md).toContain('## Criteria the Automated Screening Could Not Confirm');
    expect(md).not.toContain('## Appropriate Next Steps');
    expect(md).not.toMatch(/Not met|NOT MET|not medically necessary/);
    // The appeal's own dates, not the first review's.
    expect(md).toContain('- Appeal received: 2026-02-12 08:00 UTC; appeal decision due: 2026-02-15 08:00 UTC');
    expect(md).toContain('on clinical review of the appeal, the reviewer approves the request.');
  });

  it('a partial approval to outpatient (A6) shows the authorization for 0 inpatient days', () => {
    const md = renderNotice(noticeInput(sij, referenceCase, 'modifiedA6'));
    expect(section(md, '## Authorization')).toContain('- Certified: CPT 27279, 1 unit, outpatient care');
    expect(md).toContain('is approved in part: it is medically necessary for outpatient care, but the requested inpatient care, 1 inpatient day is NOT medically necessary.');
    expect(md).toContain('## Level of Care Determination: Outpatient Only');
    expect(md).toMatch(/^Number of inpatient stays: ZERO \(0\) - the service belongs in the outpatient setting\.$/m);
  });

  it('a pend whose only change is fewer inpatient days does not call inpatient care "not indicated"', () => {
    const knee = policies.find((p) => p.id === 'knee-arthroplasty');
    const ex = knee?.doc.examples.find((e) => e.name.startsWith('Risk factors (age 82'));
    if (!knee || !ex) throw new Error('knee-arthroplasty has the 4-days example');
    const v = validateFacts(knee, ex.facts);
    if (!v.ok) throw new Error('valid');
    const md = renderNotice(noticeInput(knee, { facts: v.value, requested: ex.requestedLevelOfCare, evaluationDate: ex.evaluationDate ?? '2026-02-02', icd10Codes: [] }, 'engine'));
    const p = section(md, '## Primary Recommendation');
    expect(p).toContain("the 4 inpatient days requested exceed the guideline's 2 days (inpatient care, 2 inpatient days is appropriate if medical necessity is established)");
    expect(md).not.toMatch(/inpatient level of care is NOT indicated/i);
  });

  it('a partial approval of fewer inpatient days counts one stay of the certified days, and no step "if eventually approved"', () => {
    const md = renderNotice(noticeInput(sij, referenceCase, 'partialA2'));
    expect(md).toContain('**Determination: Partially approved — 1 inpatient day approved of 3 requested.**');
    expect(md).toMatch(/^Number of inpatient stays: 1 \(1 inpatient day\)$/m);
    expect(md).toContain('- Inpatient level of care indicated: yes');
    expect(md).not.toMatch(/eventually|## Appropriate Next Steps/);
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
    expect(md.split('\n').filter((l) => l.includes('| Not applicable |'))).toHaveLength(4);
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
