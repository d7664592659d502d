// The run-time guard behind the static bounds (lambda/engine/guard.ts): CEL
// that the static analysis would refuse is run here straight through the
// library, to show that an underestimated policy ends with a clear
// EvaluationLimitError in bounded time and memory instead of a stalled or
// crashed process.
import { Environment } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { EVALUATION_LIMITS, EvaluationLimitError, evaluate, validateFacts } from '../../../lambda/engine';
import { installGuard, measure, withBudget } from '../../../lambda/engine/guard';
import { allMetFacts } from './fixtures/sij-cases';
import { DATE, sij } from './helpers';

installGuard(Environment);
const env = new Environment({ unlistedVariablesAreDyn: true });
const validated = validateFacts(sij, allMetFacts);
if (!validated.ok) throw new Error('invalid test facts');
const reference = validated.value;
const run = (expr: string, vars: Record<string, unknown> = {}) => env.parse(expr)(vars);

function limitOf(f: () => unknown): { error: EvaluationLimitError } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EvaluationLimitError);
    return { error: e as EvaluationLimitError };
  }
  throw new Error('expected an EvaluationLimitError');
}

describe('the evaluation guard', () => {
  it('stops cel.bind(x, prev, x + x) chained 25 times by its memory budget (a V8 "invalid array size" crash unguarded)', () => {
    let expr = 'size(x25)';
    for (let i = 25; i >= 1; i--) expr = `cel.bind(x${i}, x${i - 1} + x${i - 1}, ${expr})`;
    const { error } = limitOf(() => withBudget(() => run(`cel.bind(x0, [1, 2, 3, 4], ${expr})`)));
    expect(error.limit).toBe('memory');
    expect(error.allocated).toBeLessThanOrEqual(3 * EVALUATION_LIMITS.maxAllocated);
  });

  it('stops the split("") time bomb within its deadline (17 s unguarded)', () => {
    const { error } = limitOf(() => withBudget(() => run(`cel.bind(t, "${'x'.repeat(3_880)}".split(""), t.exists(a, t.exists(b, a > b)))`)));
    // 15 million comparisons unguarded; stopped by the deadline or the step budget, whichever comes first
    // (how long that takes is a bench figure, bench/dos.ts, not a unit test's).
    expect(['time', 'steps']).toContain(error.limit);
    expect(error.steps).toBeLessThanOrEqual(EVALUATION_LIMITS.maxSteps + 1);
  });

  it('stops a join that would build a string larger than the budget before it is built', () => {
    const { error } = limitOf(() =>
      withBudget(() => run('cel.bind(s, "x" + "y".split("").map(c, "0123456789"+"0123456789").join(""), [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20].map(i, s).join(s))'), {
        ...EVALUATION_LIMITS,
        maxAllocated: 500,
      }),
    );
    expect(error.limit).toBe('memory');
    expect(error.allocated).toBeLessThan(2_000);
  });

  it('fails the evaluation even when CEL swallowed the first throw (`heavy || true`)', () => {
    const heavy = `cel.bind(t, "${'x'.repeat(2_000)}".split(""), t.exists(a, t.exists(b, a > b)))`;
    expect(() => withBudget(() => run(`${heavy} || true`))).toThrow(EvaluationLimitError);
    expect(() => withBudget(() => run(`true && (${heavy} || true)`))).toThrow(EvaluationLimitError);
  });

  it('ends a policy evaluation past its budget with EvaluationLimitError, and the next evaluation runs normally', () => {
    const { error } = limitOf(() => withBudget(() => evaluate(sij, reference, { setting: 'OUTPATIENT', inpatientDays: 0 }, DATE), { ...EVALUATION_LIMITS, maxSteps: 50 }));
    expect(error.limit).toBe('steps');
    expect(error.message).not.toMatch(/Fusion|pain|injection/i); // numbers only, no facts
    expect(evaluate(sij, reference, { setting: 'OUTPATIENT', inpatientDays: 0 }, DATE).recommendation).toBeDefined();
  });

  it('charges a map or filter result once, not its accumulator at every step (10,000 items: 10,000, not 50 million)', () => {
    const { steps, allocated } = measure(() => run(`"${'x'.repeat(10_000)}".split("").map(c, c).filter(c, true).size()`));
    expect(allocated).toBeLessThanOrEqual(3 * 10_000);
    expect(steps).toBeGreaterThan(20_000);
  });

  it('counts nothing outside an evaluation (compile-time checks and the library used directly)', () => {
    expect(run('[1,2,3].map(x, x * 2)')).toEqual([2n, 4n, 6n]);
  });
});
