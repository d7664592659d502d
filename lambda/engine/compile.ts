// compilePolicy: validates a policy document and compiles everything a
// request needs (fact validator, CEL programs, templates, evidence
// formatters) exactly once. Every problem is collected and thrown together;
// nothing here can fail later at request time.
import { compileCel, createCountsEnvironments, createFactsEnvironments, type CelEnvironments, type CelProgram } from './cel';
import { PolicyValidationError, type PolicyIssue } from './errors';
import { compileEvidence, type EvidenceFn } from './evidence';
import { parseFactSchema } from './fact-schema';
import { compileFactValidator, type FactValidator } from './fact-validator';
import { checkFactsListed, checkStructure, zodIssue } from './policy-checks';
import { policyDocumentSchema, type PolicyDocument } from './policy-schema';
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
      doc.criteria.map((c) => Object.freeze({ id: c.id, title: c.title, requirement: c.requirement, citations: Object.freeze([...c.citations]) as string[] })),
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
