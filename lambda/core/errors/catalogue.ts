/**
 * Every failure code the application core can return, declared once (the ElectroDB way):
 * its channel, the input field it points at by default, its default message and whether
 * retrying can succeed. Doors render a code by its channel: GraphQL puts `userError` codes
 * in the mutation payload's `userErrors` (a query turns them into BAD_USER_INPUT with
 * `reason`) and throws `requestError` codes as errors with `extensions.code`; the FHIR door
 * maps both to OperationOutcome issues. Messages never contain submitted values (PHI).
 *
 * Codes are part of the API: renaming one breaks clients. Add, never rename.
 */
import { MAX_CASE_CHANGES } from '../model/limits';

export type Channel = 'userError' | 'requestError';

export type CodeSpec = {
  readonly channel: Channel;
  /** The input path the code points at unless the failure names another; null = the whole request. */
  readonly field: readonly string[] | null;
  readonly message: string;
  /** True when the same request can succeed later (after a reload, or as is). */
  readonly retryable: boolean;
};

const user = (field: readonly string[] | null, message: string, retryable = false): CodeSpec => ({ channel: 'userError', field, message, retryable });
const request = (message: string, retryable = false): CodeSpec => ({ channel: 'requestError', field: null, message, retryable });

const CASE_ID = ['input', 'caseId'] as const;
const FACTS = ['input', 'clinicalFacts'] as const;

