// Shared setup for the engine unit tests: the shipped SIJ policy, compiled
// once, and small helpers to evaluate facts against it.
import { expect } from 'vitest';
import {
  compilePolicy,
  evaluate,
  PolicyValidationError,
  type PolicyIssue,
  validateFacts,
  type Evaluation,
  type PolicyDocument,
  type RequestedLevelOfCare,
} from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';
import { outpatient } from './fixtures/sij-cases';

export const DATE = '2026-02-02';

const found = shippedPolicies.find((p) => p.id === 'sij-fusion');
if (!found) throw new Error('sij-fusion is not shipped');
export const sijDoc: PolicyDocument = found;
export const sij = compilePolicy(sijDoc);

/** Validates (must pass) and evaluates against the SIJ policy. */
export function run(facts: unknown, requested: RequestedLevelOfCare = outpatient): Evaluation {
  const v = validateFacts(sij, facts);
  if (!v.ok) throw new Error(`invalid test facts: ${JSON.stringify(v.errors)}`);
  return evaluate(sij, v.value, requested, DATE);
}

export function result(facts: unknown, criterionId: string) {
  const r = run(facts).criteriaResults.find((c) => c.criterionId === criterionId);
  if (!r) throw new Error(`no criterion ${criterionId}`);
  return r;
}

export const statusOf = (facts: unknown, criterionId: string): string => result(facts, criterionId).status;

/** The date `days` days before `date` (UTC calendar arithmetic, independent of the engine). */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** A deep, mutable copy of the shipped policy document for breaking it in tests. */
export function sijDocCopy(): Record<string, unknown> & { criteria: Record<string, unknown>[] } {
  return structuredClone(sijDoc) as unknown as Record<string, unknown> & { criteria: Record<string, unknown>[] };
}

/** The issues compilePolicy refuses a document with (the test fails if it compiles). */
export function issuesOf(doc: unknown): PolicyIssue[] {
  try {
    compilePolicy(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyValidationError);
    return (e as PolicyValidationError).issues;
  }
  throw new Error('expected compilePolicy to refuse the policy');
}
