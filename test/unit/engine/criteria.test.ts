// Every criterion at, just below and just above its threshold (policy spec:
// sij-fusion-27279-policy.md). Each case changes one fact of the all-MET case.
import { describe, expect, it } from 'vitest';
import type { SijFacts, SijInjection } from './fixtures/reference-case';
import { allMetFacts, facts, injA, injB, without } from './fixtures/sij-cases';
import { result, statusOf } from './helpers';

const withInjections = (...injections: SijInjection[]) => facts(allMetFacts, { diagnosticInjections: injections });

describe('TWO_DIAGNOSTIC_INJECTIONS', () => {
  const id = 'TWO_DIAGNOSTIC_INJECTIONS';

  it('is MET by two qualifying injections on different dates', () => {
    expect(statusOf(withInjections(injA, injB), id)).toBe('MET');
    expect(result(withInjections(injA, injB), id).rationale).toMatch(/^2 qualifying/);
  });

  it('is NOT_MET when both qualifying injections are on the same date', () => {
    const r = result(withInjections(injA, { ...injB, date: injA.date }), id);
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toMatch(/same date \(2025-09-10\)/);
  });

  it.each([
    [70, 'MET'],
    [69.99, 'NOT_MET'],
    [70.01, 'MET'],
    [100, 'MET'],
  ])('relief of %s%% on the second injection → %s', (relief, expected) => {
    expect(statusOf(withInjections(injA, { ...injB, painReliefPercent: relief }), id)).toBe(expected);
  });

  it.each([
    ['FLUOROSCOPIC', 'MET'],
    ['CT', 'MET'],
    ['ULTRASOUND', 'NOT_MET'],
    ['NONE', 'NOT_MET'],
  ] as const)('guidance %s on the second injection → %s', (guidance, expected) => {
    expect(statusOf(withInjections(injA, { ...injB, guidance }), id)).toBe(expected);
  });

  it('does not count an injection that was not isolated to the SI joint', () => {
    expect(statusOf(withInjections(injA, { ...injB, isolatedToSIJoint: false }), id)).toBe('NOT_MET');
  });

  it('ignores non-qualifying injections next to two qualifying ones', () => {
    const extra: SijInjection = { ...injA, date: '2025-08-01', guidance: 'NONE', painReliefPercent: 10 };
    expect(statusOf(withInjections(extra, injA, injB), id)).toBe('MET');
  });

  it('is NOT_MET with one qualifying injection and names it', () => {
    const r = result(withInjections(injA), id);
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toMatch(/Only one qualifying diagnostic injection.*2025-09-10 under fluoroscopic guidance, 80% relief/);
  });

  it('is NOT_MET with no injections, listed or not', () => {
    expect(statusOf(withInjections(), id)).toBe('NOT_MET');
    expect(statusOf(without(allMetFacts, 'diagnosticInjections'), id)).toBe('NOT_MET');
    expect(result(withInjections(), id).evidence).toEqual(['Diagnostic SI joint injection: none documented']);
  });
});

describe('RELIEF_DURATION_DOCUMENTED', () => {
  const id = 'RELIEF_DURATION_DOCUMENTED';
  const noDuration = ({ reliefDurationDays: _, ...rest }: SijInjection): SijInjection => rest;

  it('is MET when every qualifying injection has a duration (0 days counts as documented)', () => {
    expect(statusOf(withInjections(injA, injB), id)).toBe('MET');
    expect(statusOf(withInjections({ ...injA, reliefDurationDays: 0 }, injB), id)).toBe('MET');
  });

  it('is MET with a single qualifying injection that has a duration', () => {
    expect(statusOf(withInjections(injA), id)).toBe('MET');
  });

  it('is NOT_MET when one qualifying injection has no duration', () => {
    const r = result(withInjections(injA, noDuration(injB)), id);
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toMatch(/not documented for 1 of 2 qualifying/);
  });

  it('only requires durations on qualifying injections', () => {
    const nonQualifying = noDuration({ ...injB, date: '2025-07-01', painReliefPercent: 40 });
    expect(statusOf(withInjections(injA, injB, nonQualifying), id)).toBe('MET');
  });

  it('is NOT_MET without any qualifying injection', () => {
    expect(statusOf(withInjections({ ...injA, painReliefPercent: 50 }), id)).toBe('NOT_MET');
    expect(statusOf(without(allMetFacts, 'diagnosticInjections'), id)).toBe('NOT_MET');
  });
});

