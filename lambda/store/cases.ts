import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DEFAULT_LINE_OF_BUSINESS, queueDueAt, type CaseRecord } from '../core/model/case';
import type { DeterminationRecord } from '../core/model/determination';
import { withLines, type AuthorizationRecord } from '../core/model/decision-records';
import type { AuditRecord } from '../core/model/audit';
import type { NoticeRecord } from '../core/model/notice';
import { counterDelta, receivedDay } from '../core/analytics/counters';
import type { BatchCommitFailure, BatchCommitResult, CaseChange, CaseCollection, CaseRepository, CaseSearch, CommitResult } from '../core/ports';
import { caseIndexAttributes, casePartitions, keys, memberServicePrefix, tableDefinition } from './table';
import { StoreError, WriteConflictError } from './errors';
import { queryAll } from './query-all';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;


const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk']);

function strip<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}

export function caseItem(record: CaseRecord): Record<string, unknown> {
  return {
    ...record,
    ...keys.case(record.id),
    ...caseIndexAttributes({
      id: record.id,
      providerId: record.providerId,
      memberId: record.memberId,
      status: record.status,
      cptCode: record.requestedService.cptCode,
      urgency: record.urgency,
      receivedAt: record.receivedAt,
      dueAt: queueDueAt(record),
    }),
    type: 'CASE',
  };
}

/** Items written before the second release lack its attributes: they read as "none". */
const CASE_DEFAULTS: Partial<CaseRecord> = {
  lineOfBusiness: DEFAULT_LINE_OF_BUSINESS,
  plannedServiceDate: null,
  authorization: null,
  informationRequest: null,
  withdrawal: null,
  adverseDecisionNpi: null,
};
const DETERMINATION_DEFAULTS: Partial<DeterminationRecord> = {
  authorization: null,
  denialReasons: [],
  reviewer: null,
  criterionOverrides: [],
  onAppeal: false,
  informationRequest: null,
};
/** Authorizations written before certified lines read with their one line. */
const linesFilled = <T extends { authorization: AuthorizationRecord | null }>(r: T): T => (r.authorization ? { ...r, authorization: withLines(r.authorization) } : r);
export const toCaseRecord = (item: Record<string, unknown>): CaseRecord => linesFilled(strip<CaseRecord>({ ...CASE_DEFAULTS, ...item }));
export const toDeterminationRecord = (item: Record<string, unknown>): DeterminationRecord => linesFilled(strip<DeterminationRecord>({ ...DETERMINATION_DEFAULTS, ...item }));

