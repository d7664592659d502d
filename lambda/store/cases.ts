import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CaseRecord } from '../domain/case';
import { caseIndexAttributes, keys } from './table';
import { WriteConflictError } from './errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What one Query on a case's item collection returns. */
export type CaseCollection = {
  case: CaseRecord;
  items: Record<string, unknown>[];
};

const CASE_FIELDS = [
  'id',
  'version',
  'status',
  'urgency',
  'memberId',
  'providerId',
  'requestedService',
  'requestedLevelOfCare',
  'clinicalFacts',
  'receivedAt',
  'dueAt',
  'decidedAt',
  'idempotencyKey',
] as const;

export function caseItem(record: CaseRecord): Record<string, unknown> {
  return {
    ...keys.case(record.id),
    ...caseIndexAttributes({
      id: record.id,
      providerId: record.providerId,
      status: record.status,
      cptCode: record.requestedService.cptCode,
      urgency: record.urgency,
      receivedAt: record.receivedAt,
      dueAt: record.dueAt,
    }),
    type: 'CASE',
    ...record,
  };
}

export function toCaseRecord(item: Record<string, unknown>): CaseRecord {
  const out: Record<string, unknown> = {};
  for (const f of CASE_FIELDS) out[f] = item[f] ?? null;
  return out as CaseRecord;
}

export type CreateCaseResult = { created: true; case: CaseRecord } | { created: false; caseId: string };

export class CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the case, its idempotency marker and any extra items (determination,
   * audit, counters) in one transaction. If the idempotency key was used already,
   * nothing is written and the first case's id is returned. A concurrent retry that
   * loses the race reads the winner's marker.
   */
  async createCase(record: CaseRecord, extra: TransactItem[] = []): Promise<CreateCaseResult> {
    const idem = keys.idempotency(record.providerId, record.idempotencyKey);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: idem, ConsistentRead: true }),
      );
      if (existing.Item) return { created: false, caseId: String(existing.Item.caseId) };
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...idem, type: 'IDEMPOTENCY', caseId: record.id },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: caseItem(record),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...extra,
            ],
          }),
        );
        return { created: true, case: record };
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        // Lost a race with a concurrent submit of the same key: loop and read its marker.
        await sleep(20 * (attempt + 1));
      }
    }
    throw new WriteConflictError(['idempotency']);
  }

  /** The case with every item of its collection (determinations, audit) in one paginated Query. */
  async getCollection(caseId: string): Promise<CaseCollection | null> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.caseCollection(caseId) },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const caseRow = items.find((i) => i.sk === 'CASE');
    if (!caseRow) return null;
    return { case: toCaseRecord(caseRow), items: items.filter((i) => i !== caseRow) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