describe('OTHER_PAIN_GENERATORS_RULED_OUT', () => {
  const id = 'OTHER_PAIN_GENERATORS_RULED_OUT';
  it('is MET when ruled out, even with competing findings listed', () => {
    expect(statusOf(facts(allMetFacts, { otherPainGeneratorsRuledOut: true, competingFindings: ['L5 facet arthropathy'] }), id)).toBe('MET');
  });
  it('is NOT_MET when not ruled out, and lists the competing findings', () => {
    const r = result(facts(allMetFacts, { otherPainGeneratorsRuledOut: false, competingFindings: ['L5 facet arthropathy'] }), id);
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toMatch(/L5 facet arthropathy/);
  });
  it('is NOT_MET when not documented', () => {
    const r = result(without(allMetFacts, 'otherPainGeneratorsRuledOut'), id);
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toBe('Other pain generators are not documented as ruled out.');
  });
});

describe('SI_JOINT_DEGENERATION_ON_IMAGING', () => {
  const id = 'SI_JOINT_DEGENERATION_ON_IMAGING';
  it('is MET when imaging found degeneration', () => {
    expect(statusOf(allMetFacts, id)).toBe('MET');
  });
  it('is NOT_MET when imaging found none', () => {
    expect(statusOf(facts(allMetFacts, { siJointImaging: { modality: 'MRI', degenerationFound: false } }), id)).toBe('NOT_MET');
  });
  it('is NOT_MET without SI joint imaging', () => {
    expect(statusOf(without(allMetFacts, 'siJointImaging'), id)).toBe('NOT_MET');
  });
});

describe('CONSERVATIVE_TREATMENT_6_MONTHS', () => {
  const id = 'CONSERVATIVE_TREATMENT_6_MONTHS';
  it.each([
    [6, 'MET'],
    [5.99, 'NOT_MET'],
    [6.01, 'MET'],
    [0, 'NOT_MET'],
    [600, 'MET'],
  ])('%s months → %s', (months, expected) => {
    expect(statusOf(facts(allMetFacts, { conservativeTreatmentMonths: months }), id)).toBe(expected);
  });
  it('is NOT_MET when not documented', () => {
    expect(statusOf(without(allMetFacts, 'conservativeTreatmentMonths'), id)).toBe('NOT_MET');
  });
});

describe('BASELINE_PAIN_AT_LEAST_5', () => {
  const id = 'BASELINE_PAIN_AT_LEAST_5';
  it.each([
    [5, 'MET'],
    [4, 'NOT_MET'],
    [6, 'MET'],
    [0, 'NOT_MET'],
    [10, 'MET'],
  ])('pain %s/10 → %s', (pain, expected) => {
    const r = result(facts(allMetFacts, { painScoreNrs: pain }), id);
    expect(r.status).toBe(expected);
    expect(r.rationale).toContain(`${pain}/10`);
  });
  it('is NOT_MET when not documented', () => {
    expect(statusOf(without(allMetFacts, 'painScoreNrs'), id)).toBe('NOT_MET');
  });
});

describe('THREE_POSITIVE_PROVOCATION_TESTS', () => {
  const id = 'THREE_POSITIVE_PROVOCATION_TESTS';
  type Test = NonNullable<SijFacts['positiveProvocationTests']>;
  it.each<[Test, string]>([
    [['THIGH_THRUST', 'FABER', 'COMPRESSION'], 'MET'],
    [['THIGH_THRUST', 'FABER'], 'NOT_MET'],
    [['THIGH_THRUST', 'FABER', 'COMPRESSION', 'GAENSLEN'], 'MET'],
    [['FABER', 'FABER', 'THIGH_THRUST'], 'NOT_MET'],
    [['FABER', 'FABER', 'FABER', 'FABER'], 'NOT_MET'],
    [['FABER', 'FABER', 'THIGH_THRUST', 'SACRAL_THRUST'], 'MET'],
    [[], 'NOT_MET'],
  ])('%j → %s (duplicates count once)', (tests, expected) => {
    expect(statusOf(facts(allMetFacts, { positiveProvocationTests: tests }), id)).toBe(expected);
  });
  it('reports the distinct tests in the rationale', () => {
    const r = result(facts(allMetFacts, { positiveProvocationTests: ['FABER', 'FABER', 'THIGH_THRUST'] }), id);
    expect(r.rationale).toMatch(/Only 2 distinct.*: thigh thrust, FABER \(Patrick's test\); at least 3/);
  });
  it('is NOT_MET when not documented', () => {
    expect(statusOf(without(allMetFacts, 'positiveProvocationTests'), id)).toBe('NOT_MET');
  });
});
