import { describe, expect, it } from 'vitest';
import { runDeliveryBatch, type QueueRecord } from '../../../lambda/events/sqs-batch';
import type { DeliveryMessage } from '../../../lambda/events/ports';

const rec = (id: string, group: string, m: DeliveryMessage | string): QueueRecord => ({
  messageId: id,
  groupId: group,
  receiptHandle: `rh-${id}`,
  body: typeof m === 'string' ? m : JSON.stringify(m),
});
const notify = (sub: string, n: number): DeliveryMessage => ({ kind: 'notify', subscriptionId: sub, eventNumber: n });

describe('an SQS FIFO batch of deliveries', () => {
  it('runs each subscription\'s messages in order; one waiting in back-off holds back only its own group', async () => {
    const seen: string[] = [];
    const delayed: [string, number][] = [];
    const failed = await runDeliveryBatch(
      [rec('a1', 'A', notify('A', 1)), rec('b1', 'B', notify('B', 1)), rec('a2', 'A', notify('A', 2)), rec('a3', 'A', notify('A', 3)), rec('b2', 'B', notify('B', 2))],
      {
        handle: async (m) => {
          seen.push(`${m.subscriptionId}${m.kind === 'notify' ? m.eventNumber : ''}`);
          return m.subscriptionId === 'A' && m.kind === 'notify' && m.eventNumber === 2 ? { done: false, retryAfterMs: 4_500, delivered: 0 } : { done: true, delivered: 1 };
        },
        delay: async (r, s) => void delayed.push([r.messageId, s]),
        onError: () => undefined,
      },
    );
    expect(seen.filter((s) => s.startsWith('A'))).toEqual(['A1', 'A2']);
    expect(seen.filter((s) => s.startsWith('B'))).toEqual(['B1', 'B2']);
    expect(failed.sort()).toEqual(['a2', 'a3']);
    expect(delayed).toEqual([['a2', 5]]);
  });

  it('reports a malformed message and a thrown error (with the rest of their group) for redelivery, then the dead-letter queue', async () => {
    const errors: string[] = [];
    const failed = await runDeliveryBatch([rec('x1', 'X', '{not json'), rec('x2', 'X', notify('X', 2)), rec('y1', 'Y', notify('Y', 1))], {
      handle: async () => {
        throw Object.assign(new Error('table unavailable'), { name: 'ProvisionedThroughputExceededException' });
      },
      delay: async () => undefined,
      onError: (r, reason) => errors.push(`${r.messageId}:${reason}`),
    });
    expect(failed.sort()).toEqual(['x1', 'x2', 'y1']);
    expect(errors.sort()).toEqual(['x1:malformed', 'y1:ProvisionedThroughputExceededException']);
  });
});
