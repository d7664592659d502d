// renderReport: the first release's entry point renders the same notice as
// renderNotice from what its callers have (no case header, authorization or
// denial reasons) until they pass a NoticeInput.
import { describe, expect, it } from 'vitest';
import { evaluate, renderReport, validateFacts, type Evaluation } from '../../../lambda/engine';
import { referenceCptCode, referenceEvaluationDate, referenceFacts, referenceRequested } from './fixtures/reference-case';
import { allMetFacts } from './fixtures/sij-cases';
import { run, sij } from './helpers';

function reference(): Evaluation {
  const v = validateFacts(sij, referenceFacts);
  if (!v.ok) throw new Error('reference facts must be valid');
  return evaluate(sij, v.facts, referenceRequested, referenceEvaluationDate);
}

const render = (e: Evaluation, extra: Partial<Parameters<typeof renderReport>[0]> = {}) =>
  renderReport({ policy: sij, ...e, cptCode: referenceCptCode, source: 'ENGINE', ...extra });

describe('renderReport (legacy callers)', () => {
  const e = reference();
  const md = render(e);

  it('renders the notice layout: title, outcome, primary recommendation, table, "meets 3 of 8"', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Medical Necessity Determination for CPT 27279 and Inpatient Level of Care');
    expect(lines[2]).toBe('**Determination: Pended for physician review — no decision has been made yet**');
    expect(lines).toContain('## Primary Recommendation');
    expect(lines).toContain('| Criterion | Status | Evidence |');
    expect(md).toContain('The case meets 3 of 8 applicable policy criteria.');
  });

  it('has no case header lines it was not given, and no member', () => {
    expect(md).not.toMatch(/^- (Case|Member|Requesting provider|Received):/m);
    expect(md).not.toMatch(/member:/i);
  });

  it('states a reviewer decision as the outcome, with its reasons', () => {
    const out = render(e, { source: 'REVIEWER', decision: 'DENIED', reasons: ['Second diagnostic block missing'], decidedBy: 'dr-42' });
    expect(out).toContain('**Determination: Denied — not medically necessary**');
    expect(out).toContain("## Reviewer's Decision");
    expect(out).toContain('  - Second diagnostic block missing');
    expect(out).toContain('## Your Right to Appeal');
    expect(md).not.toContain("## Reviewer's Decision");
  });

  it('reads as an approval for an approvable outpatient case', () => {
    const ok = render(run(allMetFacts));
    expect(ok).toContain('**Determination: Approved — medically necessary**');
    expect(ok).toContain('The case meets 8 of 8 applicable policy criteria. The request is approved.');
    expect(ok).not.toContain('## Appropriate Next Steps');
  });
});
