import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ValidationRule } from 'graphql';
import { armorReporting } from './limit-refusal';

/** Directives accepted per operation, fragments included. */
export const MAX_DIRECTIVES = 20;

/** Refuses directive overloading (`@a@a@a...`: one validation error each otherwise). */
export function maxDirectives(max = MAX_DIRECTIVES): ValidationRule {
  return maxDirectivesRule({ n: max, ...armorReporting('MAX_DIRECTIVES') });
}
