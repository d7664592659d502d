import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../core/model/case';
import type { SubscriptionRecord, SubscriptionRepository } from '../core/model/subscription';
import type { CaseCollection } from '../core/ports';
import type { CaseEvent } from '../events/case-events';
import type { DeliveryStore, NotificationRecord } from '../events/ports';
import { CaseStore } from './cases';
import { WriteConflictError } from './errors';
import { queryAll } from './query-all';
import { keys, subscriptionIndexAttributes, subscriptionPartitions, tableDefinition } from './table';

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi4pk', 'gsi4sk']);
function strip<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}

/** How often an event-number claim is retried when other claims on the same counter win the race. */
const CLAIM_ATTEMPTS = 25;

/**
 * Subscriptions and their notifications (lambda/store/table.ts: SUBSCRIPTION#<id>). The event
 * counter lives on the subscription item and only moves in a transaction that also claims
 * the event (EVENT#<eventId>) and writes its notification (N#<number>): numbers are
 * gap-free, strictly increasing, and one event never gets two.
 */
export class SubscriptionStore implements SubscriptionRepository, DeliveryStore {
  private readonly cases: CaseStore;
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.cases = new CaseStore(db, tableName);
  }

  async create(s: SubscriptionRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...s, ...keys.subscription(s.id), ...subscriptionIndexAttributes(s), type: 'SUBSCRIPTION' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<SubscriptionRecord | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.subscription(id), ConsistentRead: true }));
    return res.Item ? strip<SubscriptionRecord>(res.Item) : null;
  }

  getSubscription(id: string): Promise<SubscriptionRecord | null> {
    return this.get(id);
  }

  async listByOrg(orgNpi: string): Promise<SubscriptionRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: tableDefinition.indexes.byProvider.indexName,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': subscriptionPartitions.subscriber(orgNpi) },
    });
    return items.filter((i) => i.type === 'SUBSCRIPTION').map((i) => strip<SubscriptionRecord>(i));
  }

  async activeSubscriptionsOf(orgNpi: string): Promise<SubscriptionRecord[]> {
    return (await this.listByOrg(orgNpi)).filter((s) => s.status === 'active');
  }

  async liveSubscriptions(): Promise<SubscriptionRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: tableDefinition.indexes.byReceived.indexName,
      KeyConditionExpression: 'gsi4pk = :p',
      ExpressionAttributeValues: { ':p': subscriptionPartitions.all() },
    });
    return items.filter((i) => i.type === 'SUBSCRIPTION').map((i) => strip<SubscriptionRecord>(i));
  }

  async remove(id: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.subscription(id),
        // Off, out of both listings, and its sealed headers erased.
        UpdateExpression: 'SET #s = :off, updatedAt = :at REMOVE sealedHeaders, gsi1pk, gsi1sk, gsi4pk, gsi4sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':off': 'off', ':at': at },
      }),
    );
  }

  async setHandshakeResult(subscriptionId: string, ok: boolean, error: string | null, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.subscription(subscriptionId),
          UpdateExpression: 'SET #s = :to, lastError = :e, updatedAt = :at',
          ConditionExpression: '#s = :requested',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': ok ? 'active' : 'error', ':e': error, ':at': at, ':requested': 'requested' },
        }),
      );
    } catch (err) {
      // Deleted meanwhile, or a repeated handshake message: the first answer stands.
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  async assignEvent(subscriptionId: string, event: CaseEvent, caseImage: CaseRecord, at: string): Promise<{ eventNumber: number; created: boolean } | null> {
    const T = this.tableName;
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const marker = await this.db.send(new GetCommand({ TableName: T, Key: keys.subscriptionEvent(subscriptionId, event.id), ConsistentRead: true }));
      if (marker.Item) return { eventNumber: Number(marker.Item.eventNumber), created: false };
      const sub = await this.get(subscriptionId);
      if (!sub || sub.status !== 'active') return null;
      const n = sub.eventCount + 1;
      const notification: NotificationRecord = {
        subscriptionId,
        eventNumber: n,
        event,
        caseImage,
        state: 'PENDING',
        attempts: 0,
        createdAt: at,
        settledAt: null,
        lastError: null,
      };
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: T,
                  Key: keys.subscription(subscriptionId),
                  UpdateExpression: 'SET eventCount = :n',
                  ConditionExpression: 'eventCount = :c AND #s = :active',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':n': n, ':c': sub.eventCount, ':active': 'active' },
                },
              },
              {
                Put: {
                  TableName: T,
                  Item: { ...keys.subscriptionEvent(subscriptionId, event.id), type: 'SUBSCRIPTION_EVENT', eventNumber: n },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: { TableName: T, Item: { ...notification, ...keys.notification(subscriptionId, n), type: 'NOTIFICATION' }, ConditionExpression: 'attribute_not_exists(pk)' },
              },
            ],
          }),
        );
        return { eventNumber: n, created: true };
      } catch (err) {
        // Another claim moved the counter, or claimed this event: read again.
        if (!(err instanceof TransactionCanceledException)) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new WriteConflictError(['event number claim retries exhausted']);
  }

  async notifications(subscriptionId: string, from: number, to: number): Promise<NotificationRecord[]> {
    if (to < from) return [];
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': keys.notificationPartition(subscriptionId), ':a': keys.notificationSortKey(from), ':b': keys.notificationSortKey(to) },
      ConsistentRead: true,
    });
    return items.map((i) => strip<NotificationRecord>(i));
  }

  async recordAttempt(subscriptionId: string, eventNumber: number, error: string, at: string): Promise<number> {
    const res = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(subscriptionId, eventNumber),
        UpdateExpression: 'SET lastError = :e, lastAttemptAt = :at ADD attempts :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':e': error, ':at': at, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.attempts ?? 0);
  }

  async settle(subscriptionId: string, eventNumber: number, state: 'DELIVERED' | 'UNDELIVERABLE' | 'CANCELLED', at: string, error: string | null): Promise<void> {
    const T = this.tableName;
    const undeliverable = state === 'UNDELIVERABLE';
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T,
                Key: keys.notification(subscriptionId, eventNumber),
                UpdateExpression: 'SET #st = :state, settledAt = :at',
                ConditionExpression: '#st = :pending',
                ExpressionAttributeNames: { '#st': 'state' },
                ExpressionAttributeValues: { ':state': state, ':at': at, ':pending': 'PENDING' },
              },
            },
            {
              Update: {
                TableName: T,
                Key: keys.subscription(subscriptionId),
                UpdateExpression: undeliverable
                  ? 'SET deliveredThrough = :n, lastError = :e, updatedAt = :at ADD undeliverableCount :one'
                  : 'SET deliveredThrough = :n',
                ConditionExpression: 'deliveredThrough = :prev',
                ExpressionAttributeValues: {
                  ':n': eventNumber,
                  ':prev': eventNumber - 1,
                  ...(undeliverable ? { ':e': error, ':at': at, ':one': 1 } : {}),
                },
              },
            },
          ],
        }),
      );
    } catch (err) {
      // Settled already (a repeated message): nothing to do.
      if (!(err instanceof TransactionCanceledException)) throw err;
    }
  }

  caseCollection(caseId: string): Promise<CaseCollection | null> {
    return this.cases.getCollection(caseId);
  }
}
