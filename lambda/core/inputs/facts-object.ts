import * as z from 'zod/mini';

/**
 * A `clinicalFacts` object, passed through as the client sent it. z.record would copy it key by
 * key, and assigning a `__proto__` key sets the copy's prototype instead: the key would vanish
 * before the engine's fact validation could refuse it (UNKNOWN_FACT). The engine validates
 * every key and value of this object against the policy's fact schema.
 */
export const factsObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected an object',
);
