import type { ReviewAction } from './decision-records';
import type { Result } from './result';

// Public data shapes of the engine. They mirror the GraphQL contract
// (docs: api-contract.md) so resolvers can return them unchanged.

export type CriterionStatus = 'MET' | 'NOT_MET' | 'UNSURE' | 'NOT_APPLICABLE';
export type CareSetting = 'INPATIENT' | 'OBSERVATION' | 'OUTPATIENT';
export type Recommendation = 'MEDICALLY_NECESSARY' | 'NOT_MEDICALLY_NECESSARY' | 'INSUFFICIENT_INFORMATION';
export type Decision = 'APPROVED' | 'PARTIALLY_APPROVED' | 'DENIED';
export type DeterminationSource = 'ENGINE' | 'REVIEWER';
/** The engine only certifies (A1) or pends (A4): software never denies. */
export type EngineReviewAction = Extract<ReviewAction, 'A1' | 'A4'>;

export const CRITERION_STATUSES = ['MET', 'NOT_MET', 'UNSURE', 'NOT_APPLICABLE'] as const;
export const CARE_SETTINGS = ['INPATIENT', 'OBSERVATION', 'OUTPATIENT'] as const;

/** A JSON value as submitted in `clinicalFacts`. */
export type FactValue = string | number | boolean | null | FactValue[] | { [key: string]: FactValue };
/** A `clinicalFacts` object that passed `validateFacts` for a given policy. */
export type Facts = { [field: string]: FactValue };

export interface FactError {
  /** Path inside clinicalFacts, e.g. ["diagnosticInjections", "0", "date"]. */
  field: string[];
  /** Names the field and the rule; never the submitted value (PHI). */
  message: string;
  code: FactErrorCode;
}

export type FactErrorCode =
  | 'UNKNOWN_FACT'
  | 'INVALID_FACT_TYPE'
  | 'FACT_OUT_OF_RANGE'
  | 'INVALID_DATE'
  | 'INVALID_FACT_VALUE'
  | 'MISSING_FACT';

export type FactValidationResult = Result<Facts, FactError>;

export interface RequestedLevelOfCare {
  setting: CareSetting;
  inpatientDays: number;
}

export interface CriterionResult {
  criterionId: string;
  title: string;
  status: CriterionStatus;
  rationale: string;
  evidence: string[];
  citations: string[];
  nextStep: string | null;
}

export interface LevelOfCareVerdict {
  requestedSetting: CareSetting;
  requestedInpatientDays: number;
  recommendedSetting: CareSetting;
  inpatientIndicated: boolean;
  approvedInpatientDays: number;
  guideline: string;
  rationale: string;
}

export interface Evaluation {
  policyId: string;
  policyVersion: number;
  recommendation: Recommendation;
  metCount: number;
  totalCount: number;
  criteriaResults: CriterionResult[];
  levelOfCare: LevelOfCareVerdict;
  levelOfCareChanged: boolean;
  nextSteps: string[];
  reviewAction: EngineReviewAction;
}
