// The fact schema is standard JSON Schema (draft 2020-12), restricted to a
// small declarative subset: type, title, description, properties, required,
// additionalProperties: false, items, enum, format: date, min/max(imum),
// exclusiveMin/Max, minItems/maxItems, minLength/maxLength. Any client can
// validate against it with an off-the-shelf validator; the engine compiles it
// into closures (see fact-validator.ts) and derives CEL types from it.
// Display texts for notices: every fact has a `title`, every enum value a
// title in the annotation `"x-enumTitles": {"VALUE": "plain words"}`
// (an `x-` keyword, ignored by standard validators); a date that records an
// observation carries `"x-observation": true` (see StringNode). Bounds (LIMITS): depth,
// list maxItems and text maxLength are required, so every fact is bounded.
import type { PolicyIssue } from './errors';
import { LIMITS } from './limits';
import { isSafePolicyUri } from './uri';

interface NodeBase {
  title: string | undefined;
}
export interface ObjectNode extends NodeBase {
  kind: 'object';
  /** In schema order: drives evidence order and deterministic errors. */
  properties: Map<string, FactNode>;
  required: string[];
}
export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: FactNode;
  minItems: number | undefined;
  maxItems: number | undefined;
}
export interface StringNode extends NodeBase {
  kind: 'string';
  enum: string[] | undefined;
  format: 'date' | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  /** Display text per enum value (required for every value). */
  enumTitles: Map<string, string> | undefined;
  /**
   * `"x-observation": true` on a date: the day something was observed (a lab drawn, imaging
   * taken, an injection given, a quit date), which cannot lie after the day the case is
   * received. Planned dates (a surgery date) carry no marker.
   */
  observation: boolean;
}
export interface NumberNode extends NodeBase {
  kind: 'number' | 'integer';
  enum: number[] | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  enumTitles: Map<string, string> | undefined;
}
export interface BooleanNode extends NodeBase {
  kind: 'boolean';
}
export type FactNode = ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode;

