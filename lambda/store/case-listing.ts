import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { CaseRecord } from '../domain/case';
import { tableDefinition, type IndexName } from './table';
import { toCaseRecord } from './cases';
import { InvalidCursorError } from './errors';

/** One index partition to read, with an optional sort-key range. */
export type ListingPartition = {
  index: IndexName;
  partitionValue: string;
  sortFrom?: string;
  sortTo?: string;
  /** false = descending (newest first). */
  ascending: boolean;
};

/** A listing is a sequence of partitions read in order, filling each page fully. */
export type ListingPlan = {
  partitions: ListingPartition[];
  /** Identifies the filter a cursor belongs to; a cursor from another listing is refused. */
  fingerprint: string;
};

export type ListingPage = {
  edges: { cursor: string; node: CaseRecord }[];
  hasNextPage: boolean;
};

const cursorSchema = z.object({
  f: z.string(),
  p: z.number().int().min(0),
  k: z.record(z.string(), z.string()),
});
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** Parses and checks a cursor against the plan it must belong to. */
export function decodeCursor(raw: string, plan: ListingPlan): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new InvalidCursorError();
  const c = result.data;
  const part = plan.partitions[c.p];
  if (c.f !== plan.fingerprint || !part) throw new InvalidCursorError();
  const ix = tableDefinition.indexes[part.index];
  const expected = [tableDefinition.partitionKey.name, tableDefinition.sortKey.name, ix.partitionKey.name, ix.sortKey.name];
  const got = Object.keys(c.k).sort();
  if (got.join() !== [...expected].sort().join() || c.k[ix.partitionKey.name] !== part.partitionValue) {
    throw new InvalidCursorError();
  }
  return c;
}

export class CaseListing {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Reads `first` cases following the plan. Each Query asks for at most what the page
   * still needs (+1 to learn whether more follow), so pages are never short while items remain.
   */
  async page(plan: ListingPlan, first: number, after: string | null | undefined): Promise<ListingPage> {
    const start = after ? decodeCursor(after, plan) : null;
    const edges: ListingPage['edges'] = [];
    let p = start?.p ?? 0;
    let startKey: Record<string, unknown> | undefined = start?.k;
    while (p < plan.partitions.length) {
      const part = plan.partitions[p]!;
      const ix = tableDefinition.indexes[part.index];
      const want = first + 1 - edges.length;
      const names: Record<string, string> = { '#pk': ix.partitionKey.name };
      const values: Record<string, unknown> = { ':pk': part.partitionValue };
      let cond = '#pk = :pk';
      if (part.sortFrom !== undefined || part.sortTo !== undefined) {
        names['#sk'] = ix.sortKey.name;
        if (part.sortFrom !== undefined && part.sortTo !== undefined) {
          cond += ' AND #sk BETWEEN :from AND :to';
          values[':from'] = part.sortFrom;
          values[':to'] = part.sortTo;
        } else if (part.sortFrom !== undefined) {
          cond += ' AND #sk >= :from';
          values[':from'] = part.sortFrom;
        } else {
          cond += ' AND #sk <= :to';
          values[':to'] = part.sortTo;
        }
      }
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ix.indexName,
          KeyConditionExpression: cond,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: part.ascending,
          ExclusiveStartKey: startKey,
          Limit: want,
        }),
      );
      for (const item of res.Items ?? []) {
        if (edges.length === first) return { edges, hasNextPage: true };
        edges.push({ cursor: encodeCursor({ f: plan.fingerprint, p, k: keyOf(item, part.index) }), node: toCaseRecord(item) });
      }
      if (res.LastEvaluatedKey) {
        startKey = res.LastEvaluatedKey;
        continue;
      }
      p += 1;
      startKey = undefined;
    }
    return { edges, hasNextPage: false };
  }
}

function keyOf(item: Record<string, unknown>, index: IndexName): Record<string, string> {
  const ix = tableDefinition.indexes[index];
  const names = [tableDefinition.partitionKey.name, tableDefinition.sortKey.name, ix.partitionKey.name, ix.sortKey.name];
  return Object.fromEntries(names.map((n) => [n, String(item[n])]));
}
