import type { z } from 'zod/mini';
import type { CoreError } from '../errors/failure';

/** The generic codes of input validation, by kind of zod issue. */
export type InputCode = 'INVALID_INPUT' | 'INVALID_TYPE' | 'INVALID_VALUE' | 'INVALID_FORMAT' | 'OUT_OF_RANGE';

/**
 * Turns zod issues into core errors with full field paths. Messages come from the
 * schema, never from the submitted values, so PHI is not echoed back or logged.
 * `codeForPath` gives a field its own code (e.g. INVALID_CPT_CODE).
 */
export function errorsFromZod<C extends string = never>(
  error: { issues: z.core.$ZodIssue[] },
  prefix: string[],
  codeForPath: (path: readonly PropertyKey[]) => C | undefined = () => undefined,
): CoreError<InputCode | (C & CoreError['code'])>[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)],
    message: issue.code === 'invalid_value' || issue.code === 'invalid_type' ? genericMessage(issue) : issue.message,
    code: (codeForPath(issue.path) as (C & CoreError['code']) | undefined) ?? codeFor(issue.code),
  }));
}

function genericMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message;
}

function codeFor(zodCode: string): InputCode {
  switch (zodCode) {
    case 'too_small':
    case 'too_big':
      return 'OUT_OF_RANGE';
    case 'invalid_type':
      return 'INVALID_TYPE';
    case 'invalid_value':
      return 'INVALID_VALUE';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    default:
      return 'INVALID_INPUT';
  }
}
