import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Repositories } from '../core/ports';
import { CaseStore } from './cases';
import { CaseListing } from './case-listing';
import { DeterminationStore } from './determinations';
import { PolicyStore } from './policies';
import { StatsStore } from './stats';

/** The repositories of one table (the core's ports), shared by all requests of a Lambda container. */
export type Stores = Repositories & {
  cases: CaseStore;
  determinations: DeterminationStore;
  listing: CaseListing;
  policies: PolicyStore;
  stats: StatsStore;
};

export function createStores(db: DynamoDBDocumentClient, tableName: string): Stores {
  return {
    cases: new CaseStore(db, tableName),
    determinations: new DeterminationStore(db, tableName),
    listing: new CaseListing(db, tableName),
    policies: new PolicyStore(db, tableName),
    stats: new StatsStore(db, tableName),
  };
}
