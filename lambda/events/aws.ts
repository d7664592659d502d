// The AWS ends of the event path: the EventBridge bus and the SQS FIFO delivery queue.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CASE_EVENT_SOURCE, detailTypeOf, type CaseEvent } from './case-events';
import type { DeliveryMessage, DeliveryQueue, EventPublisher } from './ports';

export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    message: string,
    readonly failedCodes: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** PutEvents, ten at a time; any failed entry fails the call (the stream retries; ids make it harmless). */
export function eventBridgePublisher(busName: string, client = new EventBridgeClient({ maxAttempts: 3 })): EventPublisher {
  return {
    async publish(events: readonly CaseEvent[]) {
      for (let i = 0; i < events.length; i += 10) {
        const chunk = events.slice(i, i + 10);
        const out = await client.send(
          new PutEventsCommand({
            Entries: chunk.map((e) => ({
              EventBusName: busName,
              Source: CASE_EVENT_SOURCE,
              DetailType: detailTypeOf[e.kind],
              // Resources is free-form; the case id lets a rule or an archive replay pick one case.
              Resources: [`case:${e.caseId}`],
              Time: new Date(e.occurredAt),
              Detail: JSON.stringify(e),
            })),
          }),
        );
        if ((out.FailedEntryCount ?? 0) > 0) {
          const codes = (out.Entries ?? []).flatMap((x) => (x.ErrorCode ? [x.ErrorCode] : []));
          throw new PublishError(`${out.FailedEntryCount} case event(s) not accepted by the bus`, codes);
        }
      }
    },
  };
}

/** FIFO: one message group per subscription (its notifications in order, others unaffected), deduplicated by content. */
export function sqsDeliveryQueue(queueUrl: string, client = new SQSClient({ maxAttempts: 3 })): DeliveryQueue {
  const dedupId = (m: DeliveryMessage) => (m.kind === 'handshake' ? `${m.subscriptionId}:handshake` : `${m.subscriptionId}:${m.eventNumber}`);
  return {
    async send(messages: readonly DeliveryMessage[]) {
      for (let i = 0; i < messages.length; i += 10) {
        const chunk = messages.slice(i, i + 10);
        const out = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((m, j) => ({
              Id: String(j),
              MessageBody: JSON.stringify(m),
              MessageGroupId: m.subscriptionId,
              MessageDeduplicationId: dedupId(m),
            })),
          }),
        );
        if ((out.Failed ?? []).length > 0) throw new PublishError(`${out.Failed!.length} delivery message(s) not queued`, out.Failed!.map((f) => f.Code ?? 'unknown'));
      }
    },
  };
}
