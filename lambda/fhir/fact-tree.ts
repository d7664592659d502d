// A policy's fact schema (the JSON Schema subset the engine accepts) read as the tree the
// Questionnaire mapping walks. Kept separate from the engine's parser on purpose: the FHIR
// door takes the policy as plain data (id, version, title, factSchema) and depends on no
// engine internals. The schema has already passed the engine's checks when it gets here.

/** The pieces of a compiled policy the FHIR door needs (a port; the core fills it). */
export interface PolicyQuestionnaireSource {
  id: string;
  version: number;
  title: string;
  factSchema: Record<string, unknown>;
}

/** A JSON value as carried in clinicalFacts. */
export type FactJson = string | number | boolean | null | FactJson[] | { [key: string]: FactJson };
export type FactsJson = { [field: string]: FactJson };

interface Base {
  /** Dot-separated fact path: the Questionnaire item's linkId. */
  linkId: string;
  /** Display text: the schema's `title`, else the property name. */
  text: string;
  required: boolean;
}
export interface GroupNode extends Base {
  kind: 'group';
  repeats: boolean;
  maxItems: number | undefined;
  children: FactTreeNode[];
}
export type ScalarType = 'choice' | 'date' | 'string' | 'integer' | 'decimal' | 'boolean';
export interface ScalarNode extends Base {
  kind: 'scalar';
  type: ScalarType;
  repeats: boolean;
  maxItems: number | undefined;
  /** Enum values (choice: codes; integer: allowed integers) with display text. */
  options: { value: string | number; display: string }[] | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  maxLength: number | undefined;
}
export type FactTreeNode = GroupNode | ScalarNode;

export class FactSchemaShapeError extends Error {}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The root object's properties as Questionnaire nodes, in schema order. */
export function readFactTree(factSchema: Json): FactTreeNode[] {
  if (factSchema['type'] !== 'object') throw new FactSchemaShapeError('the fact schema must be of type "object"');
  return objectChildren(factSchema, '');
}

function objectChildren(schema: Json, prefix: string): FactTreeNode[] {
  const props = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].filter((r): r is string => typeof r === 'string') : [];
  return Object.entries(props).map(([name, child]) => {
    if (!isRecord(child)) throw new FactSchemaShapeError(`property "${name}" is not a schema`);
    return node(child, prefix ? `${prefix}.${name}` : name, name, required.includes(name));
  });
}

function node(s: Json, linkId: string, name: string, required: boolean): FactTreeNode {
  const text = typeof s['title'] === 'string' && s['title'].trim() !== '' ? s['title'] : name;
  switch (s['type']) {
    case 'object':
      return { kind: 'group', linkId, text, required, repeats: false, maxItems: undefined, children: objectChildren(s, linkId) };
    case 'array': {
      const items = s['items'];
      if (!isRecord(items)) throw new FactSchemaShapeError(`list "${linkId}" has no item schema`);
      const maxItems = num(s['maxItems']);
      if (items['type'] === 'array') throw new FactSchemaShapeError(`list "${linkId}" is a list of lists, which a Questionnaire cannot carry`);
      if (items['type'] === 'object') {
        return { kind: 'group', linkId, text, required, repeats: true, maxItems, children: objectChildren(items, linkId) };
      }
      // A list of scalars: one repeating item; the list's title, the element's constraints.
      return { ...scalar(items, linkId, text, required), repeats: true, maxItems };
    }
    default:
      return scalar(s, linkId, text, required);
  }
}

function scalar(s: Json, linkId: string, text: string, required: boolean): ScalarNode {
  const base = { kind: 'scalar' as const, linkId, text, required, repeats: false, maxItems: undefined };
  const bounds = { minimum: num(s['minimum']), maximum: num(s['maximum']), maxLength: undefined, options: undefined };
  const en = Array.isArray(s['enum']) ? s['enum'] : undefined;
  switch (s['type']) {
    case 'string': {
      if (en) {
        // Display texts: `x-enumTitles` ({ VALUE: "text" }) when the policy gives them, else the code.
        const titles = isRecord(s['x-enumTitles']) ? s['x-enumTitles'] : {};
        const options = en
          .filter((v): v is string => typeof v === 'string')
          .map((value) => ({ value, display: typeof titles[value] === 'string' ? (titles[value]) : value }));
        return { ...base, ...bounds, type: 'choice', options, minimum: undefined, maximum: undefined };
      }
      const type = s['format'] === 'date' ? 'date' : 'string';
      return { ...base, ...bounds, type, minimum: undefined, maximum: undefined, maxLength: num(s['maxLength']) };
    }
    case 'integer': {
      const options = en?.filter((v): v is number => typeof v === 'number').map((value) => ({ value, display: String(value) }));
      return { ...base, ...bounds, type: 'integer', options };
    }
    case 'number':
      return { ...base, ...bounds, type: 'decimal' };
    case 'boolean':
      return { ...base, ...bounds, type: 'boolean', minimum: undefined, maximum: undefined };
    default:
      throw new FactSchemaShapeError(`fact "${linkId}" has an unsupported type`);
  }
}

/** The answer[x] element a scalar node's answers use. */
export const answerKey = (t: ScalarType) =>
  (
    ({
      choice: 'valueCoding',
      date: 'valueDate',
      string: 'valueString',
      integer: 'valueInteger',
      decimal: 'valueDecimal',
      boolean: 'valueBoolean',
    }) as const
  )[t];
