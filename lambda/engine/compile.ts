// compilePolicy: validates a policy document and compiles everything a
// request needs (fact validator, CEL programs, templates, evidence
// formatters) exactly once. Every problem is collected and thrown together;
// nothing here can fail later at request time.
import type { $ZodIssue } from 'zod/v4/core';
import { compileCel, createCountsEnvironments, createFactsEnvironments, RESERVED_VARIABLES, type CelEnvironments, type CelProgram } from './cel';
import { PolicyValidationError, type PolicyIssue } from './errors';
import { compileEvidence, type EvidenceFn } from './evidence';
import { parseFactSchema } from './fact-schema';
import { compileFactValidator, type FactValidator } from './fact-validator';
import { policyDocumentSchema, type PolicyDocument } from './policy-schema';
import { isIsoDate } from './dates';
import { compileTemplate, type Template } from './template';
import type { CareSetting, CriterionStatus, Recommendation } from './types';

/** Key of the compiled internals; not part of the public API. */
export const RUNTIME: unique symbol = Symbol('policyRuntime');

export interface RuntimeOutcome {
  when: CelProgram | null;
  status: CriterionStatus;
  rationale: Template;
  nextStep: string | null;
}

export interface RuntimeCriterion {
  id: string;
  title: string;
  citations: string[];
  /** Indexes into PolicyRuntime.evidence. */
  evidence: number[];
  outcomes: RuntimeOutcome[];
  nextStep: string;
  /** Used if an outcome cannot be evaluated (a policy/data mismatch): pend, never crash. */
  errorRationale: string;
}

export interface RuntimeLevelOfCare {
  when: CelProgram | null;
  recommendedSetting: CareSetting;
  inpatientIndicated: boolean;
  approvedInpatientDays: number;
  guideline: string;
  rationale: Template;
  nextStepWhenChanged: string;
}

export interface PolicyRuntime {
  validateFacts: FactValidator;
  /** One formatter per fact used by any criterion; shared so each runs once per evaluation. */
  evidence: EvidenceFn[];
  definitions: { name: string; program: CelProgram }[];
  criteria: RuntimeCriterion[];
  recommendation: { when: CelProgram | null; recommendation: Recommendation }[];
  levelOfCare: RuntimeLevelOfCare[];
}

export interface CriterionInfo {
  id: string;
  title: string;
  requirement: string;
  citations: string[];
}

export interface CompiledPolicy {
  readonly doc: PolicyDocument;
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly cptCodes: readonly string[];
  readonly effectiveFrom: string;
  readonly factSchema: Readonly<Record<string, unknown>>;
  readonly criteria: readonly CriterionInfo[];
  readonly [RUNTIME]: PolicyRuntime;
}

