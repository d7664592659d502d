// What the stream processor and the deliverer need from the outside. The store implements
// the DeliveryStore (lambda/store/subscriptions.ts); the composition roots give the bus, the
// queue and the sender (AWS: lambda/handlers/stream.ts, deliver.ts; locally:
// scripts/local/stream-poller.ts).
import type { CaseRecord } from '../core/model/case';
import type { SubscriptionRecord } from '../core/model/subscription';
import type { CaseCollection } from '../core/ports';
import type { CaseEvent } from './case-events';

export const notificationStates = ['PENDING', 'DELIVERED', 'UNDELIVERABLE', 'CANCELLED'] as const;
export type NotificationState = (typeof notificationStates)[number];

/** One notification of one subscription: the event it reports and where its delivery stands. */
export type NotificationRecord = {
  subscriptionId: string;
  eventNumber: number;
  event: CaseEvent;
  /** The case as this change left it (the stream's new image): the notification reports this version. */
  caseImage: CaseRecord;
  state: NotificationState;
  attempts: number;
  createdAt: string;
  settledAt: string | null;
  lastError: string | null;
};

/** A unit of work on the delivery queue: a handshake, or "deliver up to this event number". */
export type DeliveryMessage = { kind: 'handshake'; subscriptionId: string } | { kind: 'notify'; subscriptionId: string; eventNumber: number };

export interface DeliveryStore {
  getSubscription(id: string): Promise<SubscriptionRecord | null>;
  /** Live subscriptions of one organization (eventually consistent index read). */
  activeSubscriptionsOf(orgNpi: string): Promise<SubscriptionRecord[]>;
  /** Every live subscription (local recovery at start). */
  liveSubscriptions(): Promise<SubscriptionRecord[]>;
  /**
   * The subscription's number for this event: the next one, claimed once (counter, event
   * marker and notification in one transaction), or the one already claimed. Null when the
   * subscription is no longer active.
   */
  assignEvent(subscriptionId: string, event: CaseEvent, caseImage: CaseRecord, at: string): Promise<{ eventNumber: number; created: boolean } | null>;
  notifications(subscriptionId: string, from: number, to: number): Promise<NotificationRecord[]>;
  /** One failed attempt; returns the attempts so far. */
  recordAttempt(subscriptionId: string, eventNumber: number, error: string, at: string): Promise<number>;
  /** Settles notification n and moves the cursor from n-1 to n, in one transaction. */
  settle(subscriptionId: string, eventNumber: number, state: 'DELIVERED' | 'UNDELIVERABLE' | 'CANCELLED', at: string, error: string | null): Promise<void>;
  /** The handshake's answer: requested → active or error. */
  setHandshakeResult(subscriptionId: string, ok: boolean, error: string | null, at: string): Promise<void>;
  /** The case collection, for the PAS response (determinations up to the image's count are used). */
  caseCollection(caseId: string): Promise<CaseCollection | null>;
}

/** The EventBridge bus (locally: a log line). */
export interface EventPublisher {
  publish(events: readonly CaseEvent[]): Promise<void>;
}

/** The delivery queue (AWS: SQS FIFO, one message group per subscription; locally: lambda/events/local-queue.ts). */
export interface DeliveryQueue {
  send(messages: readonly DeliveryMessage[]): Promise<void>;
}

export type SendResult = { ok: true; status: number } | { ok: false; error: string };

/** POSTs one notification Bundle to a subscriber (lambda/events/http-sender.ts). */
export interface NotificationSender {
  post(args: { endpoint: string; headers: readonly string[]; body: string; timeoutMs: number }): Promise<SendResult>;
}

/** What is counted (CloudWatch EMF in AWS; lambda/events/metrics.ts). Dimensions are codes only. */
export interface DeliveryMetrics {
  delivered(): void;
  failedAttempt(reason: string): void;
  undeliverable(): void;
  handshake(ok: boolean): void;
  published(count: number): void;
}

export const noDeliveryMetrics: DeliveryMetrics = {
  delivered: () => undefined,
  failedAttempt: () => undefined,
  undeliverable: () => undefined,
  handshake: () => undefined,
  published: () => undefined,
};
