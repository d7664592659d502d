// Property: any CEL a policy author can write (generated within the grammar: strings,
// string lists, split, join, concatenation, cel.bind, comprehensions nested two deep,
// literals up to 3,880 characters, evaluationDate guards) is either refused by compilePolicy
// or, once accepted, evaluates on the worst input its fact schema allows within the run-time
// budget and its deadline: the static bound is sound, and nothing stalls or crashes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, EVALUATION_LIMITS, evaluate, PolicyCompileError, validateFacts } from '../../../lambda/engine';
import { measure } from '../../../lambda/engine/guard';
import { celArbitrary, policyWith, worstFacts } from '../../support/cel-arbitrary';

describe('generated CEL at compilePolicy (fast-check)', () => {
  it('is refused, or evaluates on the worst input within the run-time budget and deadline', () => {
    let accepted = 0;
    let refused = 0;
    let worst = { ms: 0, steps: -1, allocated: 0, expression: '' };
    fc.assert(
      fc.property(celArbitrary(), (expression) => {
        const doc = policyWith(expression);
        let policy;
        try {
          policy = compilePolicy(doc);
        } catch (e) {
          if (!(e instanceof PolicyCompileError)) throw e;
          refused++;
          return;
        }
        accepted++;
        const v = validateFacts(policy, worstFacts(doc));
        if (!v.ok) throw new Error(`worst facts invalid: ${JSON.stringify(v.errors)}`);
        // After the evaluationDate guards of a time bomb: the time bomb goes off.
        const m = measure(() => evaluate(policy, v.value, { setting: 'OUTPATIENT', inpatientDays: 0 }, '2028-06-01'));
        if (m.steps + m.allocated > worst.steps + worst.allocated) worst = { ms: m.ms, steps: m.steps, allocated: m.allocated, expression };
        // evaluate() throws EvaluationLimitError past the deadline or any budget (so reaching here
        // means within them); the counts are deterministic and checked once more.
        expect(m.steps).toBeLessThanOrEqual(EVALUATION_LIMITS.maxSteps);
        expect(m.allocated).toBeLessThanOrEqual(EVALUATION_LIMITS.maxAllocated);
      }),
      { numRuns: 150, seed: 25 },
    );
    // Both sides were exercised.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
    console.info(`accepted ${accepted}, refused ${refused}; costliest accepted: ${worst.steps} steps, ${worst.allocated} allocated, ${worst.ms.toFixed(1)} ms: ${worst.expression.slice(0, 300)}`);
  }, 120_000);
});
