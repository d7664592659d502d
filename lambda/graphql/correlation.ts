import { randomUUID } from 'node:crypto';

const byFailure = new WeakMap<object, string>();

/**
 * The correlation id of a request that failed before it had a context (context creation
 * failed, the HTTP request was malformed or refused by CSRF prevention). Apollo hands the
 * plugins and `formatError` the same error object (or a GraphQLError wrapping it as
 * `originalError`), so the log line and the response share one id, minted on first use.
 */
export function correlationIdForFailure(error: unknown): string {
  const candidates = [error, (error as { originalError?: unknown } | null)?.originalError].filter(
    (e): e is object => typeof e === 'object' && e !== null,
  );
  for (const e of candidates) {
    const id = byFailure.get(e);
    if (id) return id;
  }
  const id = randomUUID();
  const key = candidates[candidates.length - 1];
  if (key) byFailure.set(key, id);
  return id;
}
