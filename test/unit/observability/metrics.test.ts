import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBusinessMetrics, createMetrics } from '../../../lambda/observability/metrics';
import { businessMetrics, METRICS_NAMESPACE } from '../../../lambda/observability/metric-names';

type Emf = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
};

describe('business metrics on Powertools Metrics (CloudWatch EMF)', () => {
  let lines: string[];
  beforeEach(() => {
    // Metrics are off in tests (vitest.config.ts); on here, printed through the global console.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('STAGE', 'staging');
    lines = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  const emitted = () => lines.map((l) => JSON.parse(l) as Emf);

  it('writes one EMF document per event, with its own dimensions and the service and stage', () => {
    const m = createBusinessMetrics(createMetrics());
    m.determination({ source: 'ENGINE', recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1' });
    m.automaticApproval();
    m.decisionPastDue({ urgency: 'EXPEDITED', onAppeal: true });
    m.refusal({ useCase: 'recordDecision', code: 'REASON_REQUIRED' });
    const [det, auto, late, refusal] = emitted();
    expect(det!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Metrics: [{ Name: businessMetrics.determinations.name, Unit: 'Count' }],
    });
    expect(det!._aws.CloudWatchMetrics[0]!.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'stage', 'source', 'recommendation', 'reviewAction']));
    expect(det).toMatchObject({ service: 'medical-necessity-api', stage: 'staging', source: 'ENGINE', recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1', Determinations: 1 });
    expect(auto).toMatchObject({ AutomaticApprovals: 1 });
    expect(late).toMatchObject({ DecisionsPastDue: 1, urgency: 'EXPEDITED', level: 'appeal' });
    expect(refusal).toMatchObject({ Refusals: 1, operation: 'recordDecision', code: 'REASON_REQUIRED' });
  });

  it('never copies a dimension value that is not a code (no PHI in dimensions)', () => {
    createBusinessMetrics(createMetrics()).refusal({ useCase: 'submitCase', code: 'MBR 0001 / John Doe' });
    const [line] = emitted();
    expect(line).toMatchObject({ code: 'UNKNOWN' });
    expect(lines.join('\n')).not.toContain('John');
  });
});
