/**
 * The most items each list field of the schema can return, for the cost estimate. Each bound is
 * enforced where the list is written (the value's source is named), so the estimate is an upper
 * bound on the response and not a guess. `test/unit/plugins/cost-limit.test.ts` fails when a list
 * field of the schema has no entry here.
 */

import { MAX_CASE_CHANGES } from '../../core/model/limits';

export { MAX_CASE_CHANGES };

export const LIST_LIMITS: Record<string, number> = {
  // A case's history: bounded by MAX_CASE_CHANGES.
  'Case.determinations': MAX_CASE_CHANGES,
  'Case.auditTrail': MAX_CASE_CHANGES,
  // Submit input (zod): at most 12 diagnoses, as on an X12 278 / claim.
  'RequestedService.icd10Codes': 12,
  // Policy documents (engine compile limits).
  'Determination.criteriaResults': 20,
  'DeterminationPreview.criteriaResults': 20,
  'Policy.criteria': 20,
  'CriterionResult.evidence': 10,
  'CriterionResult.citations': 10,
  'Criterion.citations': 10,
  'Policy.cptCodes': 50,
  // One next step per criterion plus the level of care.
  'Determination.nextSteps': 21,
  'DeterminationPreview.nextSteps': 21,
  // Reviewer input (zod): at most 20 reasons.
  'Determination.reasons': 20,
  'Determination.denialReasons': 40,
  'InformationRequest.items': 20,
  // Shipped and published policies, one entry per policy id: `policies` serves at most
  // MAX_POLICIES_LISTED (lambda/core/use-cases/reads.ts); each has at most 50 CPT codes.
  'Query.policies': 100,
  'PriorAuthMetrics.itemsRequiringPriorAuth': 500,
  // Aggregates: one row per status or per criterion of the policy.
  'DeterminationStats.byStatus': 12,
  'DeterminationStats.criteria': 20,
  'UserError.field': 8,
  '*.userErrors': 50,
};