export class CaseStore implements CaseRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes a case change as ONE transaction: the case item under a version condition
   * (or, for a new case, its idempotency marker and a not-exists condition), the new
   * determination, the audit record, and the analytics counter deltas. A racing writer
   * fails cleanly; nothing is ever half-written.
   */
  async commit(change: CaseChange): Promise<CommitResult> {
    const items = this.transactItems(change);
    return this.transact<CommitResult>(items, { ok: true }, async (codes, err) => {
      // The authorization number's claim failed while the case's own condition held: another case holds the number.
      const authIndex = items.findIndex((i) => i.Put?.Item?.type === 'AUTH');
      if (authIndex >= 0 && codes[authIndex] === 'ConditionalCheckFailed' && !codes.slice(0, authIndex).includes('ConditionalCheckFailed')) {
        return { ok: false, reason: 'AUTHORIZATION_NUMBER_TAKEN' };
      }
      if (!change.before) {
        // A new case: the idempotency key may have been taken, possibly by a concurrent retry.
        const existing = await this.idempotentReplay(change.after);
        if (existing) return { ok: false, reason: 'IDEMPOTENT_REPLAY', caseId: existing };
      } else if (codes.includes('ConditionalCheckFailed')) {
        return { ok: false, reason: 'VERSION_CONFLICT' };
      } else if (codes.includes('TransactionConflict')) {
        // Another transaction touched the same items: if the case moved on, we lost; else retry.
        const current = await this.getCase(change.before.id);
        if (!current || current.version !== change.before.version) return { ok: false, reason: 'VERSION_CONFLICT' };
      }
      if (!codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed')) throw new WriteConflictError(codes, { cause: err });
      return 'retry';
    });
  }

  /**
   * Sends one transaction; when DynamoDB cancels it, `cancelled` reads the cancellation codes
   * and gives the answer, or 'retry' for a transient conflict (retried with jitter, 6 times).
   */
  private async transact<R>(items: TransactItems, done: R, cancelled: (codes: string[], err: TransactionCanceledException) => Promise<R | 'retry'>): Promise<R> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return done;
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const answer = await cancelled((err.CancellationReasons ?? []).map((r) => r.Code ?? 'None'), err);
        if (answer !== 'retry') return answer;
        lastError = err;
        await sleep(15 * (attempt + 1) + Math.random() * 20);
      }
    }
    throw new WriteConflictError(['retries exhausted'], { cause: lastError });
  }

  private async idempotentReplay(c: CaseRecord): Promise<string | null> {
    const res = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(c.providerId, c.idempotencyKey), ConsistentRead: true }),
    );
    return res.Item ? String(res.Item.caseId) : null;
  }

  /** The writes of one change; its counter item's Update unless `withCounter` is false (commitMany merges them). */
  private transactItems(change: CaseChange, withCounter = true): TransactItems {
    const { before, after, determination, audit, notices } = change;
    const T = this.tableName;
    const items: TransactItems = [];
    if (!before) {
      items.push({
        Put: {
          TableName: T,
          Item: { ...keys.idempotency(after.providerId, after.idempotencyKey), type: 'IDEMPOTENCY', caseId: after.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      items.push({ Put: { TableName: T, Item: caseItem(after), ConditionExpression: 'attribute_not_exists(pk)' } });
    } else {
      items.push({
        Put: {
          TableName: T,
          Item: caseItem(after),
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':expected': before.version },
        },
      });
    }
    if (determination) {
      items.push({
        Put: {
          TableName: T,
          Item: { ...determination, ...keys.determination(after.id, determination.version), type: 'DETERMINATION' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    items.push({
      Put: {
        TableName: T,
        Item: { ...audit, ...keys.audit(after.id, audit.at, audit.caseVersion), type: 'AUDIT' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    for (const n of notices) {
      // Immutable: a notice is written once, with the change that issues it.
      items.push({
        Put: {
          TableName: T,
          Item: { ...n, ...keys.notice(after.id, n.caseVersion, n.kind, n.audience), type: 'NOTICE' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const number = determination?.authorization?.number;
    if (number) {
      // Claims the number: unique across the table, or the whole change is cancelled.
      items.push({
        Put: {
          TableName: T,
          Item: { ...keys.authorization(number), type: 'AUTH', caseId: after.id, determinationVersion: determination.version },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const counter = withCounter ? counterOf(change) : null;
    if (counter) items.push(this.counterUpdate(counter));
    return items;
  }

  /** One counter item's update: SET its descriptive attributes, ADD each delta. */
  private counterUpdate(c: Counter): TransactItems[number] {
    const names = Object.keys(c.delta);
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.statsDay(c.day, c.cptCode, c.urgency),
        UpdateExpression: `SET #type = :type, #day = :day, #cpt = :cpt, #urg = :urg ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          '#day': 'day',
          '#cpt': 'cptCode',
          '#urg': 'urgency',
          ...Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
        },
        ExpressionAttributeValues: {
          ':type': 'STATS_DAY',
          ':day': c.day,
          ':cpt': c.cptCode,
          ':urg': c.urgency,
          ...Object.fromEntries(names.map((n, i) => [`:c${i}`, c.delta[n]])),
        },
      },
    };
  }

  /**
   * New cases in ONE transaction: each change's items as commit writes them, except that
   * changes sharing a counter item (same received day, code and urgency) add their deltas
   * in one Update, since a transaction may touch an item only once.
   */
  async commitMany(changes: readonly CaseChange[]): Promise<BatchCommitResult> {
    if (changes.some((c) => c.before)) throw new StoreError('commitMany writes new cases only');
    const items: TransactItems = [];
    /** Index of the change each item belongs to (-1: a shared counter). */
    const owner: number[] = [];
    const counters = new Map<string, Counter>();
    changes.forEach((change, i) => {
      for (const it of this.transactItems(change, false)) {
        items.push(it);
        owner.push(i);
      }
      const c = counterOf(change);
      if (!c) return;
      const key = `${c.day}|${c.cptCode}|${c.urgency}`;
      const merged = counters.get(key);
      if (!merged) counters.set(key, c);
      else for (const [n, d] of Object.entries(c.delta)) merged.delta[n] = (merged.delta[n] ?? 0) + d;
    });
    for (const c of counters.values()) {
      if (Object.values(c.delta).every((d) => d === 0)) continue;
      items.push(this.counterUpdate(c));
      owner.push(-1);
    }
    if (items.length > MAX_TRANSACTION_ITEMS) throw new StoreError(`a batch of ${items.length} writes exceeds one transaction`);
    return this.transact<BatchCommitResult>(items, { ok: true }, async (codes, err) => {
      const failures: BatchCommitFailure[] = [];
      for (const [k, code] of codes.entries()) {
        if (code !== 'ConditionalCheckFailed') continue;
        const i = owner[k]!;
        const type: unknown = items[k]?.Put?.Item?.type;
        if (type === 'IDEMPOTENCY') {
          const existing = await this.idempotentReplay(changes[i]!.after);
          if (existing) failures.push({ index: i, reason: 'IDEMPOTENT_REPLAY', caseId: existing });
        } else if (type === 'AUTH') {
          failures.push({ index: i, reason: 'AUTHORIZATION_NUMBER_TAKEN' });
        }
      }
      const [first, ...rest] = failures;
      if (first) return { ok: false, failures: [first, ...rest] };
      if (!codes.includes('TransactionConflict')) throw new WriteConflictError(codes, { cause: err });
      return 'retry';
    });
  }

  async caseIdForAuthorization(number: string): Promise<string | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.authorization(number), ConsistentRead: true }));
    return typeof res.Item?.caseId === 'string' ? res.Item.caseId : null;
  }

  async findByMember(search: CaseSearch, limit: number): Promise<CaseRecord[]> {
    const ix = tableDefinition.indexes.byMember;
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: ix.indexName,
        KeyConditionExpression: search.cptCode ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': ix.partitionKey.name, ...(search.cptCode ? { '#sk': ix.sortKey.name } : {}) },
        ExpressionAttributeValues: {
          ':pk': casePartitions.member(search.providerId, search.memberId),
          ...(search.cptCode ? { ':prefix': memberServicePrefix(search.cptCode) } : {}),
        },
        // Newest first within one service code; across codes, sorted below.
        ScanIndexForward: false,
        ...(search.cptCode ? { Limit: limit } : {}),
      }),
    );
    const cases = (res.Items ?? []).map(toCaseRecord);
    return cases.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0)).slice(0, limit);
  }

  async getCase(caseId: string): Promise<CaseRecord | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }));
    return res.Item ? toCaseRecord(res.Item) : null;
  }

  /** The case with its determinations, audit trail and notices (each oldest first), in one paginated Query. */
  async getCollection(caseId: string): Promise<CaseCollection | null> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.caseCollection(caseId) },
      ConsistentRead: true,
    });
    const caseRow = items.find((i) => i.type === 'CASE');
    if (!caseRow) return null;
    return {
      case: toCaseRecord(caseRow),
      // Sort keys are zero-padded / ISO, so Query order is chronological.
      determinations: items.filter((i) => i.type === 'DETERMINATION').map(toDeterminationRecord),
      audit: items.filter((i) => i.type === 'AUDIT').map((i) => strip<AuditRecord>(i)),
      notices: items.filter((i) => i.type === 'NOTICE').map((i) => strip<NoticeRecord>(i)),
    };
  }
}

/** DynamoDB's limit of writes in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

type Counter = { day: string; cptCode: string; urgency: string; delta: Record<string, number> };

/** The analytics counter delta a change adds to its (received day, code, urgency) item, or null when none. */
function counterOf(change: CaseChange): Counter | null {
  const delta = counterDelta(change.before, change.after);
  if (Object.keys(delta).length === 0) return null;
  return { day: receivedDay(change.after), cptCode: change.after.requestedService.cptCode, urgency: change.after.urgency, delta };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
