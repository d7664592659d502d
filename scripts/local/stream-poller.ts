/**
 * The local stand-in for the stream Lambda's event source mapping and the SQS deliverer:
 * reads DynamoDB Local's stream of the table (the Streams API at the same endpoint), hands
 * each batch of records to lambda/events/stream-processor.ts, and delivers through
 * lambda/events/deliver.ts on an in-process queue (lambda/events/local-queue.ts). Those are
 * the functions the two Lambdas run; what differs is only the transport: no EventBridge
 * (events are logged, or given to `publisher`), no SQS (retries wait in process, by the same
 * back-off the Lambda turns into a visibility timeout).
 *
 * Nothing is lost when the process dies: the position in each shard is kept in a file
 * (`checkpointFile`) after the batch is processed, claimed event numbers and delivery
 * cursors are in the table, and at start every subscription with notifications past its
 * cursor (or a handshake still owed) is queued again. A notification interrupted after the
 * subscriber accepted it is sent again with the same event number.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SecretSealer } from '../../lambda/core/model/subscription';
import { handleDeliveryMessage, type DeliveryConfig, type DeliveryDeps } from '../../lambda/events/deliver';
import { endpointPolicyFor } from '../../lambda/events/endpoint-guard';
import { createHttpSender } from '../../lambda/events/http-sender';
import { LocalDeliveryQueue } from '../../lambda/events/local-queue';
import { noDeliveryMetrics, type DeliveryMessage, type EventPublisher, type NotificationSender } from '../../lambda/events/ports';
import { processStreamRecords, type StreamRecordLike } from '../../lambda/events/stream-processor';
import { getLogger } from '../../lambda/observability/log';
import { SubscriptionStore } from '../../lambda/store/subscriptions';

export type StreamPollerOptions = {
  db: DynamoDBDocumentClient;
  endpoint: string;
  region?: string;
  tableName: string;
  stage: string;
  sealer: SecretSealer | null;
  delivery: DeliveryConfig;
  /** Where each shard's position is kept across restarts; in memory only when absent. */
  checkpointFile?: string;
  /** Case events go here (default: one debug log line each). */
  publisher?: EventPublisher;
  sender?: NotificationSender;
  pollMs?: number;
  clock?: () => Date;
};

export type StreamPoller = {
  queue: LocalDeliveryQueue;
  /** Resolves once every record written before the call has been processed and its deliveries are settled or waiting for a retry. */
  caughtUp: () => Promise<void>;
  /** Stops reading and delivering; what is in flight is abandoned (it resumes at the next start). */
  stop: () => Promise<void>;
  stats: () => { records: number; events: number; notifications: number };
};

type Checkpoint = { streamArn: string; shards: Record<string, string>; closed: string[] };

const logPublisher: EventPublisher = {
  async publish(events) {
    for (const e of events) getLogger().debug('case event', { id: e.id, kind: e.kind, status: e.status });
  },
};

