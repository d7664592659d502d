/**
 * Per-request accounting of DynamoDB: requests (lambda/store/client.ts counts them into
 * `requestTally`) and the wall time during which at least one DynamoDB call was in
 * flight (parallel calls are not double-counted), measured by a middleware the bench adds
 * to a handler's document client. The handler runs inside the caller's
 * `requestTally.run(tally, ...)` (createHandler reuses a tally it finds), so the same
 * AsyncLocalStorage carries both figures through every await of the request; the minimal
 * handler does not know about it and is measured the same way.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requestTally, type RequestTally } from '../../lambda/store/client';

export type BenchTally = RequestTally & {
  /** DynamoDB calls seen by the timing middleware (the minimal handler has no tally middleware). */
  timedCalls: number;
  /** Wall time with at least one DynamoDB call in flight, in ms. */
  dynamoMs: number;
  inFlight: number;
  since: number;
};

export const newTally = (): BenchTally => ({ dynamoDbRequests: 0, timedCalls: 0, dynamoMs: 0, inFlight: 0, since: 0 });

const instrumented = new WeakSet<object>();
type Middleware = Parameters<DynamoDBDocumentClient['middlewareStack']['addRelativeTo']>[0];

/**
 * Adds the timing middleware (once per client) at the finalizeRequest step, first in it
 * (before the retry middleware): the window covers every attempt with its backoff,
 * signing, the HTTP exchange and the protocol's response parsing. Request serialization
 * (serialize step) and the document client's marshalling (initialize) stay outside:
 * they count as the handler's own time, as they would for any handler.
 */
export function instrumentDynamoTiming(db: DynamoDBDocumentClient): void {
  if (instrumented.has(db.middlewareStack)) return;
  instrumented.add(db.middlewareStack);
  db.middlewareStack.addRelativeTo(
    ((next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      const tally = requestTally.getStore() as Partial<BenchTally> | undefined;
      if (!tally || tally.inFlight === undefined) return next(args);
      const t = tally as BenchTally;
      t.timedCalls += 1;
      if (t.inFlight++ === 0) t.since = performance.now();
      try {
        return await next(args);
      } finally {
        if (--t.inFlight === 0) t.dynamoMs += performance.now() - t.since;
      }
    }) as unknown as Middleware,
    { relation: 'before', toMiddleware: 'retryMiddleware', name: 'benchDynamoTiming' },
  );
}

/** Runs `fn` with a fresh tally and returns its wall time and DynamoDB figures. */
export async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; tally: BenchTally }> {
  const tally = newTally();
  const t0 = performance.now();
  const result = await requestTally.run(tally, fn);
  return { result, ms: performance.now() - t0, tally };
}
