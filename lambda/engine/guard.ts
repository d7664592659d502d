// The run-time guard behind the static bounds (bounds.ts): one policy
// evaluation gets a budget of CEL steps, of allocated list items and string
// characters, and of wall-clock time. A policy whose real cost exceeds the
// estimate stops at the first step past the budget with an
// EvaluationLimitError, instead of stalling the process (every request of a
// Lambda instance or of the local server shares one thread) or crashing V8
// with an oversized array.
//
// How: @marcbachmann/cel-js evaluates an expression by calling its
// evaluator's `run(ast, ctx)` for every sub-expression, comprehension step
// and bound variable. `installGuard` wraps that one method (on the class, so
// every environment is covered): while a budget is active, each call counts a
// step, checks the clock every 256 steps, and charges the length of every list
// or string an operator, function or comprehension returns. Nothing
// allocates more than twice the budget in one step (concatenations and
// splits are at most the size of their inputs, themselves charged), `join`
// is checked before it allocates (guardJoins), and once exceeded every
// further step throws, so an error swallowed by `||`/`&&` or a quantifier
// cannot resume the work. The library version is pinned in package.json;
// test/unit/engine/guard.test.ts fails if a new version stops calling `run`.
//
// A worker thread with resourceLimits was the alternative: it needs a second
// bundled entry, a copy of the policy and facts per evaluation and ~30 ms to
// start one on a cold Lambda; this guard costs one counter per step.
import type { Environment } from '@marcbachmann/cel-js';

/** Per evaluation (all of a policy's expressions for one request). Part of the README's hardening table. */
export const EVALUATION_LIMITS = Object.freeze({
  /** CEL evaluation steps (sub-expressions and comprehension iterations): twice LIMITS.maxPolicyCost. */
  maxSteps: 1_000_000,
  /** List items plus string characters returned by operators, functions and comprehensions. */
  maxAllocated: 1_000_000,
  /** Wall-clock milliseconds: the longest another request of the process can wait behind one evaluation. */
  deadlineMs: 500,
});

export type EvaluationLimit = 'steps' | 'memory' | 'time';

export interface Budget {
  maxSteps: number;
  maxAllocated: number;
  deadlineMs: number;
}

