import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { CaseListingRepository, ListingResult } from '../core/ports';
import type { ListingFilter, ListingPage, ListingPlan } from '../core/listing/plan';
import { listingKey, tableDefinition, type IndexName } from './table';
import { toCaseRecord } from './cases';
import { InvalidCursorError } from './errors';

/** One index partition to read (a plan's partition resolved to keys), with an optional sort-key range. */
type ListingPartition = ReturnType<typeof listingKey> & { ascending: boolean };

const resolve = (plan: ListingPlan): ListingPartition[] => plan.partitions.map((p) => ({ ...listingKey(p), ascending: p.ascending }));

type Key = Record<string, string>;
// DynamoDB refuses empty key values and keys over 1 KB (a ValidationException, not a page).
const keySchema = z.record(z.string(), z.string().check(z.minLength(1), z.maxLength(1024)));
const cursorSchema = z.union([
  z.object({ f: z.string(), p: z.int().check(z.gte(0)), k: z.nullable(keySchema) }),
  z.object({ f: z.string(), m: z.array(z.union([keySchema, z.literal('done'), z.null()])) }),
]);
type Cursor = z.infer<typeof cursorSchema>;
type MergeState = (Key | 'done' | null)[];

const fingerprintOf = (plan: ListingPlan) => hash(plan.fingerprint);

function hash(s: string): string {
  // FNV-1a: cursors only need to tell listings apart, not resist forgery (keys are re-checked).
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function keyNames(index: IndexName): string[] {
  const ix = tableDefinition.indexes[index];
  return [tableDefinition.partitionKey.name, tableDefinition.sortKey.name, ix.partitionKey.name, ix.sortKey.name];
}

function validKey(k: Key, part: ListingPartition): boolean {
  const names = keyNames(part.index);
  const got = Object.keys(k).sort();
  const ix = tableDefinition.indexes[part.index];
  if (got.join() !== [...names].sort().join() || k[ix.partitionKey.name] !== part.partitionValue) return false;
  // A start key outside the query's sort range is refused by DynamoDB: check it here.
  const sort = k[ix.sortKey.name]!;
  return (part.sortFrom === undefined || sort >= part.sortFrom) && (part.sortTo === undefined || sort <= part.sortTo);
}

/** Parses and checks a cursor against the plan it must belong to. */
export function decodeCursor(raw: string, plan: ListingPlan, partitions: ListingPartition[] = resolve(plan)): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidCursorError({ cause });
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.f !== fingerprintOf(plan)) throw new InvalidCursorError();
  const c = result.data;
  if ('p' in c) {
    const part = partitions[c.p];
    if (plan.mode !== 'sequence' || !part || (c.k && !validKey(c.k, part))) throw new InvalidCursorError();
  } else {
    if (plan.mode !== 'merge' || c.m.length !== plan.partitions.length) throw new InvalidCursorError();
    c.m.forEach((k, i) => {
      if (k && k !== 'done' && !validKey(k, partitions[i]!)) throw new InvalidCursorError();
    });
  }
  return c;
}

type Fetched = { items: Record<string, unknown>[]; exhausted: boolean };

