// Errors of the FHIR door as an OperationOutcome (PAS: "a single OperationOutcome that
// details why the Bundle could not be processed"). Diagnostics name elements and rules,
// never submitted values (PHI).
import type { OperationOutcome } from '@medplum/fhirtypes';

/** The FHIR R4 IssueType codes this door emits. */
export type FhirIssueCode =
  | 'structure'
  | 'required'
  | 'value'
  | 'invalid'
  | 'code-invalid'
  | 'not-found'
  | 'forbidden'
  | 'conflict'
  | 'not-supported'
  | 'business-rule'
  | 'duplicate'
  | 'login'
  | 'too-costly'
  | 'exception';

export interface FhirIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: FhirIssueCode;
  /** Plain words naming the element and the rule; never the submitted value. */
  diagnostics: string;
  /** FHIRPath of the offending element, from the submitted resource (e.g. `Bundle.entry[0].resource.item[1]`). */
  expression?: string[];
}

export const issue = (code: FhirIssueCode, diagnostics: string, expression?: string): FhirIssue =>
  expression === undefined ? { severity: 'error', code, diagnostics } : { severity: 'error', code, diagnostics, expression: [expression] };

export function operationOutcome(issues: readonly FhirIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: (issues.length > 0 ? issues : [issue('exception', 'The request could not be processed.')]).map((i) => ({
      severity: i.severity,
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [...i.expression] } : {}),
    })),
  };
}

/**
 * Core error codes (GraphQL userError / error extension codes) → IssueType.
 * Fact error codes come from the engine's FactErrorCode.
 */
const CORE_CODE_TO_ISSUE: Record<string, FhirIssueCode> = {
  FORBIDDEN: 'forbidden',
  VERSION_CONFLICT: 'conflict',
  NO_POLICY_FOR_SERVICE: 'not-supported',
  NOT_FOUND: 'not-found',
  CASE_ALREADY_DECIDED: 'business-rule',
  CASE_CLOSED: 'business-rule',
  REASON_REQUIRED: 'required',
  INVALID_CPT_CODE: 'code-invalid',
  INVALID_ICD10_CODE: 'code-invalid',
  INVALID_INPATIENT_DAYS: 'value',
  // Fact errors (engine FactErrorCode).
  UNKNOWN_FACT: 'invalid',
  INVALID_FACT_TYPE: 'value',
  FACT_OUT_OF_RANGE: 'value',
  INVALID_DATE: 'value',
  INVALID_FACT_VALUE: 'value',
  MISSING_FACT: 'required',
  // Generic input codes of userErrorsFromZod.
  OUT_OF_RANGE: 'value',
  INVALID_TYPE: 'value',
  INVALID_VALUE: 'value',
  INVALID_FORMAT: 'value',
  INVALID_INPUT: 'invalid',
};

export const issueCodeForCoreError = (code: string): FhirIssueCode => CORE_CODE_TO_ISSUE[code] ?? 'invalid';

/** A core error (code + message, the message already free of PHI) as an issue. */
export const issueFromCoreError = (code: string, message: string, expression?: string): FhirIssue =>
  issue(issueCodeForCoreError(code), message, expression);

/**
 * The HTTP status for an OperationOutcome answer. PAS: 4XX for a request that cannot be
 * processed. A not-found issue with an expression is a reference missing from the
 * submitted Bundle (400); without one it means "no such record" (404).
 */
export function httpStatusForIssues(issues: readonly FhirIssue[]): number {
  const codes = new Set(issues.map((i) => i.code));
  if (codes.has('exception')) return 500;
  if (codes.has('login')) return 401;
  if (codes.has('too-costly')) return 413;
  if (codes.has('forbidden')) return 403;
  if (codes.has('conflict')) return 409;
  if (issues.length > 0 && issues.every((i) => i.code === 'not-found' && !i.expression)) return 404;
  if ([...codes].every((c) => c === 'not-supported' || c === 'business-rule')) return 422;
  return 400;
}
