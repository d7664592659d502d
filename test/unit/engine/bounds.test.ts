// A policy is executable content from a user: what could stall or exhaust
// an evaluation is refused by compilePolicy, with a clear issue, never a
// crash, a stack overflow or a slow request.
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, LIMITS, PolicyCompileError, validateFacts, type PolicyIssue } from '../../../lambda/engine';
import { DATE, sijDocCopy } from './helpers';

type Doc = ReturnType<typeof sijDocCopy>;
type Json = Record<string, unknown>;

function issuesOf(doc: unknown): PolicyIssue[] {
  try {
    compilePolicy(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyCompileError);
    return (e as PolicyCompileError).issues;
  }
  throw new Error('expected compilePolicy to fail');
}

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
  it('refuses the backtracking method form, e.g. matches("^(a+)+$")', () => {
    const doc = sijDocCopy();
    (doc.criteria[2] as Json & { outcomes: Json[] }).outcomes[1]!['when'] = 'has(facts.competingFindings) && facts.competingFindings.exists(f, f.matches("^(a+)+$"))';
    const issues = issuesOf(doc);
    expect(issues).toContainEqual({ path: ['criteria', '2', 'outcomes', '1', 'when'], message: expect.stringMatching(/use matches\(text, "pattern"\) \(RE2, linear time\)/) });
  });

  it('refuses a pattern RE2 cannot compile (backreference) and a non-literal pattern', () => {
    const doc = sijDocCopy();
    const o = (doc.criteria[2] as Json & { outcomes: Json[] }).outcomes;
    o[1]!['when'] = 'has(facts.competingFindings) && facts.competingFindings.exists(f, matches(f, "(a)\\\\1"))';
    o[0]!['when'] = 'has(facts.competingFindings) && facts.competingFindings.exists(f, matches(f, f))';
    const m = messages(issuesOf(doc));
    expect(m).toMatch(/not supported by RE2/);
    expect(m).toMatch(/pattern of matches\(text, pattern\) must be a string literal/);
  });

  it('runs the global matches() on RE2: a catastrophic pattern stays linear on a hostile fact', () => {
    const doc = sijDocCopy();
    const c = doc.criteria[2] as Json & { outcomes: Json[] };
    c.outcomes[1]!['when'] = 'has(facts.competingFindings) && facts.competingFindings.exists(f, matches(f, "^(a+)+$"))';
    const policy = compilePolicy(doc);
    const v = validateFacts(policy, { competingFindings: ['a'.repeat(490) + 'b', 'a'.repeat(500)] });
    if (!v.ok) throw new Error('valid facts expected');
    const r = evaluate(policy, v.facts, { setting: 'OUTPATIENT', inpatientDays: 0 }, DATE);
    // The second finding matches, so the rule holds (NOT_MET with competing findings).
    expect(r.criteriaResults[2]?.status).toBe('NOT_MET');
    expect(r.criteriaResults[2]?.rationale).toMatch(/competingFindings lists/);
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