/** An evaluation stopped by its budget. Carries numbers only (never facts). */
export class EvaluationLimitError extends Error {
  override readonly name = 'EvaluationLimitError';
  constructor(
    readonly limit: EvaluationLimit,
    readonly steps: number,
    readonly allocated: number,
    readonly elapsedMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The policy evaluation exceeded its ${limit} budget (${steps} steps, ${allocated} items allocated, ${Math.round(elapsedMs)} ms)`, options);
  }
}

interface Active {
  budget: Budget;
  steps: number;
  allocated: number;
  start: number;
  deadline: number;
  exceeded: EvaluationLimit | null;
}

let active: Active | null = null;

function exceed(a: Active, limit: EvaluationLimit): never {
  a.exceeded ??= limit;
  throw new EvaluationLimitError(a.exceeded, a.steps, a.allocated, performance.now() - a.start);
}

function charge(a: Active, n: number): void {
  a.allocated += n;
  if (a.allocated > a.budget.maxAllocated) exceed(a, 'memory');
}

// Node kinds whose result is a value read, not built (a variable, a field, an
// item, a literal, a branch), or a comprehension's accumulator (returned by every
// step of map/filter: charged once, as the comprehension's result): not charged,
// or a fact read in a loop would count its length each time.
const READS = new Set(['id', '.', '.?', '[]', '[?]', 'value', '?:', 'accuValue', 'accuPush', 'accuInc', '&&', '||']);

type AstLike = { op: string; args: unknown; evaluate: (ev: unknown, ast: AstLike, ctx: unknown) => unknown };
type Run = (this: unknown, ast: AstLike, ctx: unknown) => unknown;

let installed = false;

/** Wraps the library's evaluator once; idempotent. */
export function installGuard(EnvironmentClass: typeof Environment): void {
  if (installed) return;
  const env = new EnvironmentClass();
  const probe = env.parse('1') as unknown as { ast: AstLike } & (() => unknown);
  let proto: { run: Run } | null = null;
  probe.ast.evaluate = (ev) => {
    proto = Object.getPrototypeOf(ev) as { run: Run };
    return 1n;
  };
  probe();
  const target = proto as { run: Run } | null;
  if (!target || typeof target.run !== 'function') throw new Error('CEL evaluator not found: the evaluation guard cannot be installed');
  const original = target.run;
  target.run = function guardedRun(this: unknown, ast: AstLike, ctx: unknown): unknown {
    const a = active;
    if (a === null) return original.call(this, ast, ctx);
    if (a.exceeded) exceed(a, a.exceeded);
    const steps = ++a.steps;
    if (steps > a.budget.maxSteps) exceed(a, 'steps');
    if ((steps & 255) === 0 && performance.now() > a.deadline) exceed(a, 'time');
    const r = original.call(this, ast, ctx);
    if (!READS.has(ast.op)) {
      if (typeof r === 'string') {
        if (r.length > 16) charge(a, r.length);
      } else if (Array.isArray(r)) charge(a, r.length);
      else if (r instanceof Map) charge(a, r.size);
    }
    return r;
  };
  installed = true;
}

/**
 * `join` would build its whole string before its length is charged: its
 * nodes in a compiled expression are replaced by one that checks the list
 * and separator first. Called by cel.ts on every program it compiles.
 */
export function guardJoins(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length) {
    const n = pending.pop();
    if (Array.isArray(n)) {
      for (const x of n as unknown[]) pending.push(x);
      continue;
    }
    if (typeof n !== 'object' || n === null || !('op' in n) || !('args' in n)) continue;
    const node = n as AstLike;
    pending.push(node.args);
    if (node.op !== 'rcall' || !Array.isArray(node.args) || node.args[0] !== 'join') continue;
    const [, receiver, params] = node.args as [string, AstLike, AstLike[]];
    node.evaluate = (ev, _ast, ctx) => {
      const run = (ev as { run: (a: AstLike, c: unknown) => unknown }).run.bind(ev);
      const list = run(receiver, ctx);
      const separator = params[0] ? run(params[0], ctx) : '';
      if (!Array.isArray(list) || typeof separator !== 'string' || !list.every((s): s is string => typeof s === 'string')) throw new TypeError('join needs a list of strings');
      const a = active;
      if (a !== null) {
        let size = separator.length * list.length;
        for (const s of list) size += s.length;
        charge(a, size);
      }
      return list.join(separator);
    };
  }
}

/**
 * Runs `fn` (one evaluation) under `budget`. Throws EvaluationLimitError when
 * it is exceeded, even if the CEL code caught the first throw. Nested calls
 * share the outer budget.
 */
export function withBudget<T>(fn: () => T, budget: Budget = EVALUATION_LIMITS): T {
  if (active !== null) return fn();
  const start = performance.now();
  const a: Active = { budget, steps: 0, allocated: 0, start, deadline: start + budget.deadlineMs, exceeded: null };
  active = a;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    if (a.exceeded) throw e instanceof EvaluationLimitError ? e : new EvaluationLimitError(a.exceeded, a.steps, a.allocated, performance.now() - start, { cause: e });
    throw e;
  } finally {
    active = null;
  }
  // A budget error swallowed by a caller inside `fn` (a criterion that pends on any error) still fails the evaluation.
  if (a.exceeded || performance.now() > a.deadline) throw new EvaluationLimitError(a.exceeded ?? 'time', a.steps, a.allocated, performance.now() - start);
  return result;
}

/** Steps and allocation of the last `withBudget` run, for the bench (bench/dos.ts). */
export function measure<T>(fn: () => T, budget: Budget = EVALUATION_LIMITS): { result: T; steps: number; allocated: number; ms: number } {
  let steps = 0;
  let allocated = 0;
  const start = performance.now();
  const result = withBudget(() => {
    const r = fn();
    steps = active?.steps ?? 0;
    allocated = active?.allocated ?? 0;
    return r;
  }, budget);
  return { result, steps, allocated, ms: performance.now() - start };
}
