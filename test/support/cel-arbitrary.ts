// A generator of policy CEL within the grammar a policy may use (strings, string lists,
// split, join, concatenation, cel.bind, comprehensions, literals up to 3,880 characters,
// evaluationDate guards), and the SIJ policy carrying one as a definition over two facts
// at their largest: for test/unit/engine/policy-property.test.ts.
import fc from 'fast-check';
import { sijDocCopy } from '../unit/engine/helpers';

type Json = Record<string, unknown>;
type Kind = 'str' | 'list' | 'bool' | 'int';

const TRIGGER_MAX = 10_000;
const ITEMS_MAX = 200;
const ITEM_LENGTH = 500;

/** CEL of `kind`, at most `depth` deep, reading `vars` (comprehension / bind variables, all strings or string lists). */
export function cel(kind: Kind, depth: number, vars: { str: string[]; list: string[] }): fc.Arbitrary<string> {
  const s = () => cel('str', depth - 1, vars);
  const l = () => cel('list', depth - 1, vars);
  const b = () => cel('bool', depth - 1, vars);
  const fresh = `v${depth}${vars.str.length}${vars.list.length}`;
  const inStr = (d: number) => cel('str', d, { ...vars, str: [...vars.str, fresh] });
  const inList = (d: number) => cel('list', d, { ...vars, list: [...vars.list, fresh] });
  const inBool = (d: number, asStr: boolean) => cel('bool', d, asStr ? { ...vars, str: [...vars.str, fresh] } : { ...vars, list: [...vars.list, fresh] });
  const literal = fc.oneof(fc.constantFrom('""', '"a"', '","', '"x y"'), fc.integer({ min: 1, max: 3_880 }).map((n) => `"${'x'.repeat(n)}"`));
  const leaves: Record<Kind, fc.Arbitrary<string>[]> = {
    str: [literal, fc.constant('facts.trigger'), fc.constant('evaluationDate'), ...vars.str.map((v) => fc.constant(v))],
    list: [fc.constant('facts.items'), fc.constant('["a", "b"]'), ...vars.list.map((v) => fc.constant(v))],
    bool: [fc.constant('true'), fc.constant('evaluationDate > "2027-01-01"')],
    int: [fc.constant('1')],
  };
  if (depth <= 0) return fc.oneof(...leaves[kind]);
  const d = depth - 1;
  const rules: Record<Kind, fc.Arbitrary<string>[]> = {
    str: [
      fc.tuple(s(), s()).map(([a, c]) => `${a} + ${c}`),
      s().map((a) => `${a}.lowerAscii()`),
      fc.tuple(l(), s()).map(([a, c]) => `${a}.join(${c})`),
      fc.tuple(s(), inStr(d)).map(([a, body]) => `cel.bind(${fresh}, ${a}, ${body})`),
      fc.tuple(b(), s(), s()).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
    ],
    list: [
      fc.tuple(s(), fc.constantFrom('""', '","', '"x"')).map(([a, sep]) => `${a}.split(${sep})`),
      fc.tuple(l(), l()).map(([a, c]) => `${a} + ${c}`),
      fc.tuple(l(), inStr(d)).map(([a, body]) => `${a}.map(${fresh}, ${body})`),
      fc.tuple(l(), inBool(d, true)).map(([a, body]) => `${a}.filter(${fresh}, ${body})`),
      fc.tuple(l(), inList(d)).map(([a, body]) => `cel.bind(${fresh}, ${a}, ${body})`),
      fc.tuple(s(), s()).map(([a, c]) => `[${a}, ${c}]`),
    ],
    bool: [
      fc.tuple(l(), inBool(d, true), fc.constantFrom('exists', 'all', 'exists_one')).map(([a, body, m]) => `${a}.${m}(${fresh}, ${body})`),
      fc.tuple(s(), s(), fc.constantFrom('contains', 'startsWith', 'endsWith')).map(([a, c, m]) => `${a}.${m}(${c})`),
      fc.tuple(s(), s(), fc.constantFrom('==', '!=', '<', '>')).map(([a, c, op]) => `${a} ${op} ${c}`),
      fc.tuple(s(), l()).map(([a, c]) => `${a} in ${c}`),
      fc.tuple(b(), b(), fc.constantFrom('&&', '||')).map(([a, c, op]) => `(${a} ${op} ${c})`),
      fc.tuple(cel('int', d, vars), cel('int', d, vars)).map(([a, c]) => `${a} > ${c}`),
      fc.tuple(l(), inBool(d, false)).map(([a, body]) => `cel.bind(${fresh}, ${a}, ${body})`),
    ],
    int: [s().map((a) => `size(${a})`), l().map((a) => `size(${a})`)],
  };
  return fc.oneof({ depthSize: 'small' }, ...leaves[kind], ...rules[kind]);
}

export function policyWith(expression: string): Json {
  const doc = sijDocCopy();
  const props = (doc['factSchema'] as { properties: Json }).properties;
  props['trigger'] = { type: 'string', title: 'Trigger', maxLength: TRIGGER_MAX };
  props['items'] = { type: 'array', title: 'Items', maxItems: ITEMS_MAX, items: { type: 'string', maxLength: ITEM_LENGTH } };
  // Every definition is evaluated on every evaluation (lambda/engine/evaluate.ts), read or not:
  // the policy's examples (without these facts) still decide as stated.
  (doc['definitions'] as Json[]).push({ name: 'extra', expression: `has(facts.trigger) && has(facts.items) && (${expression})` });
  return doc;
}

/** The worst input the schema allows for these expressions: every string at its maxLength of one repeated letter (every comparison runs to the end), every list at its maxItems. */
export function worstFacts(doc: Json): Json {
  const example = (doc['examples'] as { facts: Json }[])[0]!.facts;
  return { ...structuredClone(example), trigger: 'x'.repeat(TRIGGER_MAX), items: Array.from({ length: ITEMS_MAX }, () => 'x'.repeat(ITEM_LENGTH)) };
}


/** A boolean expression, nested up to four operators deep. */
export const celArbitrary = (): fc.Arbitrary<string> => cel('bool', 4, { str: [], list: [] });
