import { describe, expect, it } from 'vitest';
import { evaluate, validateFacts } from '../../../lambda/engine';
import {
  referenceEvaluationDate,
  referenceExpected,
  referenceFacts,
  referenceFactsJson,
  referenceRequested,
} from './fixtures/reference-case';
import { sij } from './helpers';

function evaluateReference() {
  const v = validateFacts(sij, referenceFactsJson());
  if (!v.ok) throw new Error('reference facts must be valid');
  return evaluate(sij, v.value, referenceRequested, referenceEvaluationDate);
}

describe('the reference determination (sij-fusion-27279-determination.txt)', () => {
  const e = evaluateReference();

  it('gives criteria 1-4 NOT_MET, 5 UNSURE and 6-8 MET, in policy order', () => {
    expect(Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r.status]))).toEqual(referenceExpected);
    expect(e.criteriaResults.map((r) => r.criterionId)).toEqual(Object.keys(referenceExpected));
  });

  it('meets 3 of 8 and is NOT_MEDICALLY_NECESSARY', () => {
    expect(e.metCount).toBe(3);
    expect(e.totalCount).toBe(8);
    expect(e.recommendation).toBe('NOT_MEDICALLY_NECESSARY');
  });

  it('recommends outpatient care: inpatient not indicated, 0 days, MCG: Ambulatory', () => {
    expect(e.levelOfCare).toMatchObject({
      requestedSetting: 'INPATIENT',
      requestedInpatientDays: 1,
      recommendedSetting: 'OUTPATIENT',
      inpatientIndicated: false,
      approvedInpatientDays: 0,
      guideline: 'MCG: Ambulatory',
    });
    expect(e.levelOfCare.rationale).toMatch(/Ambulatory/);
    expect(e.levelOfCareChanged).toBe(true);
  });

  it('is pended (A4), never denied by software', () => {
    expect(e.reviewAction).toBe('A4');
  });

  it('carries the policy identity', () => {
    expect(e.policyId).toBe('sij-fusion');
    expect(e.policyVersion).toBe(1);
  });

  it('gives every result a title, rationale, evidence and citations; next steps only when not MET', () => {
    for (const r of e.criteriaResults) {
      expect(r.title).not.toBe('');
      expect(r.rationale).not.toBe('');
      expect(r.evidence.length).toBeGreaterThan(0);
      expect(r.citations.length).toBeGreaterThan(0);
      for (const c of r.citations) expect(c).toMatch(/^\[[1-7]\]$/);
      if (r.status === 'MET') expect(r.nextStep).toBeNull();
      else expect(r.nextStep).toEqual(expect.any(String));
    }
  });

  it('states in plain words what each rationale was decided on', () => {
    const by = Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r]));
    expect(by['TWO_DIAGNOSTIC_INJECTIONS']?.rationale).toMatch(/Only one qualifying diagnostic injection.*2025-11-12 under fluoroscopic guidance, 80% relief/);
    expect(by['RELIEF_DURATION_DOCUMENTED']?.rationale).toBe('The duration of relief is not documented for 1 of 1 qualifying injection(s).');
    expect(by['OTHER_PAIN_GENERATORS_RULED_OUT']?.rationale).toMatch(/documented as not ruled out.*competing findings.*T7-T8/);
    expect(by['SI_JOINT_DEGENERATION_ON_IMAGING']?.rationale).toBe('No imaging of the SI joint is documented.');
    expect(by['NICOTINE_FREE']?.rationale).toMatch(/^Nicotine status is not documented/);
    expect(by['CONSERVATIVE_TREATMENT_6_MONTHS']?.rationale).toMatch(/^6 months of conservative treatment are documented/);
    expect(by['BASELINE_PAIN_AT_LEAST_5']?.rationale).toMatch(/Baseline pain of 7\/10/);
    expect(by['THREE_POSITIVE_PROVOCATION_TESTS']?.rationale).toMatch(/: thigh thrust, FABER \(Patrick's test\), compression\.$/);
    expect(by['TWO_DIAGNOSTIC_INJECTIONS']?.evidence[0]).toBe(
      'Diagnostic SI joint injection on 2025-11-12: fluoroscopic guidance, 80% pain relief, isolated to the SI joint; relief duration not documented, included steroid not documented',
    );
  });

  it('lists the distinct next steps of the unmet criteria, then the level-of-care note', () => {
    const expected = e.criteriaResults.filter((r) => r.status !== 'MET').map((r) => r.nextStep);
    expect(e.nextSteps.slice(0, -1)).toEqual(expected);
    expect(e.nextSteps.at(-1)).toMatch(/outpatient/);
    expect(new Set(e.nextSteps).size).toBe(e.nextSteps.length);
  });

  it('is deterministic: the same input gives the same output', () => {
    expect(JSON.stringify(evaluateReference())).toBe(JSON.stringify(e));
  });

  it('does not modify the facts it is given', () => {
    const frozen = structuredClone(referenceFacts);
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === 'object') {
        Object.freeze(o);
        Object.values(o).forEach(deepFreeze);
      }
    };
    deepFreeze(frozen);
    const v = validateFacts(sij, frozen);
    expect(v.ok).toBe(true);
    if (v.ok) expect(() => evaluate(sij, v.value, referenceRequested, referenceEvaluationDate)).not.toThrow();
    expect(frozen).toEqual(referenceFacts);
  });
});
