// Fact validation against hostile input: prototype keys are unknown facts
// like any other, and numbers DynamoDB cannot store are refused before they
// reach the store.
import { describe, expect, it } from 'vitest';
import { validateFacts, type FactError } from '../../../lambda/engine';
import { sij } from './helpers';

function errorsOf(input: unknown): FactError[] {
  const r = validateFacts(sij, input);
  if (r.ok) throw new Error('expected validation errors');
  return r.errors;
}

describe('prototype keys in clinicalFacts', () => {
  it.each([
    ['top level', '{"__proto__": {"painScoreNrs": 3}}', ['__proto__']],
    ['top level, scalar', '{"__proto__": 1, "painScoreNrs": 7}', ['__proto__']],
    ['nested object', '{"nicotine": {"status": "NEVER", "__proto__": {"x": 1}}}', ['nicotine', '__proto__']],
    ['list item', '{"diagnosticInjections": [{"date": "2025-09-10", "guidance": "CT", "painReliefPercent": 80, "isolatedToSIJoint": true, "__proto__": 1}]}', ['diagnosticInjections', '0', '__proto__']],
    ['constructor', '{"constructor": {"prototype": 1}}', ['constructor']],
    ['prototype', '{"nicotine": {"status": "NEVER", "prototype": 1}}', ['nicotine', 'prototype']],
  ])('%s: UNKNOWN_FACT', (_name, json, field) => {
    expect(errorsOf(JSON.parse(json))).toEqual([expect.objectContaining({ field, code: 'UNKNOWN_FACT' })]);
  });
});

describe('numbers DynamoDB cannot store', () => {
  it.each([1e-200, -1e-131, 5e-324])('refuses %s (in the schema range, but not storable) with FACT_OUT_OF_RANGE', (n) => {
    const errors = errorsOf({ conservativeTreatmentMonths: Math.abs(n) });
    expect(errors).toEqual([expect.objectContaining({ field: ['conservativeTreatmentMonths'], code: 'FACT_OUT_OF_RANGE' })]);
    expect(errors[0]?.message).not.toContain(String(n));
  });

  it('refuses a tiny number deep inside a list item', () => {
    const facts = { diagnosticInjections: [{ date: '2025-09-10', guidance: 'CT', painReliefPercent: 1e-150, isolatedToSIJoint: true }] };
    expect(errorsOf(facts)).toEqual([expect.objectContaining({ field: ['diagnosticInjections', '0', 'painReliefPercent'], code: 'FACT_OUT_OF_RANGE' })]);
  });

  it('accepts zero and the smallest storable magnitude', () => {
    expect(validateFacts(sij, { conservativeTreatmentMonths: 0 }).ok).toBe(true);
    expect(validateFacts(sij, { conservativeTreatmentMonths: 1e-130 }).ok).toBe(true);
    expect(validateFacts(sij, { conservativeTreatmentMonths: 0.000001 }).ok).toBe(true);
  });
});
