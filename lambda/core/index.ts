/**
 * The application core: the use cases every door calls (GraphQL today, FHIR next), the
 * workflow table and the error catalogue. Imports the engine and the store's interfaces
 * (lambda/core/ports.ts), never graphql, @apollo/* or aws-lambda.
 *
 * Each use case takes a CoreContext and raw input and returns Result<value, code>:
 * `{ ok: true, value }` or `{ ok: false, errors: [{ code, field, message }, ...] }`
 * with codes from lambda/core/errors/catalogue.ts.
 */
export type { Actor, Clock, CoreContext } from './context';
export type {
  BusinessMetrics,
  BatchCommitFailure,
  BatchCommitResult,
  CaseChange,
  CaseSearch,
  CaseCollection,
  CaseListingRepository,
  CaseRepository,
  CommitResult,
  DeterminationRepository,
  ListingResult,
  PolicyRepository,
  PublishResult,
  Repositories,
  StatsRepository,
} from './ports';
export { noMetrics } from './ports';
export { errorCatalogue, errorCodes, isErrorCode, mutationUseCases, useCaseErrors } from './errors/catalogue';
export type { Channel, CodeOf, CodeSpec, ErrorCode, UseCaseName } from './errors/catalogue';
export { channelOf, coreError, InvariantError } from './errors/failure';
export type { CoreError, Failure, Ok, Result } from './errors/failure';
export type { Evaluated } from './evaluation';
export type { CaseOutcome } from './use-cases/shared';
export { submitCase } from './use-cases/submit-case';
export { MAX_CASES_PER_SUBMISSION, submitCases } from './use-cases/submit-cases';
export { previewDetermination } from './use-cases/preview-determination';
export { updateClinicalFacts } from './use-cases/update-clinical-facts';
export { recordDecision } from './use-cases/record-decision';
export { appealCase } from './use-cases/appeal-case';
export { extendDueDate } from './use-cases/extend-due-date';
export { requestAdditionalInformation } from './use-cases/request-additional-information';
export { withdrawCase } from './use-cases/withdraw-case';
export { authorizationNumber, validityPeriod } from './decision-records/authorization';
export { DETERMINATION_REASON_SYSTEM, LEVEL_OF_CARE_REASON, REVIEWER_REASON } from './decision-records/denial-reasons';
export type { AuthorizationRecord, CertifiedLine, CriterionOverrideRecord, DenialReasonRecord, InformationRequestRecord, ReviewerRecord } from './model/decision-records';
export { certify } from './decision-records/certification';
export type { Certification, CertifyingDecision } from './decision-records/certification';
export { admit } from './use-cases/admit';
export { publishPolicy } from './use-cases/publish-policy';
export { caseByAuthorizationNumber, determinationStats, findMemberCases, getCase, MAX_MEMBER_CASES, getDetermination, getPolicy, listCases, listPolicies, priorAuthMetrics } from './use-cases/reads';
export { createSubscription, deleteSubscription, listSubscriptions, readSubscription } from './use-cases/subscriptions';
export type { SubscriptionView } from './use-cases/subscriptions';
