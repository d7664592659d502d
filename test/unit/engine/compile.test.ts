// compilePolicy: the shipped policy compiles; a broken one fails here, with
// every problem and its path, never at request time.
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, PolicyValidationError, validateFacts, type PolicyIssue } from '../../../lambda/engine';
import { allMetFacts, outpatient, without } from './fixtures/sij-cases';
import { shippedPolicies } from '../../../policies';
import { DATE, issuesOf, sijDoc, sijDocCopy } from './helpers';

type Doc = ReturnType<typeof sijDocCopy>;
type Json = Record<string, unknown>;

/** Breaks a copy of the SIJ policy and returns the issues. */
function broken(edit: (doc: Doc) => void): PolicyIssue[] {
  const doc = sijDocCopy();
  edit(doc);
  return issuesOf(doc);
}

const criterion = (doc: Doc, i: number) => doc.criteria[i] as Json & { outcomes: Json[]; citations: string[]; facts: string[] };
const expectIssue = (issues: PolicyIssue[], path: string[], message: RegExp) =>
  expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });

describe('compilePolicy', () => {
  it('compiles every shipped policy and exposes what the Policy type needs', () => {
    for (const doc of shippedPolicies) expect(() => compilePolicy(doc)).not.toThrow();
    const p = compilePolicy(sijDoc);
    expect(p).toMatchObject({ id: 'sij-fusion', version: 1, cptCodes: ['27279'], effectiveFrom: '2026-01-01' });
    expect(p.title).not.toBe('');
    expect(p.factSchema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(p.criteria.map((c) => c.id)).toEqual([
      'TWO_DIAGNOSTIC_INJECTIONS',
      'RELIEF_DURATION_DOCUMENTED',
      'OTHER_PAIN_GENERATORS_RULED_OUT',
      'SI_JOINT_DEGENERATION_ON_IMAGING',
      'NICOTINE_FREE',
      'CONSERVATIVE_TREATMENT_6_MONTHS',
      'BASELINE_PAIN_AT_LEAST_5',
      'THREE_POSITIVE_PROVOCATION_TESTS',
    ]);
    for (const c of p.criteria) {
      expect(Object.keys(c).sort()).toEqual(['citations', 'id', 'reasonCode', 'requirement', 'title']);
      expect(c.reasonCode).toEqual({ code: c.id, system: 'https://medical-necessity.example.org/CodeSystem/sij-fusion-criteria', display: c.title });
      expect(c.requirement.length).toBeGreaterThan(20);
    }
    expect(p.doc.sources.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('copies and freezes the document: later edits to the input change nothing', () => {
    const input = sijDocCopy();
    const p = compilePolicy(input);
    (input as Json)['title'] = 'changed';
    expect(p.title).not.toBe('changed');
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(p.doc.criteria[0])).toBe(true);
  });

  it('rejects something that is not a policy document', () => {
    expect(issuesOf(null)).toContainEqual({ path: [], message: 'expected object' });
    expect(issuesOf({ id: 'x' }).length).toBeGreaterThan(3);
  });

  it('rejects unknown keys and bad enum values', () => {
    expectIssue(broken((d) => (d['colour'] = 'red')), [], /unknown key\(s\): colour/);
    expectIssue(broken((d) => (criterion(d, 0).outcomes[0]!['status'] = 'PASSED')), ['criteria', '0', 'outcomes', '0', 'status'], /must be one of/);
  });

  it('keeps an X12 review decision reason code (886) a criterion declares, and refuses one that is not an X12 code', async () => {
    const doc = sijDocCopy();
    criterion(doc, 0)['x12ReasonCode'] = 'T1';
    const p = compilePolicy(doc);
    expect(p.criteria[0]!.x12ReasonCode).toBe('T1');
    expect(p.criteria[1]!.x12ReasonCode).toBeUndefined();
    expectIssue(broken((d) => (criterion(d, 0)['x12ReasonCode'] = 'javascript:alert(1)')), ['criteria', '0', 'x12ReasonCode'], /X12 code/);
  });

  it('rejects bad CEL syntax', () => {
    const issues = broken((d) => (criterion(d, 6).outcomes[0]!['when'] = 'facts.painScoreNrs >= '));
    expectIssue(issues, ['criteria', '6', 'outcomes', '0', 'when'], /^CEL: /);
  });

  it('rejects a CEL type error', () => {
    const issues = broken((d) => (criterion(d, 6).outcomes[0]!['when'] = 'has(facts.painScoreNrs) && facts.painScoreNrs >= "5"'));
    expectIssue(issues, ['criteria', '6', 'outcomes', '0', 'when'], /^CEL: .*overload/);
  });

  it('rejects a misspelt fact in CEL', () => {
    const issues = broken((d) => (criterion(d, 6).outcomes[0]!['when'] = 'has(facts.painScore) && facts.painScore >= 5.0'));
    expectIssue(issues, ['criteria', '6', 'outcomes', '0', 'when'], /painScore/);
  });

  it('rejects a rule that does not give a bool', () => {
    const issues = broken((d) => (criterion(d, 6).outcomes[0]!['when'] = 'facts.painScoreNrs'));
    expectIssue(issues, ['criteria', '6', 'outcomes', '0', 'when'], /must evaluate to bool, but evaluates to double/);
  });

  it('rejects broken rationale templates', () => {
    expectIssue(
      broken((d) => (criterion(d, 6).outcomes[0]!['rationale'] = 'Pain {facts.painScore}/10')),
      ['criteria', '6', 'outcomes', '0', 'rationale'],
      /painScore/,
    );
    expectIssue(
      broken((d) => (criterion(d, 6).outcomes[0]!['rationale'] = 'Pain {facts.painScoreNrs/10')),
      ['criteria', '6', 'outcomes', '0', 'rationale'],
      /unterminated/,
    );
  });

  it('rejects a citation of a source that does not exist', () => {
    expectIssue(broken((d) => (criterion(d, 2).citations = ['[1]', '[9]'])), ['criteria', '2', 'citations', '1'], /\[9\] does not reference a source/);
    expectIssue(broken((d) => (criterion(d, 2).citations = ['1'])), ['criteria', '2', 'citations', '0'], /must look like \[1\]/);
  });

  it('rejects sources that are not numbered 1..N', () => {
    expectIssue(broken((d) => ((d['sources'] as Json[])[1]!['number'] = 5)), ['sources', '1', 'number'], /numbered 1\.\.7/);
  });

  it('rejects a duplicate criterion id', () => {
    expectIssue(broken((d) => (criterion(d, 3)['id'] = 'TWO_DIAGNOSTIC_INJECTIONS')), ['criteria', '3', 'id'], /duplicate criterion id/);
  });

  it('rejects unknown or unlisted facts on a criterion', () => {
    expectIssue(broken((d) => criterion(d, 6).facts.push('bmi')), ['criteria', '6', 'facts', '1'], /unknown fact "bmi"/);
    expectIssue(broken((d) => (criterion(d, 6).facts = ['physicalTherapyMonths'])), ['criteria', '6', 'facts'], /reads fact "painScoreNrs" but does not list it/);
    // Facts read through a definition count too.
    expectIssue(broken((d) => (criterion(d, 0).facts = ['painScoreNrs'])), ['criteria', '0', 'facts'], /reads fact "diagnosticInjections"/);
    // A listed fact the criterion does not read would be shown as its evidence in every notice.
    expectIssue(broken((d) => criterion(d, 6).facts.push('physicalTherapyMonths')), ['criteria', '6', 'facts', '1'], /lists fact "physicalTherapyMonths" but does not read it/);
  });

  it('requires exactly the last rule to have no "when"', () => {
    expectIssue(broken((d) => delete criterion(d, 6).outcomes[0]!['when']), ['criteria', '6', 'outcomes', '0'], /only the last rule/);
    expectIssue(broken((d) => (criterion(d, 6).outcomes[2]!['when'] = 'true')), ['criteria', '6', 'outcomes', '2', 'when'], /last rule must have no/);
    expectIssue(
      broken((d) => ((d['recommendation'] as { rules: Json[] }).rules[2]!['when'] = 'true')),
      ['recommendation', 'rules', '2', 'when'],
      /last rule/,
    );
  });

  it('rejects broken definitions', () => {
    const defs = (d: Doc) => d['definitions'] as Json[];
    expectIssue(broken((d) => (defs(d)[1]!['name'] = 'injections')), ['definitions', '1', 'name'], /duplicate definition/);
    expectIssue(broken((d) => (defs(d)[0]!['name'] = 'facts')), ['definitions', '0', 'name'], /reserved/);
    // A definition may only use earlier ones.
    expectIssue(broken((d) => defs(d).reverse()), ['definitions', '1', 'expression'], /injections/);
  });

  it('rejects a fact schema outside the supported subset', () => {
    const schema = (d: Doc) => d['factSchema'] as { properties: Record<string, Json>; additionalProperties?: unknown };
    expectIssue(broken((d) => (schema(d).additionalProperties = true)), ['factSchema', 'additionalProperties'], /must be false/);
    expectIssue(
      broken((d) => (schema(d).properties['plannedSurgeryDate']!['format'] = 'date-time')),
      ['factSchema', 'properties', 'plannedSurgeryDate', 'format'],
      /only format "date"/,
    );
    expectIssue(
      broken((d) => (schema(d).properties['plannedSurgeryDate']!['pattern'] = '^2')),
      ['factSchema', 'properties', 'plannedSurgeryDate', 'pattern'],
      /not supported/,
    );
    expectIssue(broken((d) => (schema(d).properties['painScoreNrs']!['minimum'] = 11)), ['factSchema', 'properties', 'painScoreNrs'], /exceeds/);
  });

  it('rejects a recommendation summary with placeholders', () => {
    const rules = (d: Doc) => (d['recommendation'] as { rules: Json[] }).rules;
    expectIssue(broken((d) => (rules(d)[0]!['summary'] = 'Met {metCount}')), ['recommendation', 'rules', '0', 'summary'], /plain text/);
  });

  it('reports every problem at once', () => {
    const issues = broken((d) => {
      criterion(d, 0)['id'] = 'NICOTINE_FREE';
      criterion(d, 1).citations = ['[8]'];
      criterion(d, 6).outcomes[0]!['when'] = '1 +';
    });
    expect(issues.length).toBeGreaterThanOrEqual(3);
    expect(new PolicyValidationError(issues).message).toMatch(/^Invalid policy: /);
  });

  it('pends a criterion whose rule fails at run time instead of failing the request', () => {
    // Without the has(facts.nicotine) guard, reading nicotine.status fails when nicotine is absent.
    const doc = sijDocCopy();
    criterion(doc, 4).outcomes.shift();
    const policy = compilePolicy(doc);
    const v = validateFacts(policy, without(allMetFacts, 'nicotine'));
    if (!v.ok) throw new Error('facts must be valid');
    const e = evaluate(policy, v.value, outpatient, DATE);
    const r = e.criteriaResults[4];
    expect(r).toMatchObject({ criterionId: 'NICOTINE_FREE', status: 'UNSURE', nextStep: expect.any(String) });
    expect(r?.rationale).toMatch(/could not be evaluated.*\(Nicotine; Planned surgery date\)/);
    expect(e.recommendation).toBe('INSUFFICIENT_INFORMATION');
  });
});
