// Every branch of NICOTINE_FREE (sij-fusion-27279-policy.md).
import { describe, expect, it } from 'vitest';
import type { SijFacts } from './fixtures/reference-case';
import { allMetFacts, facts, without } from './fixtures/sij-cases';
import { daysBefore, result } from './helpers';

const id = 'NICOTINE_FREE';
const SURGERY = allMetFacts.plannedSurgeryDate; // 2026-03-16
const lab = (valueNgMl: number, drawnOn: string) => ({ test: 'COTININE' as const, valueNgMl, drawnOn });
const former = (quitDaysBefore: number, labValue = 2, labDaysBefore = 20): SijFacts['nicotine'] => ({
  status: 'FORMER',
  quitDate: daysBefore(SURGERY, quitDaysBefore),
  lab: lab(labValue, daysBefore(SURGERY, labDaysBefore)),
});
const nicotine = (n: SijFacts['nicotine']) => result(facts(allMetFacts, { nicotine: n }), id);

describe('NICOTINE_FREE', () => {
  it('NEVER → MET', () => {
    expect(nicotine({ status: 'NEVER' }).status).toBe('MET');
  });

  it('CURRENT → NOT_MET, with its own next step', () => {
    const r = nicotine({ status: 'CURRENT' });
    expect(r.status).toBe('NOT_MET');
    expect(r.nextStep).toMatch(/Defer fusion/);
  });

  it('UNKNOWN → UNSURE', () => {
    expect(nicotine({ status: 'UNKNOWN' }).status).toBe('UNSURE');
  });

  it('no nicotine fact → UNSURE', () => {
    const r = result(without(allMetFacts, 'nicotine'), id);
    expect(r.status).toBe('UNSURE');
    expect(r.rationale).toBe('Nicotine status is not documented.');
    expect(r.nextStep).toEqual(expect.any(String));
  });

  it('FORMER without quitDate → UNSURE', () => {
    const r = nicotine({ status: 'FORMER', lab: lab(2, daysBefore(SURGERY, 20)) });
    expect(r.status).toBe('UNSURE');
    expect(r.rationale).toMatch(/quit date not documented/);
  });

  it('FORMER without lab → UNSURE', () => {
    const r = nicotine({ status: 'FORMER', quitDate: daysBefore(SURGERY, 800) });
    expect(r.status).toBe('UNSURE');
    expect(r.rationale).toMatch(/nicotine or cotinine lab report not documented/);
  });

  it('FORMER without plannedSurgeryDate → UNSURE', () => {
    const f = without(allMetFacts, 'plannedSurgeryDate');
    const r = result(f, id);
    expect(r.status).toBe('UNSURE');
    expect(r.rationale).toMatch(/planned surgery date not documented/);
  });

  it('quit 365 days before surgery → MET; 364 → NOT_MET', () => {
    expect(nicotine(former(365)).status).toBe('MET');
    const r = nicotine(former(364));
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toMatch(/364 days before the planned surgery/);
  });

  it('quit after the planned surgery date → NOT_MET', () => {
    expect(nicotine(former(-10)).status).toBe('NOT_MET');
  });

  it('lab 10 ng/ml → MET; 10.01 ng/ml → NOT_MET', () => {
    expect(nicotine(former(800, 10)).status).toBe('MET');
    const r = nicotine(former(800, 10.01));
    expect(r.status).toBe('NOT_MET');
    expect(r.rationale).toMatch(/10\.01 ng\/ml/);
  });

  it('lab drawn 42 days before surgery → MET; 43 → UNSURE (redraw)', () => {
    expect(nicotine(former(800, 2, 42)).status).toBe('MET');
    const r = nicotine(former(800, 2, 43));
    expect(r.status).toBe('UNSURE');
    expect(r.rationale).toMatch(/43 days before/);
    expect(r.nextStep).toMatch(/Redraw/);
  });

  it('lab drawn on the day of surgery → MET; after it → UNSURE (redraw)', () => {
    expect(nicotine(former(800, 2, 0)).status).toBe('MET');
    const r = nicotine(former(800, 2, -1));
    expect(r.status).toBe('UNSURE');
    expect(r.rationale).toMatch(/after the planned surgery date/);
  });

  it('a too-high lab wins over a stale lab (NOT_MET before UNSURE)', () => {
    expect(nicotine(former(800, 50, 90)).status).toBe('NOT_MET');
  });

  it('FORMER with everything in order → MET, naming the facts used', () => {
    const r = nicotine(former(800, 3, 20));
    expect(r.status).toBe('MET');
    expect(r.nextStep).toBeNull();
    expect(r.rationale).toMatch(/800 days before.*20 days before surgery.*3 ng\/ml/);
    expect(r.evidence[0]).toMatch(/^Nicotine: former nicotine user, quit date \d{4}-\d\d-\d\d, lab \(cotinine, value 3 ng\/ml, drawn on \d{4}-\d\d-\d\d\)$/);
  });
});
