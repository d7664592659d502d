import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessMetrics } from '../core';
import { businessMetrics as names, METRICS_NAMESPACE, SERVICE_NAME } from './metric-names';

const CODE = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;
/** Dimension values are constants (codes, enum values); anything else is replaced, never copied. */
const safe = (v: string) => (CODE.test(v) ? v : 'UNKNOWN');

/**
 * The core's business metrics on Powertools Metrics: each one an EMF document written at
 * once (a single metric with its own dimensions), so nothing is lost if the invocation
 * fails later and no flush is needed. POWERTOOLS_METRICS_DISABLED turns them off.
 */
export function createBusinessMetrics(metrics?: Metrics): BusinessMetrics {
  // Created on the first metric, not at module load: a cold start that records none skips it.
  let instance = metrics;
  const count = (name: string, dimensions: Record<string, string>) => {
    instance ??= createMetrics();
    const m = instance.singleMetric();
    for (const [k, v] of Object.entries(dimensions)) m.addDimension(k, safe(v));
    m.addMetric(name, MetricUnit.Count, 1);
  };
  return {
    determination: (d) => count(names.determinations.name, { source: d.source, recommendation: d.recommendation, reviewAction: d.reviewAction }),
    automaticApproval: () => count(names.automaticApprovals.name, {}),
    decisionPastDue: (d) => count(names.decisionsPastDue.name, { urgency: d.urgency, level: d.onAppeal ? 'appeal' : 'initial' }),
    refusal: (d) => count(names.refusals.name, { operation: d.useCase, code: d.code }),
  };
}

export function createMetrics(env: Record<string, string | undefined> = process.env): Metrics {
  // `service` is Powertools' own default dimension; `stage` keeps environments sharing an account apart.
  return new Metrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME,
    defaultDimensions: { stage: safe(env.STAGE || 'dev') },
  });
}
