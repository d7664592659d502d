// Evidence bullets: the facts a criterion uses, labelled with the fact
// schema's titles, so every result shows exactly what it was decided on.
// Formatters are built once per policy; fact values are already validated.
import type { FactNode, ObjectNode } from './fact-schema';
import { NOT_DOCUMENTED } from './template';
import type { FactValue, Facts } from './types';

export type EvidenceFn = (facts: Facts, out: string[]) => void;
type Describe = (v: FactValue) => string;

function describer(node: FactNode): Describe {
  switch (node.kind) {
    case 'boolean':
      return (v) => (v ? 'yes' : 'no');
    case 'number':
    case 'integer':
    case 'string':
      return (v) => String(v);
    case 'array': {
      const item = describer(node.items);
      return (v) => (Array.isArray(v) && v.length ? v.map(item).join('; ') : 'none documented');
    }
    case 'object': {
      const props = [...node.properties].map(([key, child]) => {
        const label = child.title ?? key;
        const d = describer(child);
        const render = child.kind === 'object' ? (x: FactValue) => `${label} (${d(x)})` : (x: FactValue) => `${label} ${d(x)}`;
        return { key, render, missing: `${label} ${NOT_DOCUMENTED}` };
      });
      return (v) => {
        const o = v as { [k: string]: FactValue };
        let out = '';
        for (const p of props) {
          const x = o[p.key];
          if (out) out += ', ';
          out += x === undefined ? p.missing : p.render(x);
        }
        return out;
      };
    }
  }
}

/** Evidence for one top-level fact of the policy's fact schema. */
export function compileEvidence(root: ObjectNode, fact: string): EvidenceFn {
  const node = root.properties.get(fact);
  if (!node) throw new Error(`unknown fact ${fact}`); // compile.ts checks facts first
  const label = node.title ?? fact;
  const missing = `${label}: ${NOT_DOCUMENTED}`;
  if (node.kind === 'array' && node.items.kind === 'object') {
    const item = describer(node.items);
    const none = `${label}: none documented`;
    return (facts, out) => {
      const v = facts[fact];
      if (v === undefined) out.push(missing);
      else if (!Array.isArray(v) || v.length === 0) out.push(none);
      else for (let i = 0; i < v.length; i++) out.push(`${label} ${i + 1} of ${v.length}: ${item(v[i] as FactValue)}`);
    };
  }
  const d = describer(node);
  return (facts, out) => {
    const v = facts[fact];
    out.push(v === undefined ? missing : `${label}: ${d(v)}`);
  };
}
