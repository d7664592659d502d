// The deliverer in AWS (infra/constructs/events.ts): SQS FIFO messages, one group per
// subscription, run by lambda/events/sqs-batch.ts (groups side by side, a group's messages in
// order) through lambda/events/deliver.ts, the code the local queue runs too. A delivery that
// must wait comes back after the handler's back-off (its visibility timeout is set to it), the
// rest of its group behind it; after maxReceiveCount the queue moves a message to its
// dead-letter queue (alarmed). A notification the endpoint keeps refusing is kept in the table
// as UNDELIVERABLE and counted before that.
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadEventsConfig } from '../events/config';
import { handleDeliveryMessage, type DeliveryDeps } from '../events/deliver';
import { endpointPolicyFor } from '../events/endpoint-guard';
import { createHttpSender } from '../events/http-sender';
import { createDeliveryMetrics } from '../events/metrics';
import { sealerFromEnv } from '../events/secrets';
import { runDeliveryBatch, type QueueRecord } from '../events/sqs-batch';
import { getLogger } from '../observability/log';
import { createDocumentClient } from '../store/client';
import { SubscriptionStore } from '../store/subscriptions';

const config = loadEventsConfig(process.env);
// The same policy the FHIR door applied at creation; the sender checks each connection's address again.
const deps: DeliveryDeps = {
  store: new SubscriptionStore(createDocumentClient(config), config.tableName),
  sender: createHttpSender(endpointPolicyFor(config.stage)),
  sealer: sealerFromEnv(process.env),
  metrics: createDeliveryMetrics(),
  clock: () => new Date(),
  config: config.delivery,
};
const sqs = new SQSClient({ maxAttempts: 3 });

/** arn:aws:sqs:<region>:<account>:<name> → https://sqs.<region>.amazonaws.com/<account>/<name> */
const queueUrlOf = (arn: string) => {
  const [, , , region, account, name] = arn.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
};

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  getLogger().addContext(context);
  const arnOf = new Map(event.Records.map((r: SQSRecord) => [r.messageId, r.eventSourceARN]));
  const records: QueueRecord[] = event.Records.map((r) => ({ messageId: r.messageId, body: r.body, groupId: r.attributes.MessageGroupId, receiptHandle: r.receiptHandle }));
  const failed = await runDeliveryBatch(records, {
    handle: (m) => handleDeliveryMessage(m, deps),
    delay: async (r, seconds) => {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrlOf(arnOf.get(r.messageId)!), ReceiptHandle: r.receiptHandle, VisibilityTimeout: seconds }));
    },
    // Ids and names only: a stored value never reaches the log.
    onError: (r, reason) => getLogger().error('delivery message failed', { messageId: r.messageId, reason }),
  });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
