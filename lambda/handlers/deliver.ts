// The deliverer in AWS (infra/constructs/events.ts): SQS FIFO messages, one group per
// subscription. Groups run side by side, a group's messages in order; a failed delivery's
// message comes back after the handler's back-off (its visibility timeout is set to it), and
// the rest of its group waits behind it (FIFO). After maxReceiveCount the queue moves a
// message to its dead-letter queue (alarmed); a notification the endpoint keeps refusing is
// kept in the table as UNDELIVERABLE and counted before that.
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { loadEventsConfig } from '../events/config';
import { handleDeliveryMessage, type DeliveryDeps } from '../events/deliver';
import { endpointPolicyFor } from '../events/endpoint-guard';
import { createHttpSender } from '../events/http-sender';
import { createDeliveryMetrics } from '../events/metrics';
import type { DeliveryMessage } from '../events/ports';
import { sealerFromEnv } from '../events/secrets';
import { getLogger } from '../observability/log';
import { createDocumentClient } from '../store/client';
import { SubscriptionStore } from '../store/subscriptions';

const config = loadEventsConfig(process.env);
const policy = endpointPolicyFor(config.stage);

const deps: DeliveryDeps = {
  store: new SubscriptionStore(createDocumentClient(config), config.tableName),
  sender: createHttpSender(policy),
  sealer: sealerFromEnv(process.env),
  metrics: createDeliveryMetrics(),
  clock: () => new Date(),
  config: config.delivery,
};
const sqs = new SQSClient({ maxAttempts: 3 });
/** SQS allows at most 12 hours of visibility. */
const MAX_VISIBILITY_S = 43_200;

const messageSchema = z.union([
  z.object({ kind: z.literal('handshake'), subscriptionId: z.string() }),
  z.object({ kind: z.literal('notify'), subscriptionId: z.string(), eventNumber: z.number() }),
]);

const queueUrlOf = (r: SQSRecord) => {
  // arn:aws:sqs:<region>:<account>:<name> → https://sqs.<region>.amazonaws.com/<account>/<name>
  const [, , , region, account, name] = r.eventSourceARN.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
};

/** One group's messages in order; returns the ids of those to retry (the failed one and every later one). */
async function runGroup(records: SQSRecord[]): Promise<string[]> {
  for (const [i, r] of records.entries()) {
    let body: unknown = null;
    try {
      body = JSON.parse(r.body);
    } catch {
      // Left null: refused below like any other malformed message.
    }
    const parsed = messageSchema.safeParse(body);
    if (!parsed.success) {
      getLogger().error('delivery message malformed; dropped to the dead-letter queue on its last receive', { messageId: r.messageId });
      return records.slice(i).map((x) => x.messageId);
    }
    try {
      const outcome = await handleDeliveryMessage(parsed.data as DeliveryMessage, deps);
      if (outcome.done) continue;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrlOf(r),
          ReceiptHandle: r.receiptHandle,
          VisibilityTimeout: Math.min(MAX_VISIBILITY_S, Math.ceil(outcome.retryAfterMs / 1000)),
        }),
      );
    } catch (e) {
      getLogger().error('delivery failed', { messageId: r.messageId, errorName: e instanceof Error ? e.name : 'unknown' });
    }
    return records.slice(i).map((x) => x.messageId);
  }
  return [];
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  getLogger().addContext(context);
  const groups = new Map<string, SQSRecord[]>();
  for (const r of event.Records) {
    const g = r.attributes.MessageGroupId ?? r.messageId;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const failed = (await Promise.all([...groups.values()].map(runGroup))).flat();
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
