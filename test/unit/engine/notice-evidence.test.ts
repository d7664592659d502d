// Evidence lines quoted by the notice: facts in the policy's words (titles,
// x-enumTitles, units), never field names or raw enum values.
import { describe, expect, it } from 'vitest';
import { allMetFacts, facts, injA, without } from './fixtures/sij-cases';
import { result } from './helpers';

const evidence = (f: unknown, id: string) => result(f, id).evidence;

describe('evidence in plain words', () => {
  it('describes each injection: date, guidance, relief, isolation, steroid; what is missing last', () => {
    expect(evidence(facts(allMetFacts), 'TWO_DIAGNOSTIC_INJECTIONS')).toEqual([
      'Diagnostic SI joint injection 1 of 2 on 2025-09-10: fluoroscopic guidance, 80% pain relief, relief duration 21 days, isolated to the SI joint, included steroid: no',
      'Diagnostic SI joint injection 2 of 2 on 2025-10-15: CT guidance, 75% pain relief, relief duration 70 days, isolated to the SI joint, included steroid',
    ]);
    const one = { ...injA, guidance: 'NONE' as const, isolatedToSIJoint: false, reliefDurationDays: 1 };
    delete (one as { includedSteroid?: boolean }).includedSteroid;
    expect(evidence(facts(allMetFacts, { diagnosticInjections: [one] }), 'TWO_DIAGNOSTIC_INJECTIONS')).toEqual([
      'Diagnostic SI joint injection on 2025-09-10: no image guidance, 80% pain relief, relief duration 1 day, isolated to the SI joint: no; included steroid not documented',
    ]);
  });

  it('says "none documented" for an empty list and "not documented" for a missing fact', () => {
    expect(evidence(facts(allMetFacts, { diagnosticInjections: [] }), 'TWO_DIAGNOSTIC_INJECTIONS')).toEqual(['Diagnostic SI joint injection: none documented']);
    expect(evidence(without(allMetFacts, 'diagnosticInjections'), 'TWO_DIAGNOSTIC_INJECTIONS')).toEqual(['Diagnostic SI joint injection: not documented']);
    expect(evidence(without(allMetFacts, 'siJointImaging', 'pelvisXrayHipEvaluated'), 'SI_JOINT_DEGENERATION_ON_IMAGING')).toEqual(['SI joint imaging: not documented']);
  });

  it('speaks enum values by their display texts, in nested objects too', () => {
    expect(evidence(facts(allMetFacts, { positiveProvocationTests: ['GAENSLEN', 'SACRAL_THRUST'] }), 'THREE_POSITIVE_PROVOCATION_TESTS')).toEqual([
      "Positive provocation tests: Gaenslen's test, sacral thrust",
    ]);
    expect(evidence(facts(allMetFacts, { nicotine: { status: 'CURRENT' } }), 'NICOTINE_FREE')).toEqual([
      'Nicotine: current nicotine user; quit date not documented, lab not documented',
      'Planned surgery date: 2026-03-16',
    ]);
    expect(evidence(facts(allMetFacts, { siJointImaging: { modality: 'XRAY', degenerationFound: false } }), 'SI_JOINT_DEGENERATION_ON_IMAGING')[0]).toBe(
      'SI joint imaging: X-ray, degeneration found: no',
    );
  });

  it('puts the unit of a titled number after the value', () => {
    // Only what the criterion reads: months of conservative treatment, not the physical therapy among them.
    expect(evidence(facts(allMetFacts), 'CONSERVATIVE_TREATMENT_6_MONTHS')).toEqual(['Conservative treatment: 8 months']);
    expect(evidence(facts(allMetFacts, { conservativeTreatmentMonths: 1 }), 'CONSERVATIVE_TREATMENT_6_MONTHS')).toEqual(['Conservative treatment: 1 month']);
    expect(evidence(facts(allMetFacts), 'BASELINE_PAIN_AT_LEAST_5')).toEqual(['Baseline pain score (NRS 0-10): 7']);
  });

  it('keeps submitted text as submitted (the notice escapes it)', () => {
    expect(evidence(facts(allMetFacts, { competingFindings: ['L5 facet *arthropathy*', 'hip OA'] }), 'OTHER_PAIN_GENERATORS_RULED_OUT')).toEqual([
      'Other pain generators ruled out: yes',
      'Competing findings: L5 facet *arthropathy*; hip OA',
    ]);
  });
});
