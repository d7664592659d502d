import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CaseStore } from './cases';
import { CaseListing } from './case-listing';
import { TableMetaStore } from './meta';

/** The repositories of one table, shared by all requests of a Lambda container. */
export type Stores = {
  cases: CaseStore;
  listing: CaseListing;
  meta: TableMetaStore;
};

export function createStores(db: DynamoDBDocumentClient, tableName: string): Stores {
  return {
    cases: new CaseStore(db, tableName),
    listing: new CaseListing(db, tableName),
    meta: new TableMetaStore(db, tableName),
  };
}
