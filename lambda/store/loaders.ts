import DataLoader from 'dataloader';
import type { Stores } from './index';
import type { CaseCollection } from './cases';

/** Per-request loaders: each case collection is queried at most once per request. */
export type Loaders = {
  caseCollection: DataLoader<string, CaseCollection | null>;
};

export function createLoaders(stores: Stores): Loaders {
  return {
    caseCollection: new DataLoader((ids) => Promise.all(ids.map((id) => stores.cases.getCollection(id)))),
  };
}