export async function startStreamPoller(o: StreamPollerOptions): Promise<StreamPoller> {
  const local = { endpoint: o.endpoint, region: o.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const ddb = new DynamoDBClient(local);
  const streams = new DynamoDBStreamsClient(local);
  const described = await ddb.send(new DescribeTableCommand({ TableName: o.tableName }));
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${o.tableName} has no stream`);
  ddb.destroy();

  const clock = o.clock ?? (() => new Date());
  const store = new SubscriptionStore(o.db, o.tableName);
  const deps: DeliveryDeps = {
    store,
    sender: o.sender ?? createHttpSender(endpointPolicyFor(o.stage)),
    sealer: o.sealer,
    metrics: noDeliveryMetrics,
    clock,
    config: o.delivery,
  };
  const queue = new LocalDeliveryQueue(
    (m: DeliveryMessage) => handleDeliveryMessage(m, deps),
    (err) => getLogger().error('local delivery failed', { errorName: err instanceof Error ? err.name : 'unknown' }),
  );

  let checkpoint: Checkpoint = { streamArn, shards: {}, closed: [] };
  if (o.checkpointFile && existsSync(o.checkpointFile)) {
    const saved = JSON.parse(readFileSync(o.checkpointFile, 'utf8')) as Checkpoint;
    // Another table (recreated) has another stream: its positions mean nothing here.
    if (saved.streamArn === streamArn) checkpoint = saved;
  }
  const save = () => {
    if (!o.checkpointFile) return;
    mkdirSync(dirname(o.checkpointFile), { recursive: true });
    const tmp = `${o.checkpointFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(checkpoint));
    renameSync(tmp, o.checkpointFile);
  };

  // Whatever was owed when the last run stopped.
  const owed: DeliveryMessage[] = [];
  for (const s of await store.liveSubscriptions()) {
    if (s.status === 'requested') owed.push({ kind: 'handshake', subscriptionId: s.id });
    if (s.eventCount > s.deliveredThrough) owed.push({ kind: 'notify', subscriptionId: s.id, eventNumber: s.eventCount });
  }
  await queue.send(owed);

  const iterators = new Map<string, string>();
  const closed = new Set(checkpoint.closed);
  let shards: Shard[] = [];
  let stopped = false;
  let totals = { records: 0, events: 0, notifications: 0 };
  let lastDescribe = 0;
  /** Incremented after each full pass over the open shards that found nothing new. */
  let quietPasses = 0;

  async function describe(): Promise<void> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      all.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    shards = all;
    lastDescribe = Date.now();
  }

  async function iteratorFor(shardId: string): Promise<string | undefined> {
    const after = checkpoint.shards[shardId];
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return out.ShardIterator;
  }

  /** One read of one shard; true when it returned records. */
  async function pollShard(shard: Shard): Promise<boolean> {
    const id = shard.ShardId!;
    const iterator = iterators.get(id) ?? (await iteratorFor(id));
    if (!iterator) return false;
    let page;
    try {
      page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    } catch (err) {
      if (err instanceof ExpiredIteratorException || err instanceof TrimmedDataAccessException) {
        iterators.delete(id);
        return false;
      }
      throw err;
    }
    const records = (page.Records ?? []) as StreamRecordLike[];
    if (records.length > 0) {
      const r = await processStreamRecords(records, { store, publisher: o.publisher ?? logPublisher, queue, clock });
      totals = { records: totals.records + records.length, events: totals.events + r.events, notifications: totals.notifications + r.notifications };
      if (r.failedAt) {
        // Resume at the failed record after a pause; the records before it are done.
        const done = records.slice(0, records.findIndex((x) => x.dynamodb?.SequenceNumber === r.failedAt));
        if (done.length > 0) checkpoint.shards[id] = done.at(-1)!.dynamodb!.SequenceNumber!;
        save();
        iterators.delete(id);
        getLogger().error('stream batch failed; retrying', { errorName: r.error instanceof Error ? r.error.name : 'unknown' });
        await new Promise((res) => setTimeout(res, 1_000));
        return true;
      }
      checkpoint.shards[id] = records.at(-1)!.dynamodb!.SequenceNumber!;
      save();
    }
    if (page.NextShardIterator) iterators.set(id, page.NextShardIterator);
    else {
      // Closed and read to its end: its children take over.
      iterators.delete(id);
      closed.add(id);
      checkpoint.closed = [...closed];
      save();
      lastDescribe = 0;
    }
    return records.length > 0;
  }

  const pollMs = o.pollMs ?? 100;
  const loop = (async () => {
    while (!stopped) {
      try {
        if (Date.now() - lastDescribe > 1_000) await describe();
        const open = shards.filter((s) => !closed.has(s.ShardId!) && (!s.ParentShardId || closed.has(s.ParentShardId) || !shards.some((p) => p.ShardId === s.ParentShardId)));
        let any = false;
        for (const s of open) if (!stopped && (await pollShard(s))) any = true;
        if (!any) quietPasses += 1;
      } catch (err) {
        getLogger().error('stream poll failed', { errorName: err instanceof Error ? err.name : 'unknown' });
      }
      if (!stopped) await new Promise((r) => setTimeout(r, pollMs));
    }
  })();

  return {
    queue,
    stats: () => ({ ...totals }),
    async caughtUp() {
      // Two quiet passes after the call: everything written before it was read (DynamoDB Local
      // shows a write in its stream at once) and handed to the queue.
      const target = quietPasses + 2;
      while (!stopped && quietPasses < target) await new Promise((r) => setTimeout(r, pollMs));
      await queue.idle();
    },
    async stop() {
      stopped = true;
      queue.stop();
      await loop;
      streams.destroy();
    },
  };
}
