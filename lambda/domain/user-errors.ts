import type { z } from 'zod/mini';

/** A user error as returned in mutation payloads (contract: field, message, code). */
export type UserError = { field: string[] | null; message: string; code: string };

/**
 * Turns zod issues into user errors with full field paths. Messages come from the
 * schema, never from the submitted values, so PHI is not echoed back or logged.
 */
export function userErrorsFromZod(
  error: { issues: z.core.$ZodIssue[] },
  prefix: string[],
  codeForPath: (path: readonly PropertyKey[]) => string | undefined = () => undefined,
): UserError[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)],
    message: issue.code === 'invalid_value' || issue.code === 'invalid_type' ? genericMessage(issue) : issue.message,
    code: codeForPath(issue.path) ?? codeFor(issue.code),
  }));
}

function genericMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message;
}

function codeFor(zodCode: string): string {
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