export class CaseListing implements CaseListingRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(plan: ListingPlan, first: number, after: string | null | undefined): Promise<ListingResult> {
    const partitions = resolve(plan);
    let cursor: Cursor | null = null;
    if (after) {
      try {
        cursor = decodeCursor(after, plan, partitions);
      } catch (err) {
        if (err instanceof InvalidCursorError) return { ok: false, reason: 'INVALID_CURSOR' };
        throw err;
      }
    }
    const page =
      plan.mode === 'merge'
        ? await this.mergePage(plan, partitions, first, cursor && 'm' in cursor ? cursor.m : partitions.map(() => null))
        : await this.sequencePage(plan, partitions, first, cursor && 'p' in cursor ? cursor : null);
    return { ok: true, page };
  }

  private async sequencePage(plan: ListingPlan, partitions: ListingPartition[], first: number, start: { p: number; k: Key | null } | null): Promise<ListingPage> {
    const f = fingerprintOf(plan);
    const edges: ListingPage['edges'] = [];
    let p = start?.p ?? 0;
    let startKey: Key | null = start?.k ?? null;
    while (p < partitions.length) {
      const part = partitions[p]!;
      const got = await this.fetch(part, plan.filter, startKey, first + 1 - edges.length);
      for (const item of got.items) {
        if (edges.length === first) return { edges, hasNextPage: true };
        edges.push({ cursor: encodeCursor({ f, p, k: keyOf(item, part.index) }), node: toCaseRecord(item) });
      }
      p += 1;
      startKey = null;
    }
    return { edges, hasNextPage: false };
  }

  private async mergePage(plan: ListingPlan, partitions: ListingPartition[], first: number, state: MergeState): Promise<ListingPage> {
    const f = fingerprintOf(plan);
    const fetched = await Promise.all(
      partitions.map((part, i) =>
        state[i] === 'done' ? Promise.resolve({ items: [], exhausted: true }) : this.fetch(part, plan.filter, state[i] as Key | null, first + 1),
      ),
    );
    const sortName = (i: number) => tableDefinition.indexes[partitions[i]!.index].sortKey.name;
    const queue = fetched.flatMap((got, i) => got.items.map((item, j) => ({ item, i, last: got.exhausted && j === got.items.length - 1 })));
    queue.sort((a, b) => {
      const x = String(a.item[sortName(a.i)]);
      const y = String(b.item[sortName(b.i)]);
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    });
    const current: MergeState = state.map((s, i) => (s === 'done' || (fetched[i]!.exhausted && fetched[i]!.items.length === 0) ? 'done' : s));
    const edges: ListingPage['edges'] = [];
    for (const entry of queue.slice(0, first)) {
      current[entry.i] = entry.last ? 'done' : keyOf(entry.item, partitions[entry.i]!.index);
      edges.push({ cursor: encodeCursor({ f, m: [...current] }), node: toCaseRecord(entry.item) });
    }
    return { edges, hasNextPage: queue.length > first };
  }

  /**
   * Reads up to `want` matching items of one partition after `startKey`. With a residual
   * filter it keeps reading until it has them or the partition ends, so pages are full.
   */
  private async fetch(part: ListingPartition, filter: ListingFilter, startKey: Key | null, want: number): Promise<Fetched> {
    const ix = tableDefinition.indexes[part.index];
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
    const filterExpression = buildFilter(filter, names, values);
    const items: Record<string, unknown>[] = [];
    let exclusiveStart: Record<string, unknown> | undefined = startKey ?? undefined;
    for (;;) {
      const res = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ix.indexName,
          KeyConditionExpression: cond,
          FilterExpression: filterExpression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: part.ascending,
          ExclusiveStartKey: exclusiveStart,
          // Without a filter, read exactly what is needed; with one, read ahead a little.
          Limit: filterExpression ? Math.max(want * 2, 50) : want,
        }),
      );
      for (const item of res.Items ?? []) {
        if (items.length < want) items.push(item);
      }
      if (items.length >= want) return { items, exhausted: false };
      if (!res.LastEvaluatedKey) return { items, exhausted: true };
      exclusiveStart = res.LastEvaluatedKey;
    }
  }
}

function buildFilter(f: ListingFilter, names: Record<string, string>, values: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  if (f.statuses) {
    names['#status'] = 'status';
    parts.push(`#status IN (${f.statuses.map((s, i) => ((values[`:st${i}`] = s), `:st${i}`)).join(', ')})`);
  }
  if (f.cptCode) {
    names['#rs'] = 'requestedService';
    names['#cpt'] = 'cptCode';
    values[':cpt'] = f.cptCode;
    parts.push('#rs.#cpt = :cpt');
  }
  if (f.urgency) {
    names['#urgency'] = 'urgency';
    values[':urgency'] = f.urgency;
    parts.push('#urgency = :urgency');
  }
  if (f.receivedFrom || f.receivedTo) names['#receivedAt'] = 'receivedAt';
  if (f.receivedFrom) {
    values[':rf'] = f.receivedFrom;
    parts.push('#receivedAt >= :rf');
  }
  if (f.receivedTo) {
    values[':rt'] = f.receivedTo;
    parts.push('#receivedAt <= :rt');
  }
  if (f.queueDueBefore) {
    names['#queue'] = tableDefinition.indexes.byStatus.sortKey.name;
    values[':due'] = f.queueDueBefore;
    parts.push('#queue < :due');
  }
  return parts.length ? parts.join(' AND ') : undefined;
}

function keyOf(item: Record<string, unknown>, index: IndexName): Key {
  return Object.fromEntries(keyNames(index).map((n) => [n, String(item[n])]));
}