const COMMON = ['type', 'title', 'description', '$comment'];
const ALLOWED: Record<FactNode['kind'], string[]> = {
  object: [...COMMON, 'properties', 'required', 'additionalProperties'],
  array: [...COMMON, 'items', 'minItems', 'maxItems'],
  string: [...COMMON, 'enum', 'x-enumTitles', 'format', 'minLength', 'maxLength', 'x-observation'],
  number: [...COMMON, 'enum', 'x-enumTitles', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  integer: [...COMMON, 'enum', 'x-enumTitles', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  boolean: COMMON,
};
const ROOT_EXTRA = ['$schema', '$id'];
const KINDS = new Set(Object.keys(ALLOWED));

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a fact schema into a node tree, collecting every problem.
 * Returns null when there were issues.
 */
export function parseFactSchema(schema: Json, basePath: string[], issues: PolicyIssue[]): ObjectNode | null {
  const before = issues.length;
  const root = parseNode(schema, basePath, issues, 1, false);
  if (root && root.kind !== 'object') issues.push({ path: basePath, message: 'the fact schema must be of type "object"' });
  return issues.length === before && root?.kind === 'object' ? root : null;
}

/** Display text of enum values: `x-enumTitles` must title every value, and only those. */
function enumTitles(s: Json, values: readonly (string | number)[] | undefined, path: string[], issues: PolicyIssue[]): Map<string, string> | undefined {
  const t = s['x-enumTitles'];
  if (values === undefined) {
    if (t !== undefined) issues.push({ path: [...path, 'x-enumTitles'], message: '"x-enumTitles" needs an "enum"' });
    return undefined;
  }
  if (!isRecord(t)) {
    issues.push({ path: [...path, 'x-enumTitles'], message: 'every enum value needs a display text: add "x-enumTitles": {"VALUE": "plain words"}' });
    return undefined;
  }
  const out = new Map<string, string>();
  for (const v of values) {
    const title = t[String(v)];
    if (typeof title !== 'string' || !/\S/.test(title) || title.length > LIMITS.maxTextLength) {
      issues.push({ path: [...path, 'x-enumTitles', String(v)], message: `enum value "${String(v)}" needs a display text` });
    } else out.set(String(v), title);
  }
  for (const k of Object.keys(t)) {
    if (!values.map(String).includes(k)) issues.push({ path: [...path, 'x-enumTitles', k], message: `"${k}" is not an enum value` });
  }
  return out;
}

/**
 * Recursion is bounded: depth is checked before descending, so a schema
 * nested 3,000 deep is one issue, not a stack overflow. `titled`: this node
 * is a fact (a property) and needs a display `title`.
 */
function parseNode(s: unknown, path: string[], issues: PolicyIssue[], depth: number, titled: boolean): FactNode | null {
  const isRoot = depth === 1;
  const issue = (message: string, at: string[] = path) => {
    issues.push({ path: at, message });
    return null;
  };
  if (depth > LIMITS.maxFactSchemaDepth) return issue(`the fact schema is nested more than ${LIMITS.maxFactSchemaDepth} levels deep`);
  if (!isRecord(s)) return issue('must be a JSON Schema object');
  const kind = s['type'];
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    return issue('"type" must be one of object, array, string, number, integer, boolean');
  }
  const k = kind as FactNode['kind'];
  const allowed = isRoot ? [...ALLOWED[k], ...ROOT_EXTRA] : ALLOWED[k];
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) issue(`keyword "${key}" is not supported for type "${k}"`, [...path, key]);
  }
  // The root's $schema / $id are URLs: https: or urn: only, like every URL of a policy.
  for (const key of isRoot ? ROOT_EXTRA : []) {
    const v = s[key];
    if (v !== undefined && (typeof v !== 'string' || v.length > 200 || !isSafePolicyUri(v))) issue('must be an https: URL or a urn:', [...path, key]);
  }
  const title = optString(s, 'title', path, issues);
  optString(s, 'description', path, issues);
  if (titled && (title === undefined || !/\S/.test(title))) issue('every fact needs a display text: add a "title" in plain words', [...path, 'title']);
  if (title !== undefined && title.length > LIMITS.maxTextLength) issue(`"title" is longer than ${LIMITS.maxTextLength} characters`, [...path, 'title']);

  switch (k) {
    case 'object': {
      if (s['additionalProperties'] !== false) {
        issue('"additionalProperties" must be false so unknown facts are rejected', [...path, 'additionalProperties']);
      }
      const props = s['properties'];
      const properties = new Map<string, FactNode>();
      if (!isRecord(props)) issue('"properties" must be an object', [...path, 'properties']);
      else if (Object.keys(props).length > LIMITS.maxFactProperties) issue(`at most ${LIMITS.maxFactProperties} properties`, [...path, 'properties']);
      else {
        for (const [name, child] of Object.entries(props)) {
          if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || name.length > 100 || name === 'constructor' || name === 'prototype') {
            issue('property names must be alphanumeric identifiers', [...path, 'properties', name]);
            continue;
          }
          const node = parseNode(child, [...path, 'properties', name], issues, depth + 1, true);
          if (node) properties.set(name, node);
        }
      }
      const req = s['required'] ?? [];
      const required: string[] = [];
      if (!Array.isArray(req) || !req.every((r): r is string => typeof r === 'string')) {
        issue('"required" must be a list of property names', [...path, 'required']);
      } else {
        for (const r of req) {
          if (!isRecord(props) || !Object.prototype.hasOwnProperty.call(props, r)) issue(`required property "${r}" is not defined`, [...path, 'required']);
          else if (!required.includes(r)) required.push(r);
        }
      }
      return { kind: 'object', title, properties, required };
    }
    case 'array': {
      const items = parseNode(s['items'], [...path, 'items'], issues, depth + 1, false);
      const minItems = optCount(s, 'minItems', path, issues);
      const maxItems = optCount(s, 'maxItems', path, issues);
      if (maxItems === undefined || maxItems > LIMITS.maxFactListItems) {
        issue(`a list needs "maxItems" of at most ${LIMITS.maxFactListItems}`, [...path, 'maxItems']);
      }
      if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) issue('"minItems" exceeds "maxItems"');
      return items ? { kind: 'array', title, items, minItems, maxItems } : null;
    }
    case 'string': {
      const en = s['enum'];
      const enumOk = Array.isArray(en) && en.length > 0 && en.length <= LIMITS.maxEnumValues && en.every((e) => typeof e === 'string' && e.length <= LIMITS.maxIdLength);
      if (en !== undefined && !enumOk) {
        issue(`"enum" must be a non-empty list of at most ${LIMITS.maxEnumValues} strings`, [...path, 'enum']);
      }
      const format = s['format'];
      if (format !== undefined && format !== 'date') issue('only format "date" is supported', [...path, 'format']);
      const minLength = optCount(s, 'minLength', path, issues);
      const maxLength = optCount(s, 'maxLength', path, issues);
      if (!enumOk && format !== 'date' && (maxLength === undefined || maxLength > LIMITS.maxFactStringLength)) {
        issue(`free text needs "maxLength" of at most ${LIMITS.maxFactStringLength}`, [...path, 'maxLength']);
      }
      const titles = enumTitles(s, enumOk ? (en as string[]) : undefined, path, issues);
      const observation = s['x-observation'];
      if (observation !== undefined && typeof observation !== 'boolean') issue('"x-observation" must be true or false', [...path, 'x-observation']);
      if (observation === true && format !== 'date') issue('"x-observation" marks a date: it needs "format": "date"', [...path, 'x-observation']);
      if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) issue('"minLength" exceeds "maxLength"');
      return {
        kind: 'string',
        title,
        enum: Array.isArray(en) ? (en as string[]) : undefined,
        format: format === 'date' ? 'date' : undefined,
        minLength,
        maxLength,
        enumTitles: titles,
        observation: observation === true,
      };
    }
    case 'number':
    case 'integer': {
      const en = s['enum'];
      const numEnumOk = Array.isArray(en) && en.length > 0 && en.length <= LIMITS.maxEnumValues && en.every((e) => typeof e === 'number');
      if (en !== undefined && !numEnumOk) {
        issue(`"enum" must be a non-empty list of at most ${LIMITS.maxEnumValues} numbers`, [...path, 'enum']);
      }
      const numTitles = enumTitles(s, numEnumOk ? en : undefined, path, issues);
      const minimum = optNumber(s, 'minimum', path, issues);
      const maximum = optNumber(s, 'maximum', path, issues);
      if (minimum !== undefined && maximum !== undefined && minimum > maximum) issue('"minimum" exceeds "maximum"');
      return {
        kind: k,
        title,
        enum: Array.isArray(en) ? (en as number[]) : undefined,
        minimum,
        maximum,
        exclusiveMinimum: optNumber(s, 'exclusiveMinimum', path, issues),
        exclusiveMaximum: optNumber(s, 'exclusiveMaximum', path, issues),
        enumTitles: numTitles,
      };
    }
    case 'boolean':
      return { kind: 'boolean', title };
  }
}

function optString(s: Json, key: string, path: string[], issues: PolicyIssue[]): string | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  issues.push({ path: [...path, key], message: `"${key}" must be a string` });
  return undefined;
}

function optNumber(s: Json, key: string, path: string[], issues: PolicyIssue[]): number | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  issues.push({ path: [...path, key], message: `"${key}" must be a finite number` });
  return undefined;
}

function optCount(s: Json, key: string, path: string[], issues: PolicyIssue[]): number | undefined {
  const v = s[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  issues.push({ path: [...path, key], message: `"${key}" must be a non-negative integer` });
  return undefined;
}
