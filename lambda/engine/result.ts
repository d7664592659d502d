// The one result shape of the engine, the core and the doors: a value, or at least one error.
// Declared here because the engine needs it (fact validation); the core narrows the error to
// its catalogue's (lambda/core/errors/failure.ts), the FHIR door to its issues.

export type NonEmpty<E> = [E, ...E[]];
export type Ok<T> = { ok: true; value: T };
export type Failed<E> = { ok: false; errors: NonEmpty<E> };
export type Result<T, E> = Ok<T> | Failed<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

/** True when a non-empty list (the shape `Failed.errors` needs). */
export const nonEmpty = <T>(xs: T[]): xs is NonEmpty<T> => xs.length > 0;

/** A failure from errors known to be there (a zod error's issues, a list checked non-empty). */
export function failed<E>(errors: readonly E[]): Failed<E> {
  const [first, ...rest] = errors;
  if (first === undefined) throw new Error('a failure without errors');
  return { ok: false, errors: [first, ...rest] };
}
