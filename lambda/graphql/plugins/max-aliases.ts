import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { ValidationRule } from 'graphql';
import { armorReporting } from './limit-refusal';

/** Aliases accepted per operation, fragments included (`__typename` aliases are free). */
export const MAX_ALIASES = 30;

/** Refuses alias batching (the same expensive field requested many times under aliases). */
export function maxAliases(max = MAX_ALIASES): ValidationRule {
  return maxAliasesRule({ n: max, allowList: ['__typename'], ...armorReporting('MAX_ALIASES') });
}
