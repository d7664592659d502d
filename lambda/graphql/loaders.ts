import DataLoader from 'dataloader';
import type { CaseCollection } from '../core';
import type { DeterminationRecord } from '../core/model/determination';
import type { Stores } from '../store';

/**
 * Per-request loaders (GraphQL only: they batch the reads of one operation's field
 * resolvers): each case collection is queried at most once per request.
 */
export type Loaders = {
  caseCollection: DataLoader<string, CaseCollection | null>;
  /** By determination id (`<caseId>:<version>`), batched over BatchGetItem. */
  determination: DataLoader<string, DeterminationRecord | null>;
};

export function createLoaders(stores: Stores): Loaders {
  // Collections loaded in this request; a determination found there costs no request.
  const loaded = new Map<string, CaseCollection>();
  const caseCollection = new DataLoader<string, CaseCollection | null>((ids) =>
    Promise.all(
      ids.map(async (id) => {
        const c = await stores.cases.getCollection(id);
        if (c) loaded.set(id, c);
        return c;
      }),
    ),
  );
  const prime = caseCollection.prime.bind(caseCollection);
  caseCollection.prime = (key, value) => {
    if (value && !(value instanceof Error) && !('then' in value)) loaded.set(key, value);
    return prime(key, value);
  };
  const clear = caseCollection.clear.bind(caseCollection);
  caseCollection.clear = (key) => {
    loaded.delete(key);
    return clear(key);
  };
  const determination = new DataLoader<string, DeterminationRecord | null>(async (ids) => {
    const out = new Map<string, DeterminationRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = loaded.get(id.slice(0, id.lastIndexOf(':')))?.determinations.find((d) => d.id === id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length) for (const [id, d] of await stores.determinations.getMany(missing)) out.set(id, d);
    return ids.map((id) => out.get(id) ?? null);
  });
  return { caseCollection, determination };
}
