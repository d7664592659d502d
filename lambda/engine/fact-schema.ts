// The fact schema is standard JSON Schema (draft 2020-12), restricted to a
// small declarative subset: type, title, description, properties, required,
// additionalProperties: false, items, enum, format: date, min/max(imum),
// exclusiveMin/Max, minItems/maxItems, minLength/maxLength. Any client can
// validate against it with an off-the-shelf validator; the engine compiles it
// into closures (see fact-validator.ts) and derives CEL types from it.
import type { PolicyIssue } from './errors';

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
}
export interface NumberNode extends NodeBase {
  kind: 'number' | 'integer';
  enum: number[] | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
}
export interface BooleanNode extends NodeBase {
  kind: 'boolean';
}
export type FactNode = ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode;

const COMMON = ['type', 'title', 'description', '$comment'];
const ALLOWED: Record<FactNode['kind'], string[]> = {
  object: [...COMMON, 'properties', 'required', 'additionalProperties'],
  array: [...COMMON, 'items', 'minItems', 'maxItems'],
  string: [...COMMON, 'enum', 'format', 'minLength', 'maxLength'],
  number: [...COMMON, 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  integer: [...COMMON, 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
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
  const root = parseNode(schema, basePath, issues, true);
  if (root && root.kind !== 'object') issues.push({ path: basePath, message: 'the fact schema must be of type "object"' });
  return issues.length === before && root?.kind === 'object' ? root : null;
}

function parseNode(s: unknown, path: string[], issues: PolicyIssue[], isRoot = false): FactNode | null {
  const issue = (message: string, at: string[] = path) => {
    issues.push({ path: at, message });
    return null;
  };
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
  const title = optString(s, 'title', path, issues);
  optString(s, 'description', path, issues);

  switch (k) {
    case 'object': {
      if (s['additionalProperties'] !== false) {
        issue('"additionalProperties" must be false so unknown facts are rejected', [...path, 'additionalProperties']);
      }
      const props = s['properties'];
      const properties = new Map<string, FactNode>();
      if (!isRecord(props)) issue('"properties" must be an object', [...path, 'properties']);
      else {
        for (const [name, child] of Object.entries(props)) {
          if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
            issue('property names must be alphanumeric identifiers', [...path, 'properties', name]);
            continue;
          }
          const node = parseNode(child, [...path, 'properties', name], issues);
          if (node) properties.set(name, node);
        }
      }
      const req = s['required'] ?? [];
      const required: string[] = [];
      if (!Array.isArray(req) || !req.every((r): r is string => typeof r === 'string')) {
        issue('"required" must be a list of property names', [...path, 'required']);
      } else {
        for (const r of req) {
          if (!isRecord(props) || !(r in props)) issue(`required property "${r}" is not defined`, [...path, 'required']);
          else if (!required.includes(r)) required.push(r);
        }
      }
      return { kind: 'object', title, properties, required };
    }
    case 'array': {
      const items = parseNode(s['items'], [...path, 'items'], issues);
      const minItems = optCount(s, 'minItems', path, issues);
      const maxItems = optCount(s, 'maxItems', path, issues);
      if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) issue('"minItems" exceeds "maxItems"');
      return items ? { kind: 'array', title, items, minItems, maxItems } : null;
    }
    case 'string': {
      const en = s['enum'];
      if (en !== undefined && (!Array.isArray(en) || en.length === 0 || !en.every((e) => typeof e === 'string'))) {
        issue('"enum" must be a non-empty list of strings', [...path, 'enum']);
      }
      const format = s['format'];
      if (format !== undefined && format !== 'date') issue('only format "date" is supported', [...path, 'format']);
      const minLength = optCount(s, 'minLength', path, issues);
      const maxLength = optCount(s, 'maxLength', path, issues);
      if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) issue('"minLength" exceeds "maxLength"');
      return {
        kind: 'string',
        title,
        enum: Array.isArray(en) ? (en as string[]) : undefined,
        format: format === 'date' ? 'date' : undefined,
        minLength,
        maxLength,
      };
    }
    case 'number':
    case 'integer': {
      const en = s['enum'];
      if (en !== undefined && (!Array.isArray(en) || en.length === 0 || !en.every((e) => typeof e === 'number'))) {
        issue('"enum" must be a non-empty list of numbers', [...path, 'enum']);
      }
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
