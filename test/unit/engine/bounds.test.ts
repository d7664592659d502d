// A policy is executable content from a user: what could stall or exhaust
// an evaluation is refused by compilePolicy, with a clear issue, never a
// crash, a stack overflow or a slow request.
import { describe, expect, it } from 'vitest';
import { compilePolicy, LIMITS, type PolicyIssue } from '../../../lambda/engine';
import { issuesOf, sijDocCopy } from './helpers';

type Doc = ReturnType<typeof sijDocCopy>;
type Json = Record<string, unknown>;

/** The SIJ policy with one definition added (name `extra`) used by criterion 7's first rule. */
function withDefinition(expression: string): Doc {
  const doc = sijDocCopy();
  (doc['definitions'] as Json[]).push({ name: 'extra', expression });
  const c = doc.criteria[7] as Json & { outcomes: Json[] };
  c.outcomes[0]!['when'] = `size(distinctPositiveTests) >= params.minProvocationTests && extra != null`;
  return doc;
}

const messages = (issues: PolicyIssue[]) => issues.map((i) => i.message).join('\n');

describe('regular expressions', () => {
  // The CEL library runs `matches` on JavaScript's backtracking RegExp:
  // `^(a+)+$` on a 30-character fact blocks for seconds. Refused in any form.
  it.each([
    ['method form, e.g. f.matches("^(a+)+$")', 'facts.competingFindings.exists(f, f.matches("^(a+)+$"))'],
    ['global form', 'facts.competingFindings.exists(f, matches(f, "^(a+)+$"))'],
    ['a harmless pattern too', 'facts.competingFindings.exists(f, f.matches("^T7"))'],
  ])('refuses %s with a clear message', (_name, expr) => {
    const doc = sijDocCopy();
    (doc.criteria[2] as Json & { outcomes: Json[] }).outcomes[1]!['when'] = `has(facts.competingFindings) && ${expr}`;
    expect(issuesOf(doc)).toContainEqual({
      path: ['criteria', '2', 'outcomes', '1', 'when'],
      message: expect.stringMatching(/^CEL: regular expressions \(matches\) are not allowed in policies: they can take exponential time; use startsWith/),
    });
  });

  it('refuses one inside a rationale template as well', () => {
    const doc = sijDocCopy();
    (doc.criteria[6] as Json & { outcomes: Json[] }).outcomes[2]!['rationale'] = 'Pain {"x".matches("(x+)+y")}';
    expect(messages(issuesOf(doc))).toMatch(/regular expressions \(matches\) are not allowed/);
  });
});

describe('comprehensions and list growth', () => {
  it('refuses comprehensions nested three deep', () => {
    const doc = withDefinition('injections.exists(a, injections.exists(b, injections.exists(c, a.date == c.date)))');
    expect(messages(issuesOf(doc))).toMatch(new RegExp(`nested at most ${LIMITS.maxComprehensionNesting} deep`));
  });

  it('refuses list concatenation inside a comprehension (list doubling)', () => {
    const doc = withDefinition('injections.map(a, injections + injections)');
    expect(messages(issuesOf(doc))).toMatch(/no list concatenation \(\+\) inside a comprehension/);
  });

  it('refuses list doubling across definitions by its estimated cost', () => {
    const doc = sijDocCopy();
    const defs = doc['definitions'] as Json[];
    defs.push({ name: 'd0', expression: 'injections + injections' });
    for (let i = 1; i <= 14; i++) defs.push({ name: `d${i}`, expression: `d${i - 1} + d${i - 1}` });
    defs.push({ name: 'extra', expression: 'd14.exists(x, x.isolatedToSIJoint)' });
    (doc.criteria[7] as Json & { outcomes: Json[] }).outcomes[0]!['when'] = 'size(distinctPositiveTests) >= params.minProvocationTests && extra';
    expect(messages(issuesOf(doc))).toMatch(/too costly/);
  });

  it('refuses two nested comprehensions over large lists by cost', () => {
    const doc = sijDocCopy();
    const schema = doc['factSchema'] as { properties: Record<string, Json> };
    schema.properties['competingFindings']!['maxItems'] = 200;
    (doc.criteria[2] as Json & { outcomes: Json[] }).outcomes[1]!['when'] =
      'has(facts.competingFindings) && facts.competingFindings.exists(a, facts.competingFindings.exists(b, a + b == b + a))';
    expect(messages(issuesOf(doc))).toMatch(/too costly/);
  });

  it('accepts the shipped rules, which stay well within the budget', () => {
    expect(() => compilePolicy(sijDocCopy())).not.toThrow();
  });
});

describe('document limits', () => {
  const refuses = (edit: (d: Doc) => void, message: RegExp) => {
    const doc = sijDocCopy();
    edit(doc);
    expect(messages(issuesOf(doc))).toMatch(message);
  };

  it('refuses 900 KB text fields', () => refuses((d) => (d['title'] = 'x'.repeat(900 * 1024)), /larger than 512 KB/));
  it('refuses a long text field', () => refuses((d) => (d['title'] = 'x'.repeat(LIMITS.maxTextLength + 1)), /at most 4000/));
  it('refuses 200 CPT codes', () =>
    refuses((d) => (d['cptCodes'] = Array.from({ length: 200 }, (_, i) => String(10000 + i))), new RegExp(`at most ${LIMITS.maxCptCodes}`)));
  it('refuses a 3,000-character id', () => refuses((d) => (d['id'] = 'a'.repeat(3000)), /at most 200/));
  it('refuses a fact schema nested 3,000 deep without overflowing the stack', () => {
    refuses((d) => {
      let node: Json = { type: 'boolean', title: 'leaf' };
      for (let i = 0; i < 3000; i++) node = { type: 'object', title: `level ${i}`, additionalProperties: false, properties: { x: node } };
      (d['factSchema'] as { properties: Json }).properties['deep'] = node;
    }, /nested more than/);
  });
  it('refuses a fact schema nested 9 deep (within the document depth) by the schema depth limit', () => {
    refuses((d) => {
      let node: Json = { type: 'boolean', title: 'leaf' };
      for (let i = 0; i < 9; i++) node = { type: 'object', title: `level ${i}`, additionalProperties: false, properties: { x: node } };
      (d['factSchema'] as { properties: Json }).properties['deep'] = node;
    }, new RegExp(`fact schema is nested more than ${LIMITS.maxFactSchemaDepth} levels`));
  });
  it('refuses a list fact without maxItems and free text without maxLength', () => {
    refuses((d) => delete (d['factSchema'] as { properties: Record<string, Json> }).properties['competingFindings']!['maxItems'], /needs "maxItems"/);
    refuses(
      (d) => delete ((d['factSchema'] as { properties: Record<string, Json> }).properties['competingFindings']!['items'] as Json)['maxLength'],
      /free text needs "maxLength"/,
    );
  });
  it('refuses an over-long CEL expression and a deeply nested one', () => {
    refuses((d) => ((d.criteria[6] as Json & { outcomes: Json[] }).outcomes[0]!['when'] = `${'true && '.repeat(600)}true`), /at most 4000|maxAstNodes|limit/i);
    refuses((d) => ((d.criteria[6] as Json & { outcomes: Json[] }).outcomes[0]!['when'] = `${'('.repeat(100)}true${')'.repeat(100)}`), /CEL: .*(depth|maxDepth)/i);
  });
});
