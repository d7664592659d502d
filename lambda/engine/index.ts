// Public API of the policy engine: pure, deterministic, no I/O.
export { policyDocumentSchema } from './policy-schema';
export type { PolicyDocument } from './policy-schema';
export { compilePolicy } from './compile';
export type { CompiledPolicy, CriterionInfo } from './compile';
export { PolicyValidationError } from './errors';
export type { PolicyIssue } from './errors';
export { evaluate, recommend } from './evaluate';
export { validateFacts } from './facts';
export { renderReport } from './report';
export type { ReportInput } from './report';
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
