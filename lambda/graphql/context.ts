import type { Caller } from '../auth/caller';
import type { BusinessMetrics, CoreContext } from '../core';
import type { PlanContact } from '../core/notices/lines-of-business';
import type { DeterminationRecord } from '../core/model/determination';
import type { Stores } from '../store';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver receives: built fresh per request, so loaders never leak between callers. */
export type RequestContext = {
  caller: Caller;
  stores: Stores;
  loaders: Loaders;
  now: () => Date;
  correlationId: string;
  /** The same request as the core sees it: case reads go through this request's loaders. */
  core: CoreContext;
};

export function createRequestContext(args: {
  caller: Caller;
  stores: Stores;
  now: () => Date;
  correlationId: string;
  metrics?: BusinessMetrics;
  plan?: PlanContact;
}): RequestContext {
  const loaders = createLoaders(args.stores);
  const { cases } = args.stores;
  const core: CoreContext = {
    actor: args.caller,
    clock: args.now,
    correlationId: args.correlationId,
    repos: {
      ...args.stores,
      // Collections through the request's loader (batched, read once); single reads and writes direct.
      cases: {
        getCase: (id) => cases.getCase(id),
        getCollection: (id) => loaders.caseCollection.load(id),
        commit: (change) => cases.commit(change),
        commitMany: (changes) => cases.commitMany(changes),
        caseIdForAuthorization: (number) => cases.caseIdForAuthorization(number),
        findByMember: (search, limit) => cases.findByMember(search, limit),
      },
      determinations: {
        getMany: async (ids) => {
          const out = new Map<string, DeterminationRecord>();
          for (const d of await loaders.determination.loadMany(ids)) {
            if (d instanceof Error) throw d;
            if (d) out.set(d.id, d);
          }
          return out;
        },
      },
    },
    ...(args.metrics ? { metrics: args.metrics } : {}),
    ...(args.plan ? { plan: args.plan } : {}),
  };
  return { caller: args.caller, stores: args.stores, loaders, now: args.now, correlationId: args.correlationId, core };
}
