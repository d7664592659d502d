// The outside tester's accepted-but-hostile policies (issue 25), each refused
// at compile (publishPolicy) time now: the cost analysis follows sizes
// through cel.bind, string-to-list functions and concatenation, and refuses
// what it has no cost model for.
import { describe, expect, it } from 'vitest';
import { compilePolicy, type PolicyIssue } from '../../../lambda/engine';
import { issuesOf, sijDocCopy } from './helpers';

type Json = Record<string, unknown>;

/** The SIJ policy with a free-text fact `trigger` (maxLength 10,000) and definitions read by criterion 7. */
function hostile(definitions: Json[], when = 'extra'): Record<string, unknown> & { criteria: Json[] } {
  const doc = sijDocCopy();
  (doc['factSchema'] as { properties: Json }).properties['trigger'] = { type: 'string', title: 'Trigger', maxLength: 10_000 };
  (doc['definitions'] as Json[]).push(...definitions);
  const c = doc.criteria[7] as Json & { outcomes: Json[]; facts: string[] };
  c.facts.push('trigger');
  c.outcomes[0]!['when'] = `size(distinctPositiveTests) >= params.minProvocationTests && ${when}`;
  return doc;
}

const costly = (issues: PolicyIssue[]) => issues.filter((i) => /too costly/.test(i.message));

describe('issue 25: hostile policies that publishPolicy accepted', () => {
  it('refuses facts.trigger.split("") in nested comprehensions (181 s per evaluation before)', () => {
    const doc = hostile([
      { name: 'extra', expression: 'has(facts.trigger) && cel.bind(t, facts.trigger.split(""), t.exists(a, t.exists(b, a > b)))' },
    ]);
    expect(costly(issuesOf(doc))).toEqual([{ path: ['definitions', '3', 'expression'], message: expect.stringMatching(/^CEL: the expression is too costly/) }]);
  });

  it('refuses split inside the comprehension, without cel.bind', () => {
    const doc = hostile([{ name: 'extra', expression: 'has(facts.trigger) && facts.trigger.split("").exists(a, facts.trigger.split("").exists(b, a == b))' }]);
    expect(costly(issuesOf(doc))).toHaveLength(1);
  });

  it('refuses the time bomb: the same over a 3,880-character literal, guarded by evaluationDate so the examples pass', () => {
    const literal = 'x'.repeat(3_880);
    const doc = hostile([
      { name: 'extra', expression: `evaluationDate < "2027-01-01" || cel.bind(t, "${literal}".split(""), t.exists(a, t.exists(b, a > b)))` },
    ]);
    expect(costly(issuesOf(doc))).toEqual([{ path: ['definitions', '3', 'expression'], message: expect.stringMatching(/too costly/) }]);
  });

  it('refuses cel.bind(x, prev, x + x) chained 25 times across definitions (V8 "invalid array size" crash before)', () => {
    const defs: Json[] = [{ name: 'd0', expression: 'injections' }];
    for (let i = 1; i <= 25; i++) defs.push({ name: `d${i}`, expression: `cel.bind(x, d${i - 1}, x + x)` });
    defs.push({ name: 'extra', expression: 'size(d25) > 0' });
    const issues = costly(issuesOf(hostile(defs)));
    expect(issues.length).toBeGreaterThan(0);
    // Sizes double per step: refused long before the 25th.
    expect(issues[0]!.path).toEqual(['definitions', expect.any(String), 'expression']);
    expect(Number(issues[0]!.path[1])).toBeLessThan(3 + 25);
  });

  it('refuses cel.bind(x, prev, x + x) nested in one expression (as deep as the parser allows)', () => {
    let expr = 'size(x14) > 0';
    for (let i = 14; i >= 1; i--) expr = `cel.bind(x${i}, x${i - 1} + x${i - 1}, ${expr})`;
    const doc = hostile([{ name: 'extra', expression: `cel.bind(x0, injections, ${expr})` }]);
    (doc.criteria[7] as { facts: string[] }).facts.push('diagnosticInjections');
    expect(costly(issuesOf(doc))).toHaveLength(1);
  });

  it('refuses string doubling with cel.bind', () => {
    let expr = 'size(s14) > 0';
    for (let i = 14; i >= 1; i--) expr = `cel.bind(s${i}, s${i - 1} + s${i - 1}, ${expr})`;
    const doc = hostile([{ name: 'extra', expression: `has(facts.trigger) && cel.bind(s0, facts.trigger, ${expr})` }]);
    expect(costly(issuesOf(doc))).toHaveLength(1);
  });

  it('accepts a cheap cel.bind, and sizes flow through it', () => {
    const doc = hostile([{ name: 'extra', expression: 'cel.bind(d, evaluationDate, size(d + d) == 20) || has(facts.trigger)' }]);
    expect(() => compilePolicy(doc)).not.toThrow();
  });
});

