// The table stream's consumer in AWS (infra/constructs/events.ts): every case change to the
// EventBridge bus, every notification to the SQS FIFO delivery queue. The mapping and the
// fan-out are lambda/events/stream-processor.ts, the same code the local poller runs.
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventBridgePublisher, sqsDeliveryQueue } from '../events/aws';
import { loadEventsConfig } from '../events/config';
import { createDeliveryMetrics } from '../events/metrics';
import { processStreamRecords } from '../events/stream-processor';
import { getLogger } from '../observability/log';
import { createDocumentClient } from '../store/client';
import { SubscriptionStore } from '../store/subscriptions';

const config = loadEventsConfig(process.env);
if (!config.eventBusName || !config.queueUrl) throw new Error('EVENT_BUS_NAME and DELIVERY_QUEUE_URL are required');
const store = new SubscriptionStore(createDocumentClient(config), config.tableName);
const publisher = eventBridgePublisher(config.eventBusName);
const queue = sqsDeliveryQueue(config.queueUrl);
const metrics = createDeliveryMetrics();

export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  getLogger().addContext(context);
  const r = await processStreamRecords(event.Records, { store, publisher, queue, clock: () => new Date() });
  if (r.events > 0) metrics.published(r.events);
  if (r.failedAt) {
    // Ids and names only: a stored value never reaches the log.
    getLogger().error('stream batch failed; retrying from a record', { failedAt: r.failedAt, errorName: r.error instanceof Error ? r.error.name : 'unknown' });
    // ReportBatchItemFailures: the records from this one on are retried, in order.
    return { batchItemFailures: [{ itemIdentifier: r.failedAt }] };
  }
  getLogger().info('stream batch', { records: event.Records.length, events: r.events, notifications: r.notifications, handshakes: r.handshakes });
  return { batchItemFailures: [] };
}
