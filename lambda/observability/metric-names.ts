/**
 * The business metrics the API emits (CloudWatch EMF), shared with the dashboard
 * (infra/constructs/monitoring.ts). Dimensions hold codes and enum values only.
 */
export const METRICS_NAMESPACE = 'MedicalNecessityApi';

export const businessMetrics = {
  /** Every determination stored. */
  determinations: { name: 'Determinations', dimensions: ['source', 'recommendation', 'reviewAction'] },
  /** Cases approved by the engine without human review. */
  automaticApprovals: { name: 'AutomaticApprovals', dimensions: [] },
  /** Decisions recorded after their due date (`stage`: initial or appeal). */
  decisionsPastDue: { name: 'DecisionsPastDue', dimensions: ['urgency', 'stage'] },
  /** Requests a use case (or the permission table) refused, by catalogue code. */
  refusals: { name: 'Refusals', dimensions: ['operation', 'code'] },
} as const;
