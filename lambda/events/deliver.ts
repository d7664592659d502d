// Delivery of one queue message: a handshake, or every pending notification of one
// subscription up to an event number, in event-number order. Called by the deliverer Lambda
// (lambda/handlers/deliver.ts, SQS FIFO: one message group per subscription) and by the local
// queue (lambda/events/local-queue.ts); both retry a message after `retryAfterMs`.
import type { SecretSealer, SubscriptionRecord } from '../core/model/subscription';
import { eventNotificationBundle, handshakeBundle, pasResponseOfCase } from '../fhir/subscription-notification';
import type { PasResponseOptions } from '../fhir/pas-response';
import { getLogger } from '../observability/log';
import type { DeliveryMessage, DeliveryMetrics, DeliveryStore, NotificationRecord, NotificationSender } from './ports';

export type DeliveryConfig = {
  /** The FHIR base the notifications name (Subscription references, $status). */
  baseUrl: string;
  /** Attempts per notification before it is kept as undeliverable. */
  maxAttempts: number;
  /** Back-off before attempt k+1: base · 2^(k-1), at most `backoffMaxMs`, ±20% jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  payer?: PasResponseOptions['payer'];
};

export const defaultDeliveryConfig = (baseUrl: string): DeliveryConfig => ({ baseUrl, maxAttempts: 8, backoffBaseMs: 2_000, backoffMaxMs: 300_000 });

export type DeliveryDeps = {
  store: DeliveryStore;
  sender: NotificationSender;
  sealer: SecretSealer | null;
  metrics: DeliveryMetrics;
  clock: () => Date;
  config: DeliveryConfig;
};

export type DeliveryOutcome = { done: true; delivered: number } | { done: false; retryAfterMs: number; delivered: number };

export function backoffMs(attempts: number, c: Pick<DeliveryConfig, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const raw = Math.min(c.backoffMaxMs, c.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** The channel headers, opened only here, for the request; never logged or stored elsewhere. */
async function headersOf(s: SubscriptionRecord, sealer: SecretSealer | null): Promise<string[]> {
  if (!s.sealedHeaders) return [];
  if (!sealer) throw new Error('a subscription has sealed headers but no key is configured');
  return JSON.parse(await sealer.open(s.sealedHeaders, { subscriptionId: s.id })) as string[];
}

async function handshake(s: SubscriptionRecord, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  if (s.status !== 'requested') return { done: true, delivered: 0 };
  const body = JSON.stringify(handshakeBundle(deps.config.baseUrl, s, deps.clock().toISOString()));
  const r = await deps.sender.post({ endpoint: s.endpoint, headers: await headersOf(s, deps.sealer), body, timeoutMs: s.timeoutSeconds * 1000 });
  // Backport IG (channels, rest-hook): any error in the handshake makes the subscription `error`.
  await deps.store.setHandshakeResult(s.id, r.ok, r.ok ? null : r.error, deps.clock().toISOString());
  deps.metrics.handshake(r.ok);
  getLogger().info('subscription handshake', { subscriptionId: s.id, ok: r.ok, error: r.ok ? null : r.error });
  return { done: true, delivered: r.ok ? 1 : 0 };
}

async function notificationBody(s: SubscriptionRecord, n: NotificationRecord, deps: DeliveryDeps): Promise<string> {
  const collection = await deps.store.caseCollection(n.event.caseId);
  const now = deps.clock().toISOString();
  const pasResponse = pasResponseOfCase(n.caseImage, collection?.determinations ?? [], n.event.occurredAt, deps.config.payer);
  return JSON.stringify(
    eventNotificationBundle({ baseUrl: deps.config.baseUrl, subscription: s, eventNumber: n.eventNumber, occurredAt: n.event.occurredAt, pasResponse, now }),
  );
}

async function notify(s: SubscriptionRecord, upTo: number, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  if (upTo <= s.deliveredThrough) return { done: true, delivered: 0 };
  const pending = await deps.store.notifications(s.id, s.deliveredThrough + 1, upTo);
  const at = () => deps.clock().toISOString();
  if (s.status === 'off') {
    // Deleted: what was assigned is settled as cancelled, never sent.
    for (const n of pending) if (n.state === 'PENDING') await deps.store.settle(s.id, n.eventNumber, 'CANCELLED', at(), null);
    return { done: true, delivered: 0 };
  }
  const headers = await headersOf(s, deps.sealer);
  let delivered = 0;
  for (const n of pending) {
    if (n.state !== 'PENDING') continue;
    const body = await notificationBody(s, n, deps);
    const r = await deps.sender.post({ endpoint: s.endpoint, headers, body, timeoutMs: s.timeoutSeconds * 1000 });
    if (r.ok) {
      await deps.store.settle(s.id, n.eventNumber, 'DELIVERED', at(), null);
      deps.metrics.delivered();
      delivered += 1;
      continue;
    }
    const attempts = await deps.store.recordAttempt(s.id, n.eventNumber, r.error, at());
    deps.metrics.failedAttempt(r.error);
    if (attempts >= deps.config.maxAttempts) {
      // Kept in the table (state UNDELIVERABLE), counted, and the subscription moves on.
      await deps.store.settle(s.id, n.eventNumber, 'UNDELIVERABLE', at(), r.error);
      deps.metrics.undeliverable();
      getLogger().warn('notification undeliverable', { subscriptionId: s.id, eventNumber: n.eventNumber, attempts, error: r.error });
      continue;
    }
    getLogger().info('notification delivery failed; will retry', { subscriptionId: s.id, eventNumber: n.eventNumber, attempts, error: r.error });
    return { done: false, retryAfterMs: backoffMs(attempts, deps.config), delivered };
  }
  return { done: true, delivered };
}

export async function handleDeliveryMessage(m: DeliveryMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const s = await deps.store.getSubscription(m.subscriptionId);
  if (!s) return { done: true, delivered: 0 };
  return m.kind === 'handshake' ? handshake(s, deps) : notify(s, m.eventNumber, deps);
}
