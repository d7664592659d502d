/**
 * The business metrics the API emits (CloudWatch EMF), shared with the dashboard
 * (infra/constructs/monitoring.ts). Dimensions hold codes and enum values only.
 */
export const METRICS_NAMESPACE = 'MedicalNecessityApi';

/** The service name of logs and metrics (POWERTOOLS_SERVICE_NAME), shared with infra. */
export const SERVICE_NAME = 'medical-necessity-api';

/** Dimensions on every business metric: the service and the stage (dev, staging, prod). */
export const defaultDimensionNames = ['service', 'stage'] as const;

export const businessMetrics = {
  /** Every determination stored. */
  determinations: { name: 'Determinations', dimensions: ['source', 'recommendation', 'reviewAction'] },
  /** Cases approved by the engine without human review. */
  automaticApprovals: { name: 'AutomaticApprovals', dimensions: [] },
  /** Decisions recorded after their due date (`level`: initial or appeal). */
  decisionsPastDue: { name: 'DecisionsPastDue', dimensions: ['urgency', 'level'] },
  /** Requests a use case refused (its role included, lambda/core/access/table.ts), by catalogue code. */
  refusals: { name: 'Refusals', dimensions: ['operation', 'code'] },
} as const;
