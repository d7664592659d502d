import type { Caller } from './auth/caller';
import type { Stores } from './store';
import { createLoaders, type Loaders } from './store/loaders';

/** What every resolver receives: built fresh per request, so loaders never leak between callers. */
export type RequestContext = {
  caller: Caller;
  stores: Stores;
  loaders: Loaders;
  now: () => Date;
  correlationId: string;
};

export function createRequestContext(args: {
  caller: Caller;
  stores: Stores;
  now: () => Date;
  correlationId: string;
}): RequestContext {
  return { ...args, loaders: createLoaders(args.stores) };
}