export function compilePolicy(input: unknown): CompiledPolicy {
  const parsed = policyDocumentSchema.safeParse(input);
  if (!parsed.success) throw new PolicyValidationError(parsed.error.issues.map(zodIssue));
  // Own, immutable copy: later edits to the input cannot change a compiled policy.
  const doc = deepFreeze(structuredClone(parsed.data));
  const issues: PolicyIssue[] = [];

  checkStructure(doc, issues);
  const root = parseFactSchema(doc.factSchema, ['factSchema'], issues);
  if (!root) throw new PolicyValidationError(issues);
  for (const [i, c] of doc.criteria.entries()) {
    for (const [j, f] of c.facts.entries()) {
      if (!root.properties.has(f)) issues.push({ path: ['criteria', `${i}`, 'facts', `${j}`], message: `unknown fact "${f}"` });
    }
  }

  const env = createFactsEnvironments(root, (doc.definitions ?? []).map((d) => d.name));
  const definitions = compileDefinitions(doc, env, issues);
  const criteria = doc.criteria.map((c, i) => {
    const at = ['criteria', `${i}`];
    const outcomes = c.outcomes.map((o, j): RuntimeOutcome | null => {
      const oat = [...at, 'outcomes', `${j}`];
      const when = o.when === undefined ? null : compileCel(env, o.when, [...oat, 'when'], issues, 'bool');
      const rationale = compileTemplate(env, o.rationale, [...oat, 'rationale'], issues);
      if ((o.when !== undefined && !when) || !rationale) return null;
      return { when: when?.program ?? null, status: o.status, rationale, nextStep: o.nextStep ?? null };
    });
    checkFactsListed(doc, i, issues);
    return { c, outcomes };
  });

  const countsEnv = createCountsEnvironments();
  const recommendation = doc.recommendation.rules.map((r, i) => {
    const when = r.when === undefined ? null : compileCel(countsEnv, r.when, ['recommendation', 'rules', `${i}`, 'when'], issues, 'bool');
    return { when: when?.program ?? null, recommendation: r.recommendation };
  });
  const levelOfCare = doc.levelOfCare.rules.map((r, i) => {
    const at = ['levelOfCare', 'rules', `${i}`];
    const when = r.when === undefined ? null : compileCel(env, r.when, [...at, 'when'], issues, 'bool');
    const rationale = compileTemplate(env, r.rationale, [...at, 'rationale'], issues);
    return { r, when: when?.program ?? null, rationale };
  });

  if (issues.length) throw new PolicyValidationError(issues);

  const evidenceFacts = [...new Set(doc.criteria.flatMap((c) => c.facts))];
  const runtime: PolicyRuntime = {
    validateFacts: compileFactValidator(root),
    evidence: evidenceFacts.map((f) => compileEvidence(root, f)),
    definitions,
    criteria: criteria.map(({ c, outcomes }) => ({
      id: c.id,
      title: c.title,
      citations: [...c.citations],
      evidence: c.facts.map((f) => evidenceFacts.indexOf(f)),
      outcomes: outcomes as RuntimeOutcome[], // all non-null: no issues
      nextStep: c.nextStep,
      errorRationale: `The criterion could not be evaluated from the documented facts (${c.facts.join(', ')}); it needs manual review.`,
    })),
    recommendation,
    levelOfCare: levelOfCare.map(({ r, when, rationale }) => ({
      when,
      recommendedSetting: r.recommendedSetting,
      inpatientIndicated: r.inpatientIndicated,
      approvedInpatientDays: r.approvedInpatientDays,
      guideline: r.guideline,
      rationale: rationale as Template,
      nextStepWhenChanged: r.nextStepWhenChanged,
    })),
  };

  return Object.freeze({
    doc,
    id: doc.id,
    version: doc.version,
    title: doc.title,
    cptCodes: doc.cptCodes,
    effectiveFrom: doc.effectiveFrom,
    factSchema: doc.factSchema,
    criteria: Object.freeze(
      doc.criteria.map((c) => Object.freeze({ id: c.id, title: c.title, requirement: c.requirement, citations: [...c.citations] })),
    ),
    [RUNTIME]: runtime,
  });
}

function compileDefinitions(doc: PolicyDocument, env: CelEnvironments, issues: PolicyIssue[]): PolicyRuntime['definitions'] {
  const out: PolicyRuntime['definitions'] = [];
  for (const [i, d] of (doc.definitions ?? []).entries()) {
    const c = compileCel(env, d.expression, ['definitions', `${i}`, 'expression'], issues);
    // Registered after compiling, so a definition can only use earlier ones;
    // a broken one is still declared (dyn) to avoid follow-up noise.
    if (!env.check.hasVariable(d.name)) env.check.registerVariable(d.name, c?.type ?? 'dyn', { description: d.description ?? d.name });
    if (c) out.push({ name: d.name, program: c.program });
  }
  return out;
}

/** Rules whose `when` is absent must be last, and the last must have none. */
function checkRules(rules: readonly { when?: string | undefined }[], path: string[], issues: PolicyIssue[]): void {
  rules.forEach((r, i) => {
    const last = i === rules.length - 1;
    if (last && r.when !== undefined) issues.push({ path: [...path, `${i}`, 'when'], message: 'the last rule must have no "when" (it applies otherwise)' });
    if (!last && r.when === undefined) issues.push({ path: [...path, `${i}`], message: 'only the last rule may omit "when"' });
  });
}