describe('the allow-list: functions, macros and operators without a cost model are refused', () => {
  it.each([
    ['a timestamp function', 'timestamp("2026-01-01T00:00:00Z") != timestamp("2026-01-02T00:00:00Z")', /the function timestamp\(\) is not allowed/],
    ['a duration', 'duration("1h") != duration("2h")', /the function duration\(\) is not allowed/],
    ['bytes', 'size(bytes("abc")) > 0', /the function bytes\(\) is not allowed/],
    ['a method off the list', 'has(facts.trigger) && size(facts.trigger.split(",", 2)) > 0 && "a".charAt(0) == "a"', /the method .charAt\(\) is not allowed/],
    ['a cel.* other than bind', 'cel.index(1) == 1', /cel.index is not allowed/],
  ])('refuses %s', (_name, expression, message) => {
    const issues = issuesOf(hostile([{ name: 'extra', expression }]));
    expect(issues).toContainEqual({ path: ['definitions', '3', 'expression'], message: expect.stringMatching(message) });
  });

  it('refuses one in a rationale template as well, with its path', () => {
    const doc = hostile([{ name: 'extra', expression: 'true' }]);
    (doc.criteria[6] as Json & { outcomes: Json[] }).outcomes[2]!['rationale'] = 'Pain {string(timestamp("2026-01-01T00:00:00Z"))}';
    expect(issuesOf(doc)).toContainEqual({ path: ['criteria', '6', 'outcomes', '2', 'rationale'], message: expect.stringMatching(/timestamp\(\) is not allowed/) });
  });

  it('bounds recommendation rules too', () => {
    const doc = hostile([{ name: 'extra', expression: 'true' }]);
    const rules = (doc['recommendation'] as { rules: Json[] }).rules;
    const big = `[${Array.from({ length: 150 }, (_, i) => i).join(',')}]`;
    rules[0]!['when'] = `${big}.exists(a, ${big}.exists(b, a == b + metCount)) && metCount == totalCount`;
    expect(issuesOf(doc)).toContainEqual({ path: ['recommendation', 'rules', '0', 'when'], message: expect.stringMatching(/too costly/) });
  });
});

describe('URLs in a policy: https: or urn: only', () => {
  it.each([['javascript:alert(1)'], ['http://example.org/codes'], ['data:text/html,<script>alert(1)</script>'], ['https://user:pw@example.org/x'], ['ftp://example.org/x']])(
    'refuses reasonCode.system %s',
    (system) => {
      const doc = sijDocCopy();
      (doc.criteria[0] as { reasonCode: Json }).reasonCode['system'] = system;
      expect(issuesOf(doc)).toContainEqual({ path: ['criteria', '0', 'reasonCode', 'system'], message: 'must be an https: URL or a urn:' });
    },
  );

  it('refuses a fact schema $id that is not https: or urn:', () => {
    const doc = sijDocCopy();
    (doc['factSchema'] as Json)['$id'] = 'javascript:alert(1)';
    expect(issuesOf(doc)).toContainEqual({ path: ['factSchema', '$id'], message: 'must be an https: URL or a urn:' });
  });

  it.each([['https://codes.example.org/CodeSystem/x'], ['urn:oid:2.16.840.1.113883.3.1'], ['urn:uuid:5f0b3c1e-8a8e-4a7e-9a55-3a1b2c3d4e5f']])('accepts %s', (system) => {
    const doc = sijDocCopy();
    for (const c of doc.criteria as { reasonCode: Json }[]) c.reasonCode['system'] = system;
    expect(() => compilePolicy(doc)).not.toThrow();
  });
});
