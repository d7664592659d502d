// Recommendation, level of care, review action and next steps.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../lambda/engine';
import { allMetFacts, facts, inpatient, outpatient, variedCases } from './fixtures/sij-cases';
import { DATE, run, sij } from './helpers';

describe('recommendation', () => {
  it('all MET with an outpatient request → MEDICALLY_NECESSARY, certified (A1), nothing to do', () => {
    const e = run(allMetFacts, outpatient);
    expect(e.criteriaResults.every((r) => r.status === 'MET')).toBe(true);
    expect(e).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', metCount: 8, totalCount: 8, levelOfCareChanged: false, reviewAction: 'A1' });
    expect(e.nextSteps).toEqual([]);
    expect(e.levelOfCare).toMatchObject({ requestedSetting: 'OUTPATIENT', recommendedSetting: 'OUTPATIENT', approvedInpatientDays: 0 });
  });

  it('all MET with an inpatient request → MEDICALLY_NECESSARY but the level of care changes, so pended (A4)', () => {
    const e = run(allMetFacts, inpatient);
    expect(e).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', levelOfCareChanged: true, reviewAction: 'A4' });
    expect(e.levelOfCare).toMatchObject({
      requestedSetting: 'INPATIENT',
      requestedInpatientDays: 2,
      recommendedSetting: 'OUTPATIENT',
      inpatientIndicated: false,
      approvedInpatientDays: 0,
      guideline: 'MCG: Ambulatory',
    });
    expect(e.levelOfCare.rationale).toMatch(/requested: inpatient care, 2 inpatient day/);
    expect(e.nextSteps).toEqual([expect.stringMatching(/ambulatory \(outpatient\) setting/)]);
  });

  it('an observation request, or outpatient with inpatient days, also changes the level of care', () => {
    expect(run(allMetFacts, { setting: 'OBSERVATION', inpatientDays: 0 })).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4' });
    expect(run(allMetFacts, { setting: 'OUTPATIENT', inpatientDays: 1 })).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4' });
  });

  it('no NOT_MET but an UNSURE → INSUFFICIENT_INFORMATION (A4)', () => {
    const e = run(facts(allMetFacts, { nicotine: { status: 'UNKNOWN' } }), outpatient);
    expect(e).toMatchObject({ recommendation: 'INSUFFICIENT_INFORMATION', metCount: 7, totalCount: 8, reviewAction: 'A4' });
    expect(e.nextSteps).toHaveLength(1);
  });

  it('any NOT_MET → NOT_MEDICALLY_NECESSARY even with an UNSURE', () => {
    const e = run(facts(allMetFacts, { nicotine: { status: 'UNKNOWN' }, painScoreNrs: 3 }), outpatient);
    expect(e).toMatchObject({ recommendation: 'NOT_MEDICALLY_NECESSARY', metCount: 6, reviewAction: 'A4' });
  });

  it('with no facts at all: every criterion NOT_MET except nicotine UNSURE', () => {
    const e = run({}, outpatient);
    expect(e.criteriaResults.map((r) => r.status)).toEqual(['NOT_MET', 'NOT_MET', 'NOT_MET', 'NOT_MET', 'UNSURE', 'NOT_MET', 'NOT_MET', 'NOT_MET']);
    expect(e).toMatchObject({ recommendation: 'NOT_MEDICALLY_NECESSARY', metCount: 0, totalCount: 8, reviewAction: 'A4' });
    expect(e.nextSteps).toHaveLength(8);
    for (const r of e.criteriaResults) expect(r.rationale).toMatch(/not documented|No |none|0 /i);
  });

  it('next steps are distinct and follow policy order', () => {
    for (const c of variedCases()) {
      const e = run(c.facts, c.requested);
      expect(new Set(e.nextSteps).size).toBe(e.nextSteps.length);
      const fromCriteria = [...new Set(e.criteriaResults.flatMap((r) => (r.nextStep ? [r.nextStep] : [])))];
      expect(e.nextSteps.slice(0, fromCriteria.length)).toEqual(fromCriteria);
      expect(e.nextSteps.length - fromCriteria.length).toBe(e.levelOfCareChanged ? 1 : 0);
      expect(e.reviewAction).toBe(e.recommendation === 'MEDICALLY_NECESSARY' && !e.levelOfCareChanged ? 'A1' : 'A4');
    }
  });

  it('is deterministic across the varied cases', () => {
    const a = variedCases().map((c) => run(c.facts, c.requested));
    const b = variedCases().map((c) => run(c.facts, c.requested));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('does not share mutable arrays between results or calls', () => {
    const a = run(allMetFacts);
    a.criteriaResults[0]?.citations.push('[9]');
    a.criteriaResults[0]?.evidence.push('x');
    const b = run(allMetFacts);
    expect(b.criteriaResults[0]?.citations).toEqual(['[1]', '[2]']);
    expect(b.criteriaResults[0]?.evidence).not.toContain('x');
  });

  it('rejects impossible arguments (a caller bug, not a user error)', () => {
    const f = facts(allMetFacts);
    expect(() => evaluate(sij, f, { setting: 'INPATIENT', inpatientDays: -1 }, DATE)).toThrow(RangeError);
    expect(() => evaluate(sij, f, { setting: 'INPATIENT', inpatientDays: 1.5 }, DATE)).toThrow(RangeError);
    expect(() => evaluate(sij, f, { setting: 'HOME' as 'INPATIENT', inpatientDays: 0 }, DATE)).toThrow(RangeError);
    expect(() => evaluate(sij, f, outpatient, '2026-02-30')).toThrow(RangeError);
  });
});
