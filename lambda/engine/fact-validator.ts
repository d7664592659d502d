// Compiles a parsed fact schema into closures, once per policy. Chosen over
// ajv (fast, but ~135 KB minified and ~50 ms of code generation at cold
// start) and @cfworker/json-schema (23 KB, but ~70k validations/s, too slow
// for the 50k evaluations/s budget); see README design notes.
// Happy path allocates nothing but one context object. Messages name the
// field and the rule only: submitted values are PHI and are never echoed.
import { isIsoDate } from './dates';
import type { FactNode, ObjectNode } from './fact-schema';
import type { FactError, FactErrorCode, FactValidationResult, Facts } from './types';
import { failed, ok } from './result';

const MAX_ERRORS = 50;

interface Ctx {
  /** Current path; pushed/popped while descending, copied only on error. */
  path: (string | number)[];
  errors: FactError[] | null;
  /** The last day an observation date may name (the case's received day); null: unchecked. */
  latestObservation: string | null;
}

type Check = (v: unknown, ctx: Ctx) => void;


function fail(ctx: Ctx, code: FactErrorCode, rule: string): void {
  const errors = (ctx.errors ??= []);
  if (errors.length >= MAX_ERRORS) return;
  const field = ctx.path.map(String);
  errors.push({ field, code, message: `${describe(field)} ${rule}` });
}

/** "clinicalFacts.nicotine.lab.drawnOn"; long unknown keys are cut short. */
function describe(field: string[]): string {
  const p = field.map((f) => (f.length > 64 ? `${f.slice(0, 64)}…` : f)).join('.');
  return p ? `Fact "${p}"` : 'clinicalFacts';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const fmtRange = (n: number): string => String(n);

// DynamoDB numbers: magnitude at most 9.9999999999999999999999999999999999999E+125
// and at least 1E-130 (or zero). A JS double prints with at most 17
// significant digits, within DynamoDB's 38, so magnitude is the only check.
const MAX_STORABLE = 9.99e125;
const MIN_STORABLE = 1e-130;
const storable = (v: number): boolean => {
  const a = Math.abs(v);
  return a === 0 || (a >= MIN_STORABLE && a <= MAX_STORABLE);
};

function compileNode(node: FactNode): Check {
  switch (node.kind) {
    case 'object':
      return compileObject(node);
    case 'array': {
      const item = compileNode(node.items);
      const { minItems, maxItems } = node;
      return (v, ctx) => {
        if (!Array.isArray(v)) return fail(ctx, 'INVALID_FACT_TYPE', 'must be a list');
        if (maxItems !== undefined && v.length > maxItems) {
          return fail(ctx, 'FACT_OUT_OF_RANGE', `must have at most ${maxItems} entries`);
        }
        if (minItems !== undefined && v.length < minItems) {
          fail(ctx, 'FACT_OUT_OF_RANGE', `must have at least ${minItems} entries`);
        }
        const path = ctx.path;
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          item(v[i], ctx);
          path.pop();
        }
      };
    }
    case 'string': {
      const allowed = node.enum ? new Set(node.enum) : null;
      const allowedText = node.enum?.join(', ');
      const { format, minLength, maxLength, observation } = node;
      return (v, ctx) => {
        if (typeof v !== 'string') return fail(ctx, 'INVALID_FACT_TYPE', 'must be a string');
        if (allowed && !allowed.has(v)) return fail(ctx, 'INVALID_FACT_VALUE', `must be one of ${allowedText}`);
        if (format === 'date' && !isIsoDate(v)) {
          return fail(ctx, 'INVALID_DATE', 'must be a calendar date in YYYY-MM-DD format');
        }
        // ISO dates compare as strings. Something observed cannot have happened after receipt.
        if (observation && ctx.latestObservation !== null && v > ctx.latestObservation) {
          return fail(ctx, 'FACT_OUT_OF_RANGE', 'is an observation and may not be after the day the case was received');
        }
        if (maxLength !== undefined && v.length > maxLength) {
          fail(ctx, 'FACT_OUT_OF_RANGE', `must be at most ${maxLength} characters long`);
        } else if (minLength !== undefined && v.length < minLength) {
          fail(ctx, 'FACT_OUT_OF_RANGE', `must be at least ${minLength} characters long`);
        }
      };
    }
    case 'number':
    case 'integer': {
      const integer = node.kind === 'integer';
      const allowed = node.enum ? new Set(node.enum) : null;
      const allowedText = node.enum?.join(', ');
      const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = node;
      const typeRule = integer ? 'must be an integer' : 'must be a number';
      return (v, ctx) => {
        if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
          return fail(ctx, 'INVALID_FACT_TYPE', typeRule);
        }
        if (!storable(v)) return fail(ctx, 'FACT_OUT_OF_RANGE', 'must be zero or between 1e-130 and 9.99e125 in magnitude');
        if (allowed && !allowed.has(v)) return fail(ctx, 'INVALID_FACT_VALUE', `must be one of ${allowedText}`);
        if (minimum !== undefined && v < minimum) fail(ctx, 'FACT_OUT_OF_RANGE', `must be at least ${fmtRange(minimum)}`);
        else if (maximum !== undefined && v > maximum) fail(ctx, 'FACT_OUT_OF_RANGE', `must be at most ${fmtRange(maximum)}`);
        else if (exclusiveMinimum !== undefined && v <= exclusiveMinimum) {
          fail(ctx, 'FACT_OUT_OF_RANGE', `must be greater than ${fmtRange(exclusiveMinimum)}`);
        } else if (exclusiveMaximum !== undefined && v >= exclusiveMaximum) {
          fail(ctx, 'FACT_OUT_OF_RANGE', `must be less than ${fmtRange(exclusiveMaximum)}`);
        }
      };
    }
    case 'boolean':
      return (v, ctx) => {
        if (typeof v !== 'boolean') fail(ctx, 'INVALID_FACT_TYPE', 'must be true or false');
      };
  }
}

function compileObject(node: ObjectNode): Check {
  const props = new Map<string, Check>();
  for (const [name, child] of node.properties) props.set(name, compileNode(child));
  const required = node.required;
  return (v, ctx) => {
    if (!isPlainObject(v)) return fail(ctx, 'INVALID_FACT_TYPE', 'must be an object');
    const path = ctx.path;
    // Own keys only, including "__proto__" as JSON.parse creates it: unknown like any other.
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const check = props.get(key);
      path.push(key);
      if (check) check(v[key], ctx);
      else fail(ctx, 'UNKNOWN_FACT', 'is not a fact defined by this policy');
      path.pop();
    }
    for (let i = 0; i < required.length; i++) {
      const key = required[i] as string;
      if (!Object.hasOwn(v, key)) {
        path.push(key);
        fail(ctx, 'MISSING_FACT', 'is required');
        path.pop();
      }
    }
  };
}

/** `receivedOn` (YYYY-MM-DD): observation dates after it are refused; absent, not checked. */
export type FactValidator = (facts: unknown, options?: { receivedOn?: string }) => FactValidationResult;

export function compileFactValidator(root: ObjectNode): FactValidator {
  const check = compileObject(root);
  return (facts, options) => {
    const ctx: Ctx = { path: [], errors: null, latestObservation: options?.receivedOn ?? null };
    check(facts, ctx);
    // Validated input is returned as is: evaluate() never mutates it.
    return ctx.errors ? failed(ctx.errors) : ok(facts as Facts);
  };
}
