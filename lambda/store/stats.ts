import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import { dayCeiling, keys } from './table';
import type { StatsRepository } from '../core/ports';
import type { CounterItem } from '../core/analytics/stats';

export type StatsItem = CounterItem & { day: string };

/** Calendar months from..to inclusive (YYYY-MM). */
export function monthsBetween(fromDay: string, toDay: string): string[] {
  const out: string[] = [];
  let [y, m] = fromDay.split('-').map(Number) as [number, number];
  const [ty, tm] = toDay.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Reads the per-day counter items of a date range: one Query per month, however many cases. */
export class StatsStore implements StatsRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(fromDay: string, toDay: string): Promise<StatsItem[]> {
    const pages = await Promise.all(
      monthsBetween(fromDay, toDay).map(
        (month) =>
          queryAll(this.db, {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': keys.statsMonthPartition(month), ':from': fromDay, ':to': dayCeiling(toDay) },
          }) as Promise<StatsItem[]>,
      ),
    );
    return pages.flat();
  }
}
