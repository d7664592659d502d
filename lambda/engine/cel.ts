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
import { checkBounds, type Abs, type BoundsContext } from './bounds';
import { guardJoins, installGuard } from './guard';
import { daysBetween } from './dates';
import type { PolicyIssue } from './errors';
import type { FactNode, ObjectNode } from './fact-schema';
import { LIMITS } from './limits';

// Every evaluation inside guard.ts's withBudget counts its steps, allocation and time.
installGuard(Environment);

/** A compiled, type-checked CEL expression. Throws on evaluation errors. */
export type CelProgram = (vars: Record<string, unknown>) => unknown;

export interface CelEnvironments {
  check: Environment;
  run: Environment;
  /** Sizes and names for the static bounds check (bounds.ts); absent for the counts environment. */
  bounds?: BoundsContext;
}

/** Variables every criterion / level-of-care expression can read. */
export const RESERVED_VARIABLES = ['facts', 'evaluationDate', 'requested', 'icd10Codes', 'params', 'approvedInpatientDays'] as const;

const ENV_OPTIONS = {
  limits: {
    maxAstNodes: LIMITS.maxAstNodes,
    maxDepth: LIMITS.maxAstDepth,
    maxListElements: LIMITS.maxListLiteral,
    maxMapEntries: LIMITS.maxListLiteral,
    maxCallArguments: 8,
  },
};

/** A parameter as CEL sees it: integral numbers are ints, others doubles. */
export interface CelParameter {
  type: 'int' | 'double' | 'list<string>';
  value: bigint | number | readonly string[];
}

export const COUNT_VARIABLES = ['metCount', 'notMetCount', 'unsureCount', 'notApplicableCount', 'totalCount'] as const;

/** Policy function library. Pure and deterministic (no clock). */
function withFunctions(env: Environment, displayValue: (path: string, value: string) => string): Environment {
  return env
    .registerFunction('daysBetween(string, string): int', (from: string, to: string) => BigInt(daysBetween(from, to)), {
      description: 'Whole days from the first YYYY-MM-DD date to the second (negative if earlier).',
    })
    .registerFunction('min(int, int): int', (a: bigint, b: bigint) => (a < b ? a : b), { description: 'The smaller of two ints.' })
    .registerFunction('max(int, int): int', (a: bigint, b: bigint) => (a > b ? a : b), { description: 'The larger of two ints.' })
    .registerFunction('displayValue(string, string): string', displayValue, {
      description: 'The display text of an enum value of the fact at the (literal) dotted path, e.g. displayValue("redFlags", f).',
    });
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
export function createFactsEnvironments(
  root: ObjectNode,
  definitionNames: readonly string[],
  params: ReadonlyMap<string, CelParameter> = new Map(),
  displayValue: (path: string, value: string) => string = (_path, value) => value,
  bounds?: BoundsContext,
): CelEnvironments {
  const check = withFunctions(new Environment(ENV_OPTIONS), displayValue);
  const factsType = celType(check, root, 'Facts');
  check.registerType('RequestedLevelOfCare', { fields: { setting: 'string', inpatientDays: 'int' } });
  const paramFields: Record<string, string> = {};
  for (const [name, p] of params) paramFields[name] = p.type;
  check.registerType('Parameters', { fields: paramFields });
  check
    .registerVariable('facts', factsType, { description: 'The case clinicalFacts.' })
    .registerVariable('evaluationDate', 'string', { description: 'Evaluation date, YYYY-MM-DD.' })
    .registerVariable('requested', 'RequestedLevelOfCare', { description: 'Requested level of care.' })
    .registerVariable('icd10Codes', 'list<string>', { description: 'The case diagnoses, normalised: no dot, upper-case.' })
    .registerVariable('params', 'Parameters', { description: 'The policy parameters.' });
  // Definitions are declared in `check` one by one as they compile (see compile.ts);
  // `approvedInpatientDays` only in the level-of-care environment (levelOfCareEnvironments).

  const run = withFunctions(new Environment(ENV_OPTIONS), displayValue)
    .registerVariable('facts', 'dyn')
    .registerVariable('evaluationDate', 'string')
    .registerVariable('requested', 'dyn')
    .registerVariable('icd10Codes', 'dyn')
    .registerVariable('params', 'dyn')
    .registerVariable('approvedInpatientDays', 'dyn');
  for (const name of new Set(definitionNames)) {
    if (!(RESERVED_VARIABLES as readonly string[]).includes(name)) run.registerVariable(name, 'dyn');
  }
  return bounds ? { check, run, bounds } : { check, run };
}

/** Level-of-care texts may also read the verdict's computed `approvedInpatientDays`. */
export function levelOfCareEnvironments(envs: CelEnvironments): CelEnvironments {
  const check = envs.check.clone();
  check.registerVariable('approvedInpatientDays', 'int', { description: 'The approved inpatient days of this verdict.' });
  return envs.bounds ? { check, run: envs.run, bounds: envs.bounds.withScalar('approvedInpatientDays') } : { check, run: envs.run };
}

/** Environment for recommendation rules: counts of criterion statuses. */
export function createCountsEnvironments(bounds?: BoundsContext): CelEnvironments {
  const env = new Environment(ENV_OPTIONS);
  for (const name of COUNT_VARIABLES) env.registerVariable(name, 'int');
  return bounds ? { check: env, run: env, bounds: bounds.forCounts(COUNT_VARIABLES) } : { check: env, run: env };
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
): { program: CelProgram; type: string; abs: Abs | null } | null {
  let type: string;
  let program: CelProgram;
  let abs: Abs | null = null;
  try {
    const parsed = envs.check.parse(source);
    // Bounds first (regex, nesting, list growth, cost): refused before anything runs.
    if (envs.bounds) {
      abs = checkBounds(parsed.ast, envs.bounds, path, issues);
      if (!abs) return null;
    }
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
    if (envs.run === envs.check) {
      guardJoins(parsed.ast);
      program = parsed as CelProgram;
    } else {
      const run = envs.run.parse(source);
      // Annotate the AST now so no request pays for (or fails in) checking.
      const checkedRun = run.check();
      if (!checkedRun.valid) throw checkedRun.error ?? new Error('invalid expression');
      guardJoins(run.ast);
      program = run as CelProgram;
    }
  } catch (e) {
    issues.push({ path, message: `CEL: ${firstLine(e instanceof Error ? e.message : String(e))}` });
    return null;
  }
  return { program, type, abs };
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0] ?? s;
}
