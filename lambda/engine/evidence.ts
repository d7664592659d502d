// Evidence lines: the facts a criterion uses, spoken in the words of the
// policy's fact schema (titles and x-enumTitles), so a notice can quote them:
// "Diagnostic SI joint injection on 2025-11-12: fluoroscopic guidance, 80%
// pain relief, isolated to the SI joint; relief duration not documented".
// Never a field name or a raw enum value. Formatters are built once per
// policy; fact values are already validated.
import type { FactNode, ObjectNode } from './fact-schema';
import { NOT_DOCUMENTED } from './template';
import type { FactValue, Facts } from './types';

export type EvidenceFn = (facts: Facts, out: string[]) => void;
type Describe = (v: FactValue) => string;

const NONE = 'none documented';
/** A fact value as text, as String() writes it, but an object as JSON rather than "[object Object]". */
const textOf = (v: FactValue | undefined): string =>
  Array.isArray(v) ? v.map((x) => (x === null ? '' : textOf(x))).join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);

/** A title ending in a unit, "pain relief (%)" or "Conservative treatment (months; ...)": name and unit. */
function splitUnit(title: string): { name: string; unit: string | null } {
  const m = /^(.*?)\s*\(([^()]*)\)$/.exec(title);
  const unit = m?.[2]?.split(';')[0]?.trim();
  if (!m || !unit || !/^(%|[A-Za-z/]{1,8})$/.test(unit)) return { name: title, unit: null };
  return { name: m[1] as string, unit };
}

/** "21 days", "1 week", "80%". */
function withUnit(n: number, unit: string): string {
  if (unit === '%') return `${n}%`;
  return `${n} ${n === 1 && unit.length > 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit}`;
}

/** The bare value in words (enum values by their display text). */
function valueText(node: FactNode): Describe {
  switch (node.kind) {
    case 'boolean':
      return (v) => (v ? 'yes' : 'no');
    case 'number':
    case 'integer':
    case 'string': {
      const titles = node.enumTitles;
      return titles ? (v) => titles.get(textOf(v)) ?? textOf(v) : (v) => textOf(v);
    }
    case 'array': {
      const item = node.items.kind === 'object' ? parenthesised(node.items) : valueText(node.items);
      const sep = node.items.kind === 'string' && !node.items.enum ? '; ' : ', ';
      return (v) => (Array.isArray(v) && v.length ? v.map(item).join(sep) : NONE);
    }
    case 'object':
      return objectBody(node).describe;
  }
}

function parenthesised(node: ObjectNode): Describe {
  const body = objectBody(node).describe;
  return (v) => `(${body(v)})`;
}

const isEnum = (n: FactNode): boolean => (n.kind === 'string' || n.kind === 'number' || n.kind === 'integer') && n.enumTitles !== undefined;

/**
 * An object as a phrase: enum values by their display text, true booleans by
 * their title, numbers with their unit, then what is not documented. A date
 * titled "date" is returned apart so the caller can say "on <date>".
 */
function objectBody(node: ObjectNode): { dateKey: string | null; describe: Describe } {
  const dateEntry = [...node.properties].find(([, c]) => c.kind === 'string' && c.format === 'date' && (c.title ?? '').toLowerCase() === 'date');
  const dateKey = dateEntry ? dateEntry[0] : null;
  const parts = [...node.properties]
    .filter(([k]) => k !== dateKey)
    .map(([key, child]) => {
      const title = child.title ?? key;
      let render: Describe;
      if (isEnum(child)) render = valueText(child);
      else if (child.kind === 'boolean') render = (x) => (x ? title : `${title}: no`);
      else if (child.kind === 'number' || child.kind === 'integer') {
        const { name, unit } = splitUnit(title);
        render = unit === '%' ? (x) => `${x as number}% ${name}` : unit ? (x) => `${name} ${withUnit(x as number, unit)}` : (x) => `${title} ${textOf(x)}`;
      } else if (child.kind === 'object') {
        const inner = valueText(child);
        render = (x) => `${title} (${inner(x)})`;
      } else if (child.kind === 'array') {
        const inner = valueText(child);
        render = (x) => `${title}: ${inner(x)}`;
      } else render = (x) => `${title} ${textOf(x)}`;
      const shown = child.kind === 'number' || child.kind === 'integer' ? splitUnit(title).name : title;
      return { key, render, missing: `${shown} ${NOT_DOCUMENTED}` };
    });
  const describe: Describe = (v) => {
    const o = v as { [k: string]: FactValue };
    const present: string[] = [];
    const missing: string[] = [];
    for (const p of parts) {
      const x = o[p.key];
      if (x === undefined) missing.push(p.missing);
      else present.push(p.render(x));
    }
    const lead = present.join(', ');
    const tail = missing.join(', ');
    return lead && tail ? `${lead}; ${tail}` : lead || tail || NOT_DOCUMENTED;
  };
  return { dateKey, describe };
}

/** "<label>[ on <date>]: <body>" for one object value. */
function objectLine(node: ObjectNode, label: string): (v: FactValue, counter: string) => string {
  const { dateKey, describe } = objectBody(node);
  return (v, counter) => {
    const date = dateKey === null ? undefined : (v as { [k: string]: FactValue })[dateKey];
    return `${label}${counter}${date === undefined ? '' : ` on ${textOf(date)}`}: ${describe(v)}`;
  };
}

/** Evidence for one top-level fact of the policy's fact schema. */
export function compileEvidence(root: ObjectNode, fact: string): EvidenceFn {
  const node = root.properties.get(fact);
  if (!node) throw new Error(`unknown fact ${fact}`); // compile.ts checks facts first
  const label = node.title ?? fact;
  const missing = `${label}: ${NOT_DOCUMENTED}`;
  if (node.kind === 'array' && node.items.kind === 'object') {
    const line = objectLine(node.items, label);
    const none = `${label}: ${NONE}`;
    return (facts, out) => {
      const v = facts[fact];
      if (v === undefined) out.push(missing);
      else if (!Array.isArray(v) || v.length === 0) out.push(none);
      else for (let i = 0; i < v.length; i++) out.push(line(v[i] as FactValue, v.length > 1 ? ` ${i + 1} of ${v.length}` : ''));
    };
  }
  if (node.kind === 'object') {
    const line = objectLine(node, label);
    return (facts, out) => {
      const v = facts[fact];
      out.push(v === undefined ? missing : line(v, ''));
    };
  }
  let d = valueText(node);
  if ((node.kind === 'number' || node.kind === 'integer') && !node.enumTitles) {
    const { name, unit } = splitUnit(label);
    if (unit) {
      const u = unit;
      return (facts, out) => {
        const v = facts[fact];
        out.push(v === undefined ? `${name}: ${NOT_DOCUMENTED}` : `${name}: ${withUnit(v as number, u)}`);
      };
    }
    d = (v) => textOf(v);
  }
  return (facts, out) => {
    const v = facts[fact];
    out.push(v === undefined ? missing : `${label}: ${d(v)}`);
  };
}
