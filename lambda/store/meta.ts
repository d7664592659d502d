import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './table';

/**
 * The table's bootstrap month: listings that walk month partitions backwards stop
 * there. Cases are stamped with the server clock, so none can be older.
 */
export class TableMetaStore {
  private cached: string | null = null;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async firstMonth(): Promise<string> {
    if (this.cached) return this.cached;
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.tableMeta }));
    const month = typeof res.Item?.firstMonth === 'string' ? res.Item.firstMonth : null;
    if (!month) throw new Error('table is not bootstrapped (META item missing)');
    this.cached = month;
    return month;
  }

  /** Idempotent: keeps the first value ever written. */
  async ensure(firstMonth: string): Promise<void> {
    await this.db
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.tableMeta, type: 'META', firstMonth },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
      });
  }
}
