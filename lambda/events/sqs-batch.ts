// One SQS FIFO batch of delivery messages: groups (one per subscription) side by side, a
// group's messages in order; a message that must wait (back-off) or failed is reported with
// every later message of its group, so FIFO order holds. Transport-free: the deliverer Lambda
// (lambda/handlers/deliver.ts) gives it the handler and the visibility change.
import * as z from 'zod/mini';
import type { DeliveryOutcome } from './deliver';
import type { DeliveryMessage } from './ports';

export type QueueRecord = { messageId: string; body: string; groupId: string | undefined; receiptHandle: string };

const messageSchema = z.union([
  z.object({ kind: z.literal('handshake'), subscriptionId: z.string() }),
  z.object({ kind: z.literal('notify'), subscriptionId: z.string(), eventNumber: z.number() }),
]);

export function parseDeliveryMessage(body: string): DeliveryMessage | null {
  try {
    const parsed = messageSchema.safeParse(JSON.parse(body));
    return parsed.success ? (parsed.data) : null;
  } catch {
    return null;
  }
}

export type BatchDeps = {
  handle: (m: DeliveryMessage) => Promise<DeliveryOutcome>;
  /** Sets the message's visibility timeout to the back-off, so SQS returns it then. */
  delay: (r: QueueRecord, seconds: number) => Promise<void>;
  onError: (r: QueueRecord, reason: string) => void;
};

/** SQS allows at most 12 hours of visibility. */
const MAX_VISIBILITY_S = 43_200;

async function runGroup(records: QueueRecord[], deps: BatchDeps): Promise<string[]> {
  for (const [i, r] of records.entries()) {
    const m = parseDeliveryMessage(r.body);
    if (!m) {
      // Fails on every receive, then sits in the dead-letter queue (alarmed).
      deps.onError(r, 'malformed');
      return records.slice(i).map((x) => x.messageId);
    }
    try {
      const outcome = await deps.handle(m);
      if (outcome.done) continue;
      await deps.delay(r, Math.min(MAX_VISIBILITY_S, Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))));
    } catch (e) {
      deps.onError(r, e instanceof Error ? e.name : 'unknown');
    }
    return records.slice(i).map((x) => x.messageId);
  }
  return [];
}

/** The message ids to report as batch item failures. */
export async function runDeliveryBatch(records: readonly QueueRecord[], deps: BatchDeps): Promise<string[]> {
  const groups = new Map<string, QueueRecord[]>();
  for (const r of records) {
    const g = r.groupId ?? r.messageId;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  return (await Promise.all([...groups.values()].map((g) => runGroup(g, deps)))).flat();
}
