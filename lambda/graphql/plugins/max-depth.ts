import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';
import { armorReporting } from './limit-refusal';

/** Deepest selection nesting accepted, fragments flattened (the depth of the response). */
export const MAX_DEPTH = 12;

/**
 * Refuses documents nested deeper than `max`. `__schema` (introspection, dev and local
 * only) is exempt: graphql-js's own MaxIntrospectionDepthRule already bounds its list
 * nesting, and the standard introspection query is 15 deep.
 */
export function maxDepth(max = MAX_DEPTH): ValidationRule {
  return maxDepthRule({ n: max, flattenFragments: true, ignoreIntrospection: true, ...armorReporting('MAX_DEPTH') });
}
