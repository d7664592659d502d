// Rationale templates: placeholder parsing, value formatting, and the JS fast
// path for simple placeholders giving exactly what CEL gives.
import { describe, expect, it } from 'vitest';
import { compileCel, createFactsEnvironments, type CelProgram } from '../../../lambda/engine/cel';
import type { PolicyIssue } from '../../../lambda/engine/errors';
import { parseFactSchema } from '../../../lambda/engine/fact-schema';
import { compileTemplate, fastPath, formatValue } from '../../../lambda/engine/template';
import { variedCases } from './fixtures/sij-cases';
import { sijDoc } from './helpers';

function environments() {
  const root = parseFactSchema(sijDoc.factSchema, [], []);
  if (!root) throw new Error('schema');
  const defs = sijDoc.definitions ?? [];
  const params = new Map(Object.entries(sijDoc.parameters ?? {}).map(([n, p]) => [n, { type: 'int' as const, value: BigInt(p.value as number) }]));
  const envs = createFactsEnvironments(root, defs.map((d) => d.name), params);
  const programs: [string, CelProgram][] = [];
  for (const d of defs) {
    const c = compileCel(envs, d.expression, [], []);
    if (!c) throw new Error(d.name);
    envs.check.registerVariable(d.name, c.type);
    programs.push([d.name, c.program]);
  }
  return { envs, programs };
}

describe('templates', () => {
  const { envs, programs } = environments();
  const issues: PolicyIssue[] = [];
  const render = (text: string, facts: unknown) => {
    const t = compileTemplate(envs, text, ['t'], issues);
    if (!t) throw new Error(JSON.stringify(issues));
    return t({ facts, evaluationDate: '2026-02-02', requested: { setting: 'OUTPATIENT', inpatientDays: 0n } });
  };

  it('interpolates CEL placeholders and keeps {{ }} as literal braces', () => {
    expect(render('Pain {facts.painScoreNrs}/10 {{x}} {has(facts.nicotine) ? "yes" : "no"}', { painScoreNrs: 7 })).toBe('Pain 7/10 {x} no');
  });

  it('renders a placeholder it cannot evaluate as "not documented"', () => {
    expect(render('Quit {facts.nicotine.quitDate}', {})).toBe('Quit not documented');
    expect(render('Quit {daysBetween(facts.nicotine.quitDate, facts.plannedSurgeryDate)}', {})).toBe('Quit not documented');
  });

  it('formats values deterministically', () => {
    expect([formatValue(3n), formatValue(10.01), formatValue(true), formatValue(false), formatValue(null), formatValue(undefined)]).toEqual([
      '3',
      '10.01',
      'yes',
      'no',
      'not documented',
      'not documented',
    ]);
    expect(formatValue(['A', 'B'])).toBe('A; B');
    expect(formatValue([])).toBe('none');
  });

  it('the fast path gives what CEL gives, for every simple placeholder of the SIJ policy', () => {
    const placeholders = sijDoc.criteria
      .flatMap((c) => c.outcomes.map((o) => o.rationale))
      .flatMap((t) => [...t.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string));
    const sentinel: CelProgram = () => 'slow';
    const simple = placeholders.filter((p) => fastPath(p, sentinel) !== sentinel);
    expect(simple.length).toBeGreaterThan(10);
    for (const { facts } of variedCases()) {
      const params = Object.fromEntries(Object.entries(sijDoc.parameters ?? {}).map(([n, p]) => [n, BigInt(p.value as number)]));
      const vars: Record<string, unknown> = { facts, evaluationDate: '2026-02-02', requested: { setting: 'OUTPATIENT', inpatientDays: 0n }, params };
      for (const [name, program] of programs) vars[name] = program(vars);
      for (const p of simple) {
        const c = compileCel(envs, p, [], []);
        if (!c) throw new Error(p);
        let viaCel: unknown;
        try {
          viaCel = c.program(vars);
        } catch {
          viaCel = undefined;
        }
        expect(formatValue(fastPath(p, c.program)(vars)), p).toBe(formatValue(viaCel));
      }
    }
  });

  it('rejects unmatched braces', () => {
    const out: PolicyIssue[] = [];
    expect(compileTemplate(envs, 'a } b', ['x'], out)).toBeNull();
    expect(out[0]?.message).toMatch(/unmatched "}"/);
  });
});
