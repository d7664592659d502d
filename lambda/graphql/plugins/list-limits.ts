/**
 * The most items each list field of the schema can return, for the cost estimate. Each bound is
 * enforced where the list is written (the value's source is named), so the estimate is an upper
 * bound on the response and not a guess. `test/unit/graphql/cost-limit.test.ts` fails when a list
 * field of the schema has no entry here.
 */

import { MAX_CASE_CHANGES } from '../../core/model/limits';
import { LIMITS } from '../../engine/limits';

export { MAX_CASE_CHANGES };

export const LIST_LIMITS: Record<string, number> = {
  // A case's history: bounded by MAX_CASE_CHANGES.
  'Case.determinations': MAX_CASE_CHANGES,
  'Case.auditTrail': MAX_CASE_CHANGES,
  // Each change issues at most two notices (one per audience: lambda/core/notices/issue.ts).
  'Case.notices': 2 * MAX_CASE_CHANGES,
  // Submit input (zod): at most 12 diagnoses, as on an X12 278 / claim.
  'RequestedService.icd10Codes': 12,
  // Policy documents (engine compile limits, lambda/engine/limits.ts).
  'Determination.criteriaResults': LIMITS.maxCriteria,
  'DeterminationPreview.criteriaResults': LIMITS.maxCriteria,
  'Policy.criteria': LIMITS.maxCriteria,
  'CriterionResult.evidence': LIMITS.maxEvidenceLines,
  'CriterionResult.citations': LIMITS.maxCriterionCitations,
  'Criterion.citations': LIMITS.maxCriterionCitations,
  'DenialReason.citations': LIMITS.maxCriterionCitations,
  'Policy.cptCodes': LIMITS.maxCptCodes,
  // One next step per criterion plus the level of care.
  'Determination.nextSteps': LIMITS.maxCriteria + 1,
  'DeterminationPreview.nextSteps': LIMITS.maxCriteria + 1,
  // Reviewer input (zod): at most 20 reasons.
  'Determination.reasons': 20,
  // One per criterion, one per reviewer reason, one for the level of care.
  'Determination.denialReasons': LIMITS.maxCriteria + 20 + 1,
  'InformationRequest.items': 20,
  // Shipped and published policies, one entry per policy id: `policies` serves at most
  // MAX_POLICIES_LISTED (lambda/core/use-cases/reads.ts); each has at most 50 CPT codes.
  'Query.policies': 100,
  // Every code of every policy in effect: a plan's library (about 8 bytes a code).
  'PriorAuthMetrics.itemsRequiringPriorAuth': 5_000,
  // Aggregates: one row per status or per criterion of the policy.
  'DeterminationStats.byStatus': 12,
  // One row per policy and criterion: the policies counted (at most the listed ones) × their criteria.
  'DeterminationStats.criteria': 100 * LIMITS.maxCriteria,
  // The requested code and its add-on code (lambda/core/decision-records/certification.ts).
  'Authorization.lines': 2,
  'UserError.field': 8,
  '*.userErrors': 50,
};
