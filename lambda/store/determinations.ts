import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseDeterminationId, type DeterminationRecord } from '../core/model/determination';
import type { DeterminationRepository } from '../core/ports';
import { StoreError } from './errors';
import { keys } from './table';
import { toDeterminationRecord } from './cases';

const MAX_KEYS = 100;

/** Batched determination reads: at most 100 keys a call; UnprocessedKeys retried with backoff, never dropped. */
export class DeterminationStore implements DeterminationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getMany(ids: readonly string[]): Promise<Map<string, DeterminationRecord>> {
    const out = new Map<string, DeterminationRecord>();
    const keyList = ids.flatMap((id) => {
      const p = parseDeterminationId(id);
      return p ? [keys.determination(p.caseId, p.version)] : [];
    });
    for (let i = 0; i < keyList.length; i += MAX_KEYS) {
      let pending: Record<string, unknown>[] = keyList.slice(i, i + MAX_KEYS);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random()));
        if (attempt > 8) throw new StoreError('BatchGetItem kept returning unprocessed keys');
        const res = await this.db.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
        for (const item of res.Responses?.[this.tableName] ?? []) {
          if (item.type !== 'DETERMINATION') continue;
          const d = toDeterminationRecord(item);
          out.set(d.id, d);
        }
        pending = (res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    return out;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
