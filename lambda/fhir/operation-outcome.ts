// Errors of the FHIR door as an OperationOutcome (PAS: "a single OperationOutcome that
// details why the Bundle could not be processed"). Diagnostics name elements and rules,
// never submitted values (PHI).
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { ErrorCode } from '../core/errors/catalogue';

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
 * Every catalogue code (lambda/core/errors/catalogue.ts) → IssueType. Keyed by ErrorCode:
 * a code added to the catalogue without a mapping here does not compile.
 */
const ISSUE_FOR_CODE: Record<ErrorCode, FhirIssueCode> = {
  // Generic input validation.
  INVALID_INPUT: 'invalid',
  INVALID_TYPE: 'value',
  INVALID_VALUE: 'value',
  INVALID_FORMAT: 'value',
  OUT_OF_RANGE: 'value',
  INVALID_CPT_CODE: 'code-invalid',
  INVALID_ICD10_CODE: 'code-invalid',
  INVALID_INPATIENT_DAYS: 'value',
  // Clinical facts against the policy's fact schema.
  UNKNOWN_FACT: 'invalid',
  INVALID_FACT_TYPE: 'value',
  FACT_OUT_OF_RANGE: 'value',
  INVALID_DATE: 'value',
  INVALID_FACT_VALUE: 'value',
  MISSING_FACT: 'required',
  // Cases and the workflow.
  NO_POLICY_FOR_SERVICE: 'not-supported',
  CASE_NOT_FOUND: 'not-found',
  CASE_CHANGE_LIMIT: 'business-rule',
  VERSION_CONFLICT: 'conflict',
  CASE_NOT_PENDING: 'business-rule',
  CASE_ALREADY_DECIDED: 'business-rule',
  INVALID_TRANSITION: 'business-rule',
  NOT_APPEALABLE: 'business-rule',
  REASON_REQUIRED: 'required',
  SAME_REVIEWER_ON_APPEAL: 'business-rule',
  EXTENSION_NOT_ALLOWED: 'business-rule',
  ALREADY_EXTENDED: 'business-rule',
  UNKNOWN_CRITERION: 'invalid',
  PARTIAL_APPROVAL_UNCHANGED: 'business-rule',
  NOT_A_PARTIAL_APPROVAL: 'business-rule',
  PHYSICIAN_REVIEW_REQUIRED: 'business-rule',
  DENIAL_NOT_SUPPORTED: 'business-rule',
  DUPLICATE_OVERRIDE: 'invalid',
  CASE_CLOSED: 'business-rule',
  // Policies and reads.
  INVALID_POLICY: 'invalid',
  VERSION_EXISTS: 'duplicate',
  VERSION_NOT_NEWER: 'business-rule',
  INVALID_CURSOR: 'invalid',
  INVALID_DATE_RANGE: 'value',
  // PAS subscriptions (lambda/fhir/subscription-door.ts).
  SUBSCRIPTION_NOT_FOUND: 'not-found',
  UNSUPPORTED_TOPIC: 'not-supported',
  UNSUPPORTED_CHANNEL: 'not-supported',
  UNSUPPORTED_PAYLOAD: 'not-supported',
  UNSUPPORTED_FILTER: 'not-supported',
  INVALID_ENDPOINT: 'value',
  INVALID_HEADER: 'value',
  // Request errors.
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'login',
  PAYLOAD_TOO_LARGE: 'too-costly',
  RESPONSE_TOO_LARGE: 'too-costly',
  BAD_USER_INPUT: 'invalid',
  // The policy's run-time budget (lambda/engine/guard.ts): the server's policy failed, not the request (500).
  POLICY_EVALUATION_LIMIT: 'exception',
  // Refused at the HTTP edge before parsing (lambda/handlers/http-edge.ts).
  INVALID_JSON: 'structure',
  JSON_TOO_DEEP: 'structure',
};

/** A core error (code + message, the message already free of PHI) as an issue. */
export const issueFromCoreError = (code: ErrorCode, message: string, expression?: string): FhirIssue => issue(ISSUE_FOR_CODE[code], message, expression);

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
