// validateFacts: every kind of invalid fact, with its path inside
// clinicalFacts and a message that never echoes the submitted value (PHI).
import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { validateFacts, type FactError } from '../../../lambda/engine';
import { referenceFacts } from './fixtures/reference-case';
import { allMetFacts, facts, injA, variedCases } from './fixtures/sij-cases';
import { sij, sijDoc } from './helpers';

function errorsOf(input: unknown): FactError[] {
  const r = validateFacts(sij, input);
  if (r.ok) throw new Error('expected validation errors');
  return r.errors;
}

/** The single error for `input`; its message must not contain `secret`. */
function single(input: unknown, secret: string): FactError {
  const errors = errorsOf(input);
  expect(errors).toHaveLength(1);
  const [e] = errors as [FactError];
  expect(e.message).not.toContain(secret);
  expect(e.message).not.toBe('');
  return e;
}

const injection = (patch: Record<string, unknown>) => ({ diagnosticInjections: [{ ...injA, ...patch }] });

describe('validateFacts', () => {
  it('accepts valid facts, including the empty object, and returns them unchanged', () => {
    for (const f of [referenceFacts, allMetFacts, {}, ...variedCases().map((c) => c.facts)]) {
      const r = validateFacts(sij, f);
      expect(r).toEqual({ ok: true, value: f });
      if (r.ok) expect(r.value).toBe(f);
    }
  });

  it.each<[string, unknown, string[], string]>([
    ['unknown top-level fact', { bmiScore: 31 }, ['bmiScore'], '31'],
    ['unknown nested fact', { nicotine: { status: 'NEVER', packsPerDay: 7 } }, ['nicotine', 'packsPerDay'], '7'],
    ['unknown field in a list item', injection({ surgeonNote: 'Jane Roe' }), ['diagnosticInjections', '0', 'surgeonNote'], 'Jane Roe'],
  ])('UNKNOWN_FACT: %s', (_, input, field, secret) => {
    expect(single(input, secret)).toMatchObject({ code: 'UNKNOWN_FACT', field });
  });

  it.each<[string, unknown, string[], string]>([
    ['string for an integer', { painScoreNrs: '7777' }, ['painScoreNrs'], '7777'],
    ['fraction for an integer', { painScoreNrs: 7.25 }, ['painScoreNrs'], '7.25'],
    ['string for a number', { conservativeTreatmentMonths: 'six months' }, ['conservativeTreatmentMonths'], 'six months'],
    ['string for a boolean', { otherPainGeneratorsRuledOut: 'yes indeed' }, ['otherPainGeneratorsRuledOut'], 'yes indeed'],
    ['null', { pelvisXrayHipEvaluated: null }, ['pelvisXrayHipEvaluated'], 'null'],
    ['scalar for a list', { positiveProvocationTests: 'FABER' }, ['positiveProvocationTests'], 'FABER'],
    ['scalar for an object', { nicotine: 'FORMER' }, ['nicotine'], 'FORMER'],
    ['list item of the wrong type', { competingFindings: [12345] }, ['competingFindings', '0'], '12345'],
    ['nested number as string', injection({ painReliefPercent: '8080' }), ['diagnosticInjections', '0', 'painReliefPercent'], '8080'],
  ])('INVALID_FACT_TYPE: %s', (_, input, field, secret) => {
    expect(single(input, secret)).toMatchObject({ code: 'INVALID_FACT_TYPE', field });
  });

  it.each([null, [], 'facts', 42])('INVALID_FACT_TYPE for clinicalFacts %j itself, with an empty path', (input) => {
    expect(single(input, 'facts')).toMatchObject({ code: 'INVALID_FACT_TYPE', field: [] });
  });

  it.each<[string, unknown, string[], string]>([
    ['pain above 10', { painScoreNrs: 1234 }, ['painScoreNrs'], '1234'],
    ['pain below 0', { painScoreNrs: -3 }, ['painScoreNrs'], '-3'],
    ['months above 600', { conservativeTreatmentMonths: 987.5 }, ['conservativeTreatmentMonths'], '987.5'],
    ['relief above 100%', injection({ painReliefPercent: 100.5 }), ['diagnosticInjections', '0', 'painReliefPercent'], '100.5'],
    ['negative relief duration', injection({ reliefDurationDays: -7 }), ['diagnosticInjections', '0', 'reliefDurationDays'], '-7'],
    ['negative lab value', { nicotine: { status: 'FORMER', lab: { test: 'NICOTINE', valueNgMl: -0.25, drawnOn: '2026-01-01' } } }, ['nicotine', 'lab', 'valueNgMl'], '-0.25'],
    ['too many list items', { competingFindings: Array.from({ length: 51 }, () => 'x') }, ['competingFindings'], '51'],
  ])('FACT_OUT_OF_RANGE: %s', (_, input, field, secret) => {
    expect(single(input, secret)).toMatchObject({ code: 'FACT_OUT_OF_RANGE', field });
  });

  it.each<[string, unknown, string[]]>([
    ['2026-02-30', { plannedSurgeryDate: '2026-02-30' }, ['plannedSurgeryDate']],
    ['2025-02-29', { plannedSurgeryDate: '2025-02-29' }, ['plannedSurgeryDate']],
    ['2026-13-01', { plannedSurgeryDate: '2026-13-01' }, ['plannedSurgeryDate']],
    ['yesterday', injection({ date: 'yesterday' }), ['diagnosticInjections', '0', 'date']],
    ['2026-2-3', { nicotine: { status: 'FORMER', quitDate: '2026-2-3' } }, ['nicotine', 'quitDate']],
    ['2026-01-05T10:00:00Z', { siJointImaging: { modality: 'CT', degenerationFound: true, date: '2026-01-05T10:00:00Z' } }, ['siJointImaging', 'date']],
    ['0000-01-01', { plannedSurgeryDate: '0000-01-01' }, ['plannedSurgeryDate']],
  ])('INVALID_DATE: %s', (value, input, field) => {
    expect(single(input, value)).toMatchObject({ code: 'INVALID_DATE', field });
  });

  it('accepts 29 February in a leap year', () => {
    expect(validateFacts(sij, { plannedSurgeryDate: '2028-02-29' }).ok).toBe(true);
  });

  it.each<[string, unknown, string[], string]>([
    ['guidance', injection({ guidance: 'MRI_GUIDED' }), ['diagnosticInjections', '0', 'guidance'], 'MRI_GUIDED'],
    ['provocation test', { positiveProvocationTests: ['FABER', 'SLUMP_TEST'] }, ['positiveProvocationTests', '1'], 'SLUMP_TEST'],
    ['nicotine status', { nicotine: { status: 'SOMETIMES' } }, ['nicotine', 'status'], 'SOMETIMES'],
    ['lab test', { nicotine: { status: 'FORMER', lab: { test: 'BLOODWORK', valueNgMl: 1, drawnOn: '2026-01-01' } } }, ['nicotine', 'lab', 'test'], 'BLOODWORK'],
    ['imaging modality', { siJointImaging: { modality: 'PET_SCAN', degenerationFound: true } }, ['siJointImaging', 'modality'], 'PET_SCAN'],
  ])('INVALID_FACT_VALUE: %s', (_, input, field, secret) => {
    const e = single(input, secret);
    expect(e).toMatchObject({ code: 'INVALID_FACT_VALUE', field });
    expect(e.message).toMatch(/must be one of/);
  });

  it('MISSING_FACT for a required field inside a fact', () => {
    const { date: _, ...noDate } = injA;
    expect(single({ diagnosticInjections: [noDate] }, injA.date)).toMatchObject({ code: 'MISSING_FACT', field: ['diagnosticInjections', '0', 'date'] });
    expect(single({ nicotine: {} }, '{}')).toMatchObject({ code: 'MISSING_FACT', field: ['nicotine', 'status'] });
  });

  it('reports every problem at once, in a stable order, naming the field in the message', () => {
    const input = { painScoreNrs: 99, foo: 1, plannedSurgeryDate: 'soon', nicotine: { status: 'X' } };
    const errors = errorsOf(input);
    expect(errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['painScoreNrs', 'FACT_OUT_OF_RANGE'],
      ['foo', 'UNKNOWN_FACT'],
      ['plannedSurgeryDate', 'INVALID_DATE'],
      ['nicotine.status', 'INVALID_FACT_VALUE'],
    ]);
    expect(errors[0]?.message).toBe('Fact "painScoreNrs" must be at most 10');
    expect(errorsOf(input)).toEqual(errors);
  });

  it('rejects class instances and __proto__ keys as facts', () => {
    expect(errorsOf(new Date())[0]).toMatchObject({ code: 'INVALID_FACT_TYPE', field: [] });
    expect(errorsOf(JSON.parse('{"__proto__": {"painScoreNrs": 1}}'))[0]).toMatchObject({ code: 'UNKNOWN_FACT', field: ['__proto__'] });
  });

  it('agrees with an independent JSON Schema 2020-12 validator on the fact schema', () => {
    const reference = new Validator(sijDoc.factSchema as never, '2020-12', false);
    const samples: unknown[] = [
      referenceFacts,
      allMetFacts,
      {},
      ...variedCases().map((c) => c.facts),
      { painScoreNrs: 11 },
      { painScoreNrs: 7.5 },
      { foo: 1 },
      { plannedSurgeryDate: '2026-02-30' },
      { positiveProvocationTests: ['SLUMP'] },
      facts(allMetFacts, { nicotine: { status: 'FORMER', lab: { test: 'NICOTINE', valueNgMl: -1, drawnOn: '2026-01-01' } } }),
      injection({ extra: true }),
      { nicotine: {} },
      { competingFindings: [''] },
    ];
    for (const s of samples) expect(validateFacts(sij, s).ok, JSON.stringify(s)).toBe(reference.validate(s).valid);
  });
});