export const errorCatalogue = {
  // Generic input validation (zod issues, by kind).
  INVALID_INPUT: user(['input'], 'The input is invalid.'),
  INVALID_TYPE: user(['input'], 'The value has the wrong type.'),
  INVALID_VALUE: user(['input'], 'The value is not one of the allowed values.'),
  INVALID_FORMAT: user(['input'], 'The value is not in the expected format.'),
  OUT_OF_RANGE: user(['input'], 'The value is out of range.'),
  // Field rules with a code of their own.
  INVALID_CPT_CODE: user(['input', 'requestedService', 'cptCode'], 'cptCode must be a 5-digit CPT code or a HCPCS Level II code (a letter and 4 digits).'),
  INVALID_ICD10_CODE: user(['input', 'requestedService', 'icd10Codes'], 'Not an ICD-10-CM code (e.g. M53.3, with or without the dot, in either case).'),
  INVALID_INPATIENT_DAYS: user(['input', 'requestedLevelOfCare', 'inpatientDays'], 'inpatientDays must be 0 unless the setting is INPATIENT.'),
  // Clinical facts against the policy's fact schema (engine validateFacts).
  UNKNOWN_FACT: user(FACTS, 'This fact is not part of the policy’s fact schema.'),
  INVALID_FACT_TYPE: user(FACTS, 'The fact has the wrong type.'),
  FACT_OUT_OF_RANGE: user(FACTS, 'The fact is out of range.'),
  INVALID_DATE: user(FACTS, 'The fact is not a valid date.'),
  INVALID_FACT_VALUE: user(FACTS, 'The fact is not one of the allowed values.'),
  MISSING_FACT: user(FACTS, 'A required fact is missing.'),
  // Cases and the workflow.
  NO_POLICY_FOR_SERVICE: user(['input', 'requestedService', 'cptCode'], 'No medical policy is in effect for this service code on the received date.'),
  CASE_NOT_FOUND: user(CASE_ID, 'No case with this id is visible to you.'),
  CASE_CHANGE_LIMIT: user(CASE_ID, `A case takes at most ${MAX_CASE_CHANGES} changes; this one has reached the limit. Submit a new request.`),
  VERSION_CONFLICT: user(['input', 'expectedVersion'], 'The case has changed since you read it; reload it and try again.', true),
  CASE_NOT_PENDING: user(CASE_ID, 'This is only possible while the case is pending review.'),
  CASE_ALREADY_DECIDED: user(CASE_ID, 'The case has already been decided.'),
  INVALID_TRANSITION: user(CASE_ID, 'This action is not allowed in the case’s current status.'),
  NOT_APPEALABLE: user(CASE_ID, 'Only a denied or partially approved case can be appealed, once.'),
  REASON_REQUIRED: user(['input', 'reason'], 'A reason is required.'),
  SAME_REVIEWER_ON_APPEAL: user(null, 'An appeal must be decided by a physician other than the one who made the adverse decision.'),
  EXTENSION_NOT_ALLOWED: user(CASE_ID, 'Only standard requests may be extended.'),
  ALREADY_EXTENDED: user(CASE_ID, 'A case may be extended only once.'),
  UNKNOWN_CRITERION: user(['input', 'criterionOverrides'], 'No criterion with this id in the case’s policy version.'),
  PARTIAL_APPROVAL_UNCHANGED: user(['input', 'approvedSetting'], 'A partial approval must approve a different setting or fewer inpatient days than requested.'),
  NOT_A_PARTIAL_APPROVAL: user(['input', 'approvedSetting'], 'approvedSetting and approvedInpatientDays apply to partial approvals only.'),
  CASE_CLOSED: user(CASE_ID, 'The case was withdrawn; it takes no further change.'),
  // Reviewer authority (lambda/core/workflow/table.ts).
  PHYSICIAN_REVIEW_REQUIRED: user(['input', 'decision'], 'A UM nurse may approve only what the criteria and the engine’s verdict support; this decision needs a physician reviewer.'),
  DENIAL_NOT_SUPPORTED: user(['input', 'decision'], 'A denial must rest on at least one applicable criterion that is not met or unsure; override the criterion with your rationale.'),
  DUPLICATE_OVERRIDE: user(['input', 'criterionOverrides'], 'A decision overrides each criterion at most once.'),
  // Policies.
  INVALID_POLICY: user(['input', 'document'], 'The policy document is invalid.'),
  VERSION_EXISTS: user(['input', 'document', 'version'], 'This policy version is already published; versions never change.'),
  VERSION_NOT_NEWER: user(['input', 'document', 'version'], 'A policy version must be higher than the latest published one.'),
  // Reads.
  INVALID_CURSOR: user(['after'], 'after is not a cursor issued for this listing.'),
  INVALID_DATE_RANGE: user(['filter', 'to'], 'to must be on or after from, within 3 years.'),
  // PAS subscriptions (lambda/core/use-cases/subscriptions.ts); fields are paths in the Subscription.
  SUBSCRIPTION_NOT_FOUND: user(['id'], 'No subscription with this id is visible to you.'),
  UNSUPPORTED_TOPIC: user(['criteria'], 'Only the Da Vinci PAS subscription topic is supported.'),
  UNSUPPORTED_CHANNEL: user(['channel', 'type'], 'Only the rest-hook channel is supported.'),
  UNSUPPORTED_PAYLOAD: user(['channel', 'payload'], 'Only application/fhir+json with full-resource content is supported.'),
  UNSUPPORTED_FILTER: user(['criteria', 'filter'], 'The only filter is org-identifier=<NPI of your organization>.'),
  INVALID_ENDPOINT: user(['channel', 'endpoint'], 'The endpoint must be an https URL on a public address.'),
  INVALID_HEADER: user(['channel', 'header'], 'Each header must be "Name: value", at most 10 of them.'),
  // Request errors: the whole request is refused.
  FORBIDDEN: request('Your role may not do this.'),
  UNAUTHENTICATED: request('Unauthorized'),
  PAYLOAD_TOO_LARGE: request('Request body too large'),
  RESPONSE_TOO_LARGE: request('The response would be too large; select fewer fields or ask for a smaller page.'),
  BAD_USER_INPUT: request('The request is invalid.'),
  INVALID_JSON: request('The request body is not valid JSON.'),
  JSON_TOO_DEEP: request('The request body is nested too deeply.'),
  POLICY_EVALUATION_LIMIT: request('The policy in effect for this service could not evaluate the request within its time and memory limits; nothing was stored. The health plan has been notified.'),
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorCatalogue, code);

const INPUT = ['INVALID_INPUT', 'INVALID_TYPE', 'INVALID_VALUE', 'INVALID_FORMAT', 'OUT_OF_RANGE'] as const satisfies readonly ErrorCode[];
const FACT = ['UNKNOWN_FACT', 'INVALID_FACT_TYPE', 'FACT_OUT_OF_RANGE', 'INVALID_DATE', 'INVALID_FACT_VALUE', 'MISSING_FACT'] as const satisfies readonly ErrorCode[];
const CHANGE = ['CASE_NOT_FOUND', 'VERSION_CONFLICT', 'CASE_CLOSED', 'CASE_CHANGE_LIMIT'] as const satisfies readonly ErrorCode[];

/**
 * The codes each use case may return, and nothing else: a use case's failure factory only
 * accepts these (lambda/core/errors/failure.ts), and the SDL description of each mutation
 * lists exactly these (checked by test/unit/core/error-catalogue.test.ts). FORBIDDEN is in
 * every list: every use case first asks the access table (lambda/core/access/table.ts)
 * whether the actor's role may run it.
 */
