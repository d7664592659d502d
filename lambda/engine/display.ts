// Display texts of a policy's facts and enum values, taken from its fact
// schema (`title`, `x-enumTitles`; compilePolicy requires both), for the
// notice renderer, the FHIR Questionnaire and displayValue() in CEL.
// Paths are dotted fact paths; list indices are skipped
// ("diagnosticInjections.0.guidance" = "diagnosticInjections.guidance").
import { RUNTIME, type CompiledPolicy } from './compile';
import type { FactNode, ObjectNode } from './fact-schema';

export interface DisplayTexts {
  /** Dotted path -> the fact's title. */
  facts: Map<string, string>;
  /** Dotted path of an enum fact (or list of enum values) -> value -> display text. */
  values: Map<string, Map<string, string>>;
}

export function collectDisplayTexts(root: ObjectNode): DisplayTexts {
  const out: DisplayTexts = { facts: new Map(), values: new Map() };
  const stack: [string, FactNode][] = [...root.properties].map(([k, v]) => [k, v]);
  while (stack.length) {
    const [path, node] = stack.pop() as [string, FactNode];
    if (node.title !== undefined && !out.facts.has(path)) out.facts.set(path, node.title);
    if (node.kind === 'object') for (const [k, v] of node.properties) stack.push([`${path}.${k}`, v]);
    else if (node.kind === 'array') stack.push([path, node.items]);
    else if ((node.kind === 'string' || node.kind === 'number' || node.kind === 'integer') && node.enumTitles) out.values.set(path, node.enumTitles);
  }
  return out;
}

function normalise(path: string | readonly (string | number)[]): string {
  const parts = typeof path === 'string' ? path.split('.') : path.map(String);
  return parts.filter((p) => !/^\d+$/.test(p)).join('.');
}

/** The fact's display text (its schema title), or undefined for a path the policy does not define. */
export function displayFact(policy: CompiledPolicy, path: string | readonly (string | number)[]): string | undefined {
  return policy[RUNTIME].display.facts.get(normalise(path));
}

/** The display text of an enum value of the fact at `path`, or undefined if not an enum value there. */
export function displayValue(policy: CompiledPolicy, path: string | readonly (string | number)[], value: string | number): string | undefined {
  return policy[RUNTIME].display.values.get(normalise(path))?.get(String(value));
}
