import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createMetrics } from '../observability/metrics';
import type { DeliveryMetrics } from './ports';

/**
 * Names of the event and delivery metrics (namespace MedicalNecessityApi, dimensions service
 * and stage like every business metric), shared with the alarms in infra/constructs/events.ts.
 */
export const deliveryMetricNames = {
  /** Case events put on the bus. */
  published: 'CaseEventsPublished',
  /** Notifications a subscriber's endpoint accepted (2xx). */
  delivered: 'NotificationsDelivered',
  /** Failed attempts, by reason (HTTP_503, TIMEOUT, NETWORK, ...). */
  failedAttempts: 'NotificationAttemptsFailed',
  /** Notifications given up on after every retry: kept in the table, alarmed on. */
  undeliverable: 'NotificationsUndeliverable',
  /** Handshakes, by result (ok, error). */
  handshakes: 'SubscriptionHandshakes',
} as const;

const REASON = /^[A-Z][A-Z0-9_]{0,31}$/;

/** EMF documents, one per metric, written at once (nothing to flush, nothing lost on a crash). */
export function createDeliveryMetrics(): DeliveryMetrics {
  let instance: ReturnType<typeof createMetrics> | undefined;
  const count = (name: string, dimensions: Record<string, string> = {}, value = 1) => {
    instance ??= createMetrics();
    const m = instance.singleMetric();
    for (const [k, v] of Object.entries(dimensions)) m.addDimension(k, v);
    m.addMetric(name, MetricUnit.Count, value);
  };
  return {
    delivered: () => count(deliveryMetricNames.delivered),
    failedAttempt: (reason) => count(deliveryMetricNames.failedAttempts, { reason: REASON.test(reason) ? reason : 'OTHER' }),
    undeliverable: () => count(deliveryMetricNames.undeliverable),
    handshake: (ok) => count(deliveryMetricNames.handshakes, { result: ok ? 'ok' : 'error' }),
    published: (n) => count(deliveryMetricNames.published, {}, n),
  };
}
