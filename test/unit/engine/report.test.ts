// renderReport: laid out like the reference determination.
import { describe, expect, it } from 'vitest';
import { evaluate, renderReport, validateFacts, type Evaluation } from '../../../lambda/engine';
import { referenceCptCode, referenceEvaluationDate, referenceFacts, referenceRequested } from './fixtures/reference-case';
import { allMetFacts, facts, outpatient } from './fixtures/sij-cases';
import { run, sij, sijDoc } from './helpers';

function reference(): Evaluation {
  const v = validateFacts(sij, referenceFacts);
  if (!v.ok) throw new Error('reference facts must be valid');
  return evaluate(sij, v.facts, referenceRequested, referenceEvaluationDate);
}

const render = (e: Evaluation, extra: Partial<Parameters<typeof renderReport>[0]> = {}) =>
  renderReport({ policy: sij, ...e, cptCode: referenceCptCode, source: 'ENGINE', ...extra });

describe('renderReport', () => {
  const e = reference();
  const md = render(e);
  const lines = md.split('\n');

  it('has the title naming the CPT code and requested level of care', () => {
    expect(lines[0]).toBe('# Medical Necessity Determination for CPT 27279 and Inpatient Level of Care');
  });

  it('opens with the primary recommendation', () => {
    const i = lines.indexOf('## Primary Recommendation');
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 2]).toMatch(/^The requested sacroiliac \(SI\) joint fusion \(CPT 27279\) is \*\*NOT medically necessary\*\* at this time, and inpatient level of care is \*\*NOT indicated\*\*/);
    expect(md).toMatch(/Criteria not met: Two separate diagnostic injections/);
    expect(md).toMatch(/could not be verified \(UNSURE\): Nicotine-free status verified/);
  });

  it('has a section per criterion with status, rationale, evidence and citations', () => {
    e.criteriaResults.forEach((r, i) => {
      const heading = `### ${i + 1}. ${r.title} (${r.status.replace('_', ' ')})`;
      const at = lines.indexOf(heading);
      expect(at, heading).toBeGreaterThan(0);
      expect(lines[at + 2]).toContain(r.citations.join(' '));
      for (const ev of r.evidence) expect(md).toContain(`- ${ev}`);
      if (r.nextStep) expect(md).toContain(`Next step: ${r.nextStep}`);
    });
    expect(md).toContain('### 5. Nicotine-free status verified (UNSURE)');
    expect(md).toContain('### 1. Two separate diagnostic injections with ≥70% relief (NOT MET)');
  });

  it('has the level of care determination with the number of inpatient stays/days', () => {
    expect(md).toContain('## Level of Care Determination: Outpatient Only');
    expect(md).toMatch(/^Number of inpatient stays\/days: ZERO \(0\)/m);
    expect(md).toContain('- Guideline: MCG: Ambulatory');
    expect(md).toContain('- Requested: Inpatient, 1 inpatient day(s)');
  });

  it('lists the next steps', () => {
    const i = lines.indexOf('## Next Steps');
    expect(i).toBeGreaterThan(0);
    e.nextSteps.forEach((s, n) => expect(lines[i + 2 + n]).toBe(`${n + 1}. ${s}`));
  });

  it('has the summary table with 8 rows and "meets 3 of 8"', () => {
    const h = lines.indexOf('| Criterion | Status | Evidence |');
    expect(h).toBeGreaterThan(0);
    expect(lines[h + 1]).toBe('|---|---|---|');
    const rows = lines.slice(h + 2, h + 10);
    expect(rows).toHaveLength(8);
    rows.forEach((row, i) => {
      const r = e.criteriaResults[i];
      expect(row.startsWith(`| ${r?.title} | ${r?.status.replace('_', ' ')} | `)).toBe(true);
      expect(row.split(/(?<!\\)\|/)).toHaveLength(5);
    });
    expect(lines[h + 10]).toBe('');
    expect(md).toContain('The case meets 3 of 8 policy criteria.');
  });

  it('ends with the numbered sources', () => {
    const i = lines.indexOf('## Sources');
    for (const s of sijDoc.sources) expect(lines[i + 1 + s.number]).toBe(`${s.number}. ${s.text}`);
  });

  it('never mentions a member', () => {
    expect(md).not.toMatch(/member/i);
  });

  it('is deterministic and accepts the policy document instead of the compiled policy', () => {
    expect(render(reference())).toBe(md);
    expect(renderReport({ policy: sijDoc, ...e, cptCode: referenceCptCode, source: 'ENGINE' })).toBe(md);
  });

  it('escapes submitted free text so it cannot break the table or inject HTML', () => {
    const hostile = run(facts(allMetFacts, { otherPainGeneratorsRuledOut: false, competingFindings: ['a | b <img src=x> *c*\n# d'] }), outpatient);
    const out = render(hostile);
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/^# d/m);
    const row = out.split('\n').find((l) => l.startsWith('| Other pain generators ruled out'));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(5);
  });

  it('shows a reviewer decision with its reasons', () => {
    const out = render(e, { source: 'REVIEWER', decision: 'DENIED', reasons: ['Second diagnostic block missing'], decidedBy: 'dr-42' });
    expect(out).toContain('## Reviewer Decision');
    expect(out).toContain('- Decision: **Denied**');
    expect(out).toContain('- Decided by: dr-42');
    expect(out).toContain('  - Second diagnostic block missing');
    expect(out).toContain('Reviewer determination.');
    expect(md).not.toContain('## Reviewer Decision');
  });

  it('reads well for an approvable outpatient case', () => {
    const ok = render(run(allMetFacts, outpatient));
    expect(ok).toContain('# Medical Necessity Determination for CPT 27279 and Outpatient Level of Care');
    expect(ok).toMatch(/is \*\*medically necessary\*\*, and the requested outpatient level of care is supported/);
    expect(ok).toContain('The case meets 8 of 8 policy criteria.');
    expect(ok).toContain('None: every criterion is met and the requested level of care is supported.');
  });
});