export const useCaseErrors = {
  submitCase: ['FORBIDDEN', ...INPUT, 'INVALID_CPT_CODE', 'INVALID_ICD10_CODE', 'INVALID_INPATIENT_DAYS', 'NO_POLICY_FOR_SERVICE', ...FACT, 'POLICY_EVALUATION_LIMIT'],
  // A batch of submissions (the FHIR door's $submit): submitCase's codes, field paths under ['inputs', <index>].
  submitCases: ['FORBIDDEN', ...INPUT, 'INVALID_CPT_CODE', 'INVALID_ICD10_CODE', 'INVALID_INPATIENT_DAYS', 'NO_POLICY_FOR_SERVICE', ...FACT, 'POLICY_EVALUATION_LIMIT'],
  previewDetermination: ['FORBIDDEN', ...INPUT, 'INVALID_ICD10_CODE', 'INVALID_INPATIENT_DAYS', 'NO_POLICY_FOR_SERVICE', ...FACT, 'POLICY_EVALUATION_LIMIT'],
  updateClinicalFacts: ['FORBIDDEN', ...INPUT, ...CHANGE, 'CASE_NOT_PENDING', ...FACT, 'POLICY_EVALUATION_LIMIT'],
  recordDecision: [
    'FORBIDDEN',
    ...INPUT,
    ...CHANGE,
    'CASE_ALREADY_DECIDED',
    'INVALID_TRANSITION',
    'REASON_REQUIRED',
    'SAME_REVIEWER_ON_APPEAL',
    'UNKNOWN_CRITERION',
    'INVALID_INPATIENT_DAYS',
    'PARTIAL_APPROVAL_UNCHANGED',
    'NOT_A_PARTIAL_APPROVAL',
    'PHYSICIAN_REVIEW_REQUIRED',
    'DENIAL_NOT_SUPPORTED',
    'DUPLICATE_OVERRIDE',
  ],
  appealCase: ['FORBIDDEN', ...INPUT, ...CHANGE, 'NOT_APPEALABLE', 'REASON_REQUIRED'],
  extendDueDate: ['FORBIDDEN', ...INPUT, ...CHANGE, 'CASE_NOT_PENDING', 'REASON_REQUIRED', 'EXTENSION_NOT_ALLOWED', 'ALREADY_EXTENDED'],
  requestAdditionalInformation: ['FORBIDDEN', ...INPUT, ...CHANGE, 'CASE_NOT_PENDING'],
  withdrawCase: ['FORBIDDEN', ...INPUT, ...CHANGE, 'CASE_ALREADY_DECIDED', 'INVALID_TRANSITION', 'REASON_REQUIRED'],
  publishPolicy: ['FORBIDDEN', 'INVALID_POLICY', 'VERSION_EXISTS', 'VERSION_NOT_NEWER'],
  listCases: ['FORBIDDEN', 'OUT_OF_RANGE', 'INVALID_CURSOR', 'INVALID_DATE_RANGE'],
  determinationStats: ['FORBIDDEN', 'INVALID_DATE_RANGE'],
  priorAuthMetrics: ['FORBIDDEN', 'OUT_OF_RANGE'],
  // Reads of one record: a record out of the actor's scope is null, never an error.
  getCase: ['FORBIDDEN'],
  getDetermination: ['FORBIDDEN'],
  getPolicy: ['FORBIDDEN'],
  listPolicies: ['FORBIDDEN'],
  createSubscription: [
    'FORBIDDEN',
    ...INPUT,
    'UNSUPPORTED_TOPIC',
    'UNSUPPORTED_CHANNEL',
    'UNSUPPORTED_PAYLOAD',
    'UNSUPPORTED_FILTER',
    'INVALID_ENDPOINT',
    'INVALID_HEADER',
  ],
  readSubscription: ['FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND'],
  listSubscriptions: ['FORBIDDEN'],
  deleteSubscription: ['FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND'],
} as const satisfies Record<string, readonly ErrorCode[]>;

export type UseCaseName = keyof typeof useCaseErrors;
/** The codes use case `U` may return. */
export type CodeOf<U extends UseCaseName> = (typeof useCaseErrors)[U][number];
/** Use cases that are mutations (their SDL descriptions list their codes). */
export const mutationUseCases = [
  'submitCase',
  'updateClinicalFacts',
  'recordDecision',
  'appealCase',
  'extendDueDate',
  'requestAdditionalInformation',
  'withdrawCase',
  'publishPolicy',
] as const satisfies readonly UseCaseName[];
