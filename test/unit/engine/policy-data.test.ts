// Policy data of the third release: add-on codes (what counts further units) and observation
// dates (`"x-observation": true`), both checked by compilePolicy and used at request time.
import { describe, expect, it } from 'vitest';
import { compilePolicy, validateFacts } from '../../../lambda/engine';
import { issuesOf } from './helpers';
import { shippedPolicies } from '../../../policies';

type Json = Record<string, any>;
const docOf = (id: string): Json => structuredClone(shippedPolicies.find((p) => p.id === id)!) as Json;

describe('add-on codes', () => {
  it('lumbar fusion names 22614, 22632 and 22634, each counted by fusionLevels', () => {
    const p = compilePolicy(docOf('lumbar-fusion'));
    expect(p.addOnCodes).toEqual({
      '22612': { code: '22614', unitsFact: 'fusionLevels' },
      '22630': { code: '22632', unitsFact: 'fusionLevels' },
      '22633': { code: '22634', unitsFact: 'fusionLevels' },
    });
    expect(compilePolicy(docOf('sij-fusion')).addOnCodes).toEqual({});
  });

  it.each([
    ['a code that is not the policy’s', (d: Json) => (d.addOnCodes = { '27279': { code: '22634', unitsFact: 'fusionLevels' } }), ['addOnCodes', '27279'], /not one of the policy's cptCodes/],
    ['an add-on that is one of its codes', (d: Json) => (d.addOnCodes['22633'].code = '22612'), ['addOnCodes', '22633', 'code'], /is one of the policy's cptCodes/],
    ['an unknown counting fact', (d: Json) => (d.addOnCodes['22633'].unitsFact = 'levels'), ['addOnCodes', '22633', 'unitsFact'], /unknown fact/],
    ['a counting fact that is not a bounded integer of at least 1', (d: Json) => (d.addOnCodes['22633'].unitsFact = 'painScoreNrs'), ['addOnCodes', '22633', 'unitsFact'], /minimum" of at least 1/],
  ])('refuses %s', (_what, edit, path, message) => {
    const doc = docOf('lumbar-fusion');
    edit(doc);
    expect(issuesOf(doc)).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

describe('observation dates', () => {
  const fusion = compilePolicy(docOf('lumbar-fusion'));
  const facts = {
    lumbarImaging: { modality: 'MRI', concordantWithSymptoms: true, date: '2026-03-01' },
    nicotine: { status: 'FORMER', quitDate: '2025-09-01', lab: { test: 'COTININE', valueNgMl: 2, drawnOn: '2026-03-10' } },
    hba1c: { valuePercent: 6.1, drawnOn: '2026-03-10' },
    plannedSurgeryDate: '2026-04-07',
  };
  const errors = (f: unknown, receivedOn?: string) => {
    const r = validateFacts(fusion, f, receivedOn ? { receivedOn } : undefined);
    return r.ok ? [] : r.errors.map((e) => [e.field.join('.'), e.code]);
  };

  it('marks labs, imaging, injections and quit dates in every shipped policy, never a planned date', () => {
    const marked: string[] = [];
    const walk = (s: Json, path: string[]) => {
      if (s['x-observation'] === true) marked.push(`${path.join('.')}`);
      for (const [k, v] of Object.entries((s.properties ?? {}) as Json)) walk(v, [...path, k]);
      if (s.items) walk(s.items, [...path, '*']);
    };
    for (const d of shippedPolicies) walk(d.factSchema as Json, [d.id]);
    expect(marked.sort()).toEqual(
      [
        'knee-arthroplasty.hba1c.drawnOn',
        'knee-arthroplasty.kneeRadiograph.date',
        'lumbar-fusion.hba1c.drawnOn',
        'lumbar-fusion.lumbarImaging.date',
        'lumbar-fusion.nicotine.lab.drawnOn',
        'lumbar-fusion.nicotine.quitDate',
        'sij-fusion.diagnosticInjections.*.date',
        'sij-fusion.nicotine.lab.drawnOn',
        'sij-fusion.nicotine.quitDate',
        'sij-fusion.siJointImaging.date',
      ].sort(),
    );
  });

  it('refuses an observation after the day the case is received, at its path; the same day and planned dates are fine', () => {
    expect(errors(facts, '2026-03-20')).toEqual([]);
    expect(errors(facts, '2026-03-10')).toEqual([]);
    expect(errors(facts, '2026-03-09')).toEqual([
      ['nicotine.lab.drawnOn', 'FACT_OUT_OF_RANGE'],
      ['hba1c.drawnOn', 'FACT_OUT_OF_RANGE'],
    ]);
    expect(errors({ ...facts, nicotine: { ...facts.nicotine, quitDate: '2026-03-21' } }, '2026-03-20')).toEqual([['nicotine.quitDate', 'FACT_OUT_OF_RANGE']]);
    // Without a received day (a policy's own examples), nothing is checked.
    expect(errors(facts)).toEqual([]);
  });

  it('accepts the marker only as true or false on a date', () => {
    const doc = docOf('lumbar-fusion');
    doc.factSchema.properties.painScoreNrs['x-observation'] = true;
    expect(issuesOf(doc)).toContainEqual({ path: ['factSchema', 'properties', 'painScoreNrs', 'x-observation'], message: expect.stringMatching(/not supported/) });
    const d2 = docOf('lumbar-fusion');
    d2.factSchema.properties.plannedSurgeryDate['x-observation'] = 'yes';
    expect(issuesOf(d2)).toContainEqual({ path: ['factSchema', 'properties', 'plannedSurgeryDate', 'x-observation'], message: expect.stringMatching(/true or false/) });
    const d3 = docOf('sij-fusion');
    d3.factSchema.properties.competingFindings.items['x-observation'] = true;
    expect(issuesOf(d3)).toContainEqual({ path: ['factSchema', 'properties', 'competingFindings', 'items', 'x-observation'], message: expect.stringMatching(/needs "format": "date"/) });
  });
});
