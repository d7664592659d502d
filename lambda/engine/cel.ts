// CEL (Common Expression Language) plumbing. Each policy gets two
// environments over the same function library:
// - `check`: typed from the fact schema, so a misspelt fact or a type error
//   in a policy fails compilePolicy instead of a request;
// - `run`: the same variables as `dyn`, used to evaluate. Facts are already
//   validated against the schema, so the checked types hold at run time, and
//   plain JSON objects are read directly instead of being wrapped in typed
//   message objects per evaluation (measured ~15-40% faster).
// Library: @marcbachmann/cel-js, chosen on measured speed, bundle size and
// its type checker (see bench/cel-compare.ts and README design notes).
import { Environment } from '@marcbachmann/cel-js';
import { daysBetween } from './dates';
import type { PolicyIssue } from './errors';
import type { FactNode, ObjectNode } from './fact-schema';

/** A compiled, type-checked CEL expression. Throws on evaluation errors. */
export type CelProgram = (vars: Record<string, unknown>) => unknown;

export interface CelEnvironments {
  check: Environment;
  run: Environment;
}

/** Variables every criterion / level-of-care expression can read. */
export const RESERVED_VARIABLES = ['facts', 'evaluationDate', 'requested'] as const;
export const COUNT_VARIABLES = ['metCount', 'notMetCount', 'unsureCount', 'notApplicableCount', 'totalCount'] as const;

/** Policy function library. Pure and deterministic (no clock). */
function withFunctions(env: Environment): Environment {
  return env.registerFunction(
    'daysBetween(string, string): int',
    (from: string, to: string) => BigInt(daysBetween(from, to)),
    { description: 'Whole days from the first YYYY-MM-DD date to the second (negative if earlier).' },
  );
}

/** JSON numbers are CEL doubles: facts reach CEL as submitted, unconverted. */
function celType(env: Environment, node: FactNode, typeName: string): string {
  switch (node.kind) {
    case 'number':
    case 'integer':
      return 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'array':
      return `list<${celType(env, node.items, `${typeName}_item`)}>`;
    case 'object': {
      const fields: Record<string, string> = {};
      for (const [name, child] of node.properties) fields[name] = celType(env, child, `${typeName}_${name}`);
      env.registerType(typeName, { fields });
      return typeName;
    }
  }
}

/** Environments for definitions, criteria and level-of-care rules. */
export function createFactsEnvironments(root: ObjectNode, definitionNames: readonly string[]): CelEnvironments {
  const check = withFunctions(new Environment());
  const factsType = celType(check, root, 'Facts');
  check.registerType('RequestedLevelOfCare', { fields: { setting: 'string', inpatientDays: 'int' } });
  check
    .registerVariable('facts', factsType, { description: 'The case clinicalFacts.' })
    .registerVariable('evaluationDate', 'string', { description: 'Evaluation date, YYYY-MM-DD.' })
    .registerVariable('requested', 'RequestedLevelOfCare', { description: 'Requested level of care.' });
  // Definitions are declared in `check` one by one as they compile (see compile.ts).

  const run = withFunctions(new Environment())
    .registerVariable('facts', 'dyn')
    .registerVariable('evaluationDate', 'string')
    .registerVariable('requested', 'dyn');
  for (const name of new Set(definitionNames)) {
    if (!(RESERVED_VARIABLES as readonly string[]).includes(name)) run.registerVariable(name, 'dyn');
  }
  return { check, run };
}

/** Environment for recommendation rules: counts of criterion statuses. */
export function createCountsEnvironments(): CelEnvironments {
  const env = new Environment();
  for (const name of COUNT_VARIABLES) env.registerVariable(name, 'int');
  return { check: env, run: env };
}

/**
 * Parses and type-checks `source`. Records an issue and returns null on any
 * problem; with `expect`, the result type must match (e.g. "bool").
 */
export function compileCel(
  envs: CelEnvironments,
  source: string,
  path: string[],
  issues: PolicyIssue[],
  expect?: string,
): { program: CelProgram; type: string } | null {
  let type: string;
  let program: CelProgram;
  try {
    const parsed = envs.check.parse(source);
    const checked = parsed.check();
    if (!checked.valid) {
      issues.push({ path, message: `CEL: ${firstLine(checked.error?.message ?? 'invalid expression')}` });
      return null;
    }
    type = checked.type ?? 'dyn';
    if (expect && type !== expect) {
      issues.push({ path, message: `CEL: must evaluate to ${expect}, but evaluates to ${type}` });
      return null;
    }
    if (envs.run === envs.check) program = parsed as CelProgram;
    else {
      const run = envs.run.parse(source);
      // Annotate the AST now so no request pays for (or fails in) checking.
      const checkedRun = run.check();
      if (!checkedRun.valid) throw checkedRun.error ?? new Error('invalid expression');
      program = run as CelProgram;
    }
  } catch (e) {
    issues.push({ path, message: `CEL: ${firstLine(e instanceof Error ? e.message : String(e))}` });
    return null;
  }
  return { program, type };
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0] ?? s;
}
