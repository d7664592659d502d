// validateFacts: checks clinicalFacts against the policy's fact schema with
// the validator compiled by compilePolicy (see fact-validator.ts).
import { RUNTIME, type CompiledPolicy } from './compile';
import type { FactValidationResult } from './types';

/**
 * Errors name the field inside clinicalFacts; callers prefix the input field name.
 * `receivedOn` (YYYY-MM-DD): the day the case is received; an observation date (fact
 * schema `"x-observation": true`) after it is FACT_OUT_OF_RANGE.
 */
export function validateFacts(policy: CompiledPolicy, facts: unknown, options?: { receivedOn?: string }): FactValidationResult {
  return policy[RUNTIME].validateFacts(facts, options);
}
