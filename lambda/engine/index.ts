// Public API of the policy engine: pure, deterministic, no I/O.
export { policyDocumentSchema } from './policy-schema';
export type { PolicyDocument } from './policy-schema';
export { compilePolicy } from './compile';
export type { AddOnInfo, CompiledPolicy, CriterionInfo, ParameterInfo, ReasonCode } from './compile';
export { PolicyValidationError, PolicyValidationError as PolicyCompileError } from './errors';
export { displayFact, displayValue } from './display';
export { LIMITS } from './limits';
export { EVALUATION_LIMITS, EvaluationLimitError } from './guard';
export type { EvaluationLimit } from './guard';
export type { PolicyIssue } from './errors';
export { evaluate, normaliseIcd10, recommend } from './evaluate';
export { validateFacts } from './facts';
export { noticeOutcome, renderNotice } from './notice/render';
export {
  plainService,
  renderAppealReceivedNotice,
  renderExtensionNotice,
  renderInformationRequestNotice,
  renderMemberExtensionLetter,
  renderMemberLetter,
  renderWithdrawalNotice,
} from './notice/letters';
export type { EventNoticeInput } from './notice/letters';
export type { AppealRights, LetterContext } from './notice/rights';
export type {
  NoticeAuthorization,
  NoticeCase,
  NoticeDecision,
  NoticeDenialReason,
  NoticeDetermination,
  NoticeInformationRequest,
  NoticeInput,
  NoticeOutcome,
  ReviewAction,
} from './notice/render';
export type { Failed, NonEmpty, Ok, Result } from './result';
export type {
  CareSetting,
  CriterionResult,
  CriterionStatus,
  Decision,
  DeterminationSource,
  EngineReviewAction,
  Evaluation,
  FactError,
  FactErrorCode,
  FactValidationResult,
  FactValue,
  Facts,
  LevelOfCareVerdict,
  Recommendation,
  RequestedLevelOfCare,
} from './types';
