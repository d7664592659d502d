// The table's stream, record by record, in stream order: every CASE item change becomes one
// case event (published on the bus), and each event of a subscribed organization's pended
// request gets the next event number of every active subscription and a delivery message;
// a new subscription gets its handshake message. Run by the stream Lambda
// (lambda/handlers/stream.ts) and by the local poller (scripts/local/stream-poller.ts).
// Idempotent: a record processed twice publishes the same event id again and finds its
// event numbers already claimed.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CaseRecord } from '../core/model/case';
import type { SubscriptionRecord } from '../core/model/subscription';
import { caseEventOf, notifiesSubscribers, type CaseEvent } from './case-events';
import type { DeliveryMessage, DeliveryQueue, DeliveryStore, EventPublisher } from './ports';

/** A stream record as Lambda and the DynamoDB Streams API both give it (images in AttributeValue form). */
export type StreamRecordLike = {
  eventName?: string | undefined;
  dynamodb?: {
    NewImage?: Record<string, unknown> | undefined;
    OldImage?: Record<string, unknown> | undefined;
    SequenceNumber?: string | undefined;
  } | undefined;
};

export type StreamDeps = {
  store: DeliveryStore;
  publisher: EventPublisher;
  queue: DeliveryQueue;
  clock: () => Date;
};

export type StreamResult = {
  events: number;
  notifications: number;
  handshakes: number;
  /** The sequence number of the first record not processed (the rest is retried from there); null when all were. */
  failedAt: string | null;
  error?: unknown;
};

const KEY_ATTRIBUTES = ['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk'];
const image = (x: Record<string, unknown> | undefined) => (x ? (unmarshall(x as Record<string, AttributeValue>) as Record<string, unknown>) : null);
const asCaseRecord = (img: Record<string, unknown>): CaseRecord => {
  const out = { ...img };
  for (const k of KEY_ATTRIBUTES) delete out[k];
  return out as CaseRecord;
};

type Decoded = { seq: string | null; event: CaseEvent | null; caseImage: CaseRecord | null; handshake: string | null };

function decode(r: StreamRecordLike): Decoded {
  const seq = r.dynamodb?.SequenceNumber ?? null;
  const none: Decoded = { seq, event: null, caseImage: null, handshake: null };
  if (r.eventName === 'REMOVE') return none;
  const next = image(r.dynamodb?.NewImage);
  if (!next) return none;
  if (next.type === 'SUBSCRIPTION') {
    // Only a new subscription asks for a handshake; its later writes (counter, cursor) do not.
    const prev = image(r.dynamodb?.OldImage);
    return next.status === 'requested' && (!prev || prev.status !== 'requested') ? { ...none, handshake: String(next.id) } : none;
  }
  const event = caseEventOf(image(r.dynamodb?.OldImage), next);
  return event ? { seq, event, caseImage: asCaseRecord(next), handshake: null } : none;
}

const PUBLISH_BATCH = 10;

export async function processStreamRecords(records: readonly StreamRecordLike[], deps: StreamDeps): Promise<StreamResult> {
  const decoded = records.map(decode);
  const result: StreamResult = { events: 0, notifications: 0, handshakes: 0, failedAt: null };
  // Published first, in stream order (ten per PutEvents); a failure retries from the batch's first record.
  const withEvents = decoded.filter((d) => d.event);
  for (let i = 0; i < withEvents.length; i += PUBLISH_BATCH) {
    const chunk = withEvents.slice(i, i + PUBLISH_BATCH);
    try {
      await deps.publisher.publish(chunk.map((d) => d.event!));
    } catch (error) {
      return { ...result, failedAt: chunk[0]!.seq, error };
    }
    result.events += chunk.length;
  }
  const subscriptionsOf = new Map<string, Promise<SubscriptionRecord[]>>();
  for (const d of decoded) {
    try {
      const messages: DeliveryMessage[] = [];
      if (d.handshake) messages.push({ kind: 'handshake', subscriptionId: d.handshake });
      if (d.event && d.caseImage && notifiesSubscribers(d.event)) {
        const org = d.event.providerId;
        if (!subscriptionsOf.has(org)) subscriptionsOf.set(org, deps.store.activeSubscriptionsOf(org));
        const now = deps.clock();
        // A subscription past its `end` takes no further event.
        const live = (await subscriptionsOf.get(org)!).filter((s) => !s.end || Date.parse(s.end) > now.getTime());
        for (const s of live) {
          const claimed = await deps.store.assignEvent(s.id, d.event, d.caseImage, now.toISOString());
          if (claimed) messages.push({ kind: 'notify', subscriptionId: s.id, eventNumber: claimed.eventNumber });
        }
      }
      if (messages.length > 0) await deps.queue.send(messages);
      result.notifications += messages.filter((m) => m.kind === 'notify').length;
      result.handshakes += messages.filter((m) => m.kind === 'handshake').length;
    } catch (error) {
      return { ...result, failedAt: d.seq, error };
    }
  }
  return result;
}