function checkStructure(doc: PolicyDocument, issues: PolicyIssue[]): void {
  if (!isIsoDate(doc.effectiveFrom)) issues.push({ path: ['effectiveFrom'], message: 'must be a calendar date' });
  duplicates(doc.cptCodes).forEach((code) => issues.push({ path: ['cptCodes'], message: `duplicate CPT code "${code}"` }));

  const numbers = doc.sources.map((s) => s.number);
  numbers.forEach((n, i) => {
    if (n !== i + 1) issues.push({ path: ['sources', `${i}`, 'number'], message: `sources must be numbered 1..${numbers.length} in order` });
  });
  const cite = (citations: readonly string[], path: string[]) =>
    citations.forEach((c, i) => {
      if (!numbers.includes(Number(c.slice(1, -1)))) issues.push({ path: [...path, `${i}`], message: `citation ${c} does not reference a source` });
    });

  const ids = doc.criteria.map((c) => c.id);
  doc.criteria.forEach((c, i) => {
    const at = ['criteria', `${i}`];
    if (ids.indexOf(c.id) !== i) issues.push({ path: [...at, 'id'], message: `duplicate criterion id "${c.id}"` });
    duplicates(c.facts).forEach((f) => issues.push({ path: [...at, 'facts'], message: `fact "${f}" listed twice` }));
    cite(c.citations, [...at, 'citations']);
    checkRules(c.outcomes, [...at, 'outcomes'], issues);
  });
  doc.levelOfCare.rules.forEach((r, i) => cite(r.citations, ['levelOfCare', 'rules', `${i}`, 'citations']));
  checkRules(doc.recommendation.rules, ['recommendation', 'rules'], issues);
  checkRules(doc.levelOfCare.rules, ['levelOfCare', 'rules'], issues);
  doc.recommendation.rules.forEach((r, i) => {
    if (/[{}]/.test(r.summary)) issues.push({ path: ['recommendation', 'rules', `${i}`, 'summary'], message: 'summary is plain text: no placeholders or braces' });
  });

  const names = (doc.definitions ?? []).map((d) => d.name);
  names.forEach((n, i) => {
    const at = ['definitions', `${i}`, 'name'];
    if (names.indexOf(n) !== i) issues.push({ path: at, message: `duplicate definition "${n}"` });
    if ((RESERVED_VARIABLES as readonly string[]).includes(n)) issues.push({ path: at, message: `"${n}" is a reserved variable` });
  });
}

/** Every fact a criterion's expressions read (directly or via definitions) must be in its `facts`. */
function checkFactsListed(doc: PolicyDocument, index: number, issues: PolicyIssue[]): void {
  const c = doc.criteria[index];
  if (!c) return;
  const defs = new Map((doc.definitions ?? []).map((d) => [d.name, d.expression]));
  const pending = c.outcomes.flatMap((o) => [o.when ?? '', o.rationale]);
  const seenDefs = new Set<string>();
  const read = new Set<string>();
  while (pending.length) {
    const text = pending.pop() as string;
    for (const m of text.matchAll(/\bfacts\.([A-Za-z][A-Za-z0-9]*)/g)) read.add(m[1] as string);
    for (const [name, expr] of defs) {
      if (!seenDefs.has(name) && new RegExp(`\\b${name}\\b`).test(text)) {
        seenDefs.add(name);
        pending.push(expr);
      }
    }
  }
  for (const f of read) {
    if (!c.facts.includes(f)) issues.push({ path: ['criteria', `${index}`, 'facts'], message: `the criterion reads fact "${f}" but does not list it` });
  }
}

function duplicates(xs: readonly string[]): string[] {
  return [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];
}

function zodIssue(issue: $ZodIssue): PolicyIssue {
  const path = issue.path.map(String);
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: `expected ${issue.expected}` };
    case 'unrecognized_keys':
      return { path, message: `unknown key(s): ${issue.keys.join(', ')}` };
    case 'invalid_value':
      return { path, message: `must be one of ${issue.values.map(String).join(', ')}` };
    case 'too_small':
      return { path, message: issue.origin === 'array' ? `must have at least ${issue.minimum} item(s)` : `must be at least ${issue.minimum}` };
    case 'too_big':
      return { path, message: `must be at most ${issue.maximum}` };
    default:
      return { path, message: issue.message };
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
