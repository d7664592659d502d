// validateFacts: checks clinicalFacts against the policy's fact schema with
// the validator compiled by compilePolicy (see fact-validator.ts).
import { RUNTIME, type CompiledPolicy } from './compile';
import type { FactValidationResult } from './types';

/** Errors name the field inside clinicalFacts; callers prefix the input field name. */
export function validateFacts(policy: CompiledPolicy, facts: unknown): FactValidationResult {
  return policy[RUNTIME].validateFacts(facts);
}
