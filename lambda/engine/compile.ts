// compilePolicy: validates a policy document and compiles everything a
// request needs (fact validator, CEL programs, templates, evidence
// formatters) exactly once. Every problem is collected and thrown together;
// nothing here can fail later at request time.
import { BoundsContext, type Abs } from './bounds';
import {
  compileCel,
  createCountsEnvironments,
  createFactsEnvironments,
  levelOfCareEnvironments,
  type CelEnvironments,
  type CelParameter,
  type CelProgram,
} from './cel';
import { collectDisplayTexts, type DisplayTexts } from './display';
import { PolicyValidationError, type PolicyIssue } from './errors';
import { compileEvidence, type EvidenceFn } from './evidence';
import { runExamples } from './examples';
import { parseFactSchema, type ObjectNode } from './fact-schema';
import { compileFactValidator, type FactValidator } from './fact-validator';
import { documentBoundsError } from './limits';
import { checkFactsListed, checkStructure, zodIssue } from './policy-checks';
import { policyDocumentSchema, type ParameterDoc, type PolicyDocument } from './policy-schema';
import { compileTemplate, renderStaticText, type Template } from './template';
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
  /** A fixed number, or a CEL program giving an int. */
  approvedInpatientDays: number | CelProgram;
  guideline: string;
  /** Rendered after the days are known: may read `approvedInpatientDays`. */
  rationale: Template;
  nextStepWhenChanged: Template;
}

export interface PolicyRuntime {
  validateFacts: FactValidator;
  /** One formatter per fact used by any criterion; shared so each runs once per evaluation. */
  evidence: EvidenceFn[];
  definitions: { name: string; program: CelProgram }[];
  criteria: RuntimeCriterion[];
  recommendation: { when: CelProgram | null; recommendation: Recommendation }[];
  levelOfCare: RuntimeLevelOfCare[];
  /** `params` as CEL reads it (ints as bigint). */
  params: Record<string, unknown>;
  display: DisplayTexts;
}

/** A coded reason from the code system the policy declares (e.g. for a denial). */
export interface ReasonCode {
  code: string;
  system: string;
  display?: string;
}

export interface CriterionInfo {
  id: string;
  title: string;
  /** With `{params.x}` rendered. */
  requirement: string;
  citations: string[];
  reasonCode: ReasonCode;
  /** The X12 review decision reason code (886) the policy declares for this criterion, if any. */
  x12ReasonCode?: string;
}

/** A named threshold of the policy, as declared. */
export interface ParameterInfo {
  name: string;
  value: number | readonly string[];
  unit: string | undefined;
  /** How the value reads in text, e.g. "70%". */
  text: string;
  description: string;
}

/** The add-on code of a CPT code, and the integer fact that counts every unit (see policy-schema.ts). */
export interface AddOnInfo {
  code: string;
  unitsFact: string;
}

export interface CompiledPolicy {
  readonly doc: PolicyDocument;
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly cptCodes: readonly string[];
  /** Per CPT code of `cptCodes` that has one, its add-on code. */
  readonly addOnCodes: Readonly<Record<string, AddOnInfo>>;
  readonly effectiveFrom: string;
  readonly factSchema: Readonly<Record<string, unknown>>;
  readonly criteria: readonly CriterionInfo[];
  /** Days an authorization issued under this version is valid (validTo = validFrom + days). */
  readonly authorizationValidityDays: number;
  readonly parameters: readonly ParameterInfo[];
  readonly [RUNTIME]: PolicyRuntime;
}

function paramText(p: ParameterDoc): string {
  if (p.text !== undefined) return p.text;
  const v = Array.isArray(p.value) ? p.value.join(', ') : String(p.value);
  return p.unit ? `${v} ${p.unit}` : v;
}

function celParameter(p: ParameterDoc): { cel: CelParameter; abs: Abs } {
  if (Array.isArray(p.value)) {
    const longest = Math.max(0, ...p.value.map((x) => x.length));
    return { cel: { type: 'list<string>', value: p.value }, abs: { kind: 'list', size: p.value.length, elem: { kind: 'string', size: longest } } };
  }
  const n = p.value;
  return Number.isInteger(n) ? { cel: { type: 'int', value: BigInt(n) }, abs: { kind: 'scalar', size: 1 } } : { cel: { type: 'double', value: n }, abs: { kind: 'scalar', size: 1 } };
}

export function compilePolicy(input: unknown): CompiledPolicy {
  // Size and depth first, iteratively: an over-large or deep document is one clear issue.
  const tooBig = documentBoundsError(input);
  if (tooBig) throw new PolicyValidationError([{ path: [], message: tooBig }]);
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

  checkAddOns(doc, root, issues);

  const display = collectDisplayTexts(root);
  const paramDocs = Object.entries(doc.parameters ?? {});
  const paramTexts = new Map(paramDocs.map(([name, p]) => [name, paramText(p)]));
  const celParams = new Map(paramDocs.map(([name, p]) => [name, celParameter(p)]));
  const paramValues: Record<string, unknown> = {};
  for (const [name, p] of celParams) paramValues[name] = p.cel.value;
  const enumPaths = new Map([...display.values].map(([path, m]) => [path, Math.max(0, ...[...m.values()].map((t) => t.length))]));
  const bounds = BoundsContext.forFacts(root, new Map([...celParams].map(([n, p]) => [n, p.abs])), enumPaths);
  const displayValueFn = (path: string, value: string): string => display.values.get(path)?.get(value) ?? value;
  const env = createFactsEnvironments(
    root,
    (doc.definitions ?? []).map((d) => d.name),
    new Map([...celParams].map(([n, p]) => [n, p.cel])),
    displayValueFn,
    bounds,
  );
  const text = (t: string, path: string[]) => renderStaticText(t, paramTexts, path, issues) ?? t;

  const definitions = compileDefinitions(doc, env, bounds, issues);
  const criteria = doc.criteria.map((c, i) => {
    const at = ['criteria', `${i}`];
    const outcomes = c.outcomes.map((o, j): RuntimeOutcome | null => {
      const oat = [...at, 'outcomes', `${j}`];
      const when = o.when === undefined ? null : compileCel(env, o.when, [...oat, 'when'], issues, 'bool');
      const rationale = compileTemplate(env, o.rationale, [...oat, 'rationale'], issues, paramTexts);
      const nextStep = o.nextStep === undefined ? null : text(o.nextStep, [...oat, 'nextStep']);
      if ((o.when !== undefined && !when) || !rationale) return null;
      return { when: when?.program ?? null, status: o.status, rationale, nextStep };
    });
    checkFactsListed(doc, i, issues);
    return {
      c,
      outcomes,
      requirement: text(c.requirement, [...at, 'requirement']),
      nextStep: text(c.nextStep, [...at, 'nextStep']),
    };
  });

  const countsEnv = createCountsEnvironments(bounds);
  const recommendation = doc.recommendation.rules.map((r, i) => {
    const when = r.when === undefined ? null : compileCel(countsEnv, r.when, ['recommendation', 'rules', `${i}`, 'when'], issues, 'bool');
    return { when: when?.program ?? null, recommendation: r.recommendation };
  });
  const locEnv = levelOfCareEnvironments(env);
  const levelOfCare = doc.levelOfCare.rules.map((r, i): RuntimeLevelOfCare | null => {
    const at = ['levelOfCare', 'rules', `${i}`];
    const when = r.when === undefined ? null : compileCel(env, r.when, [...at, 'when'], issues, 'bool');
    const days =
      typeof r.approvedInpatientDays === 'number'
        ? r.approvedInpatientDays
        : (compileCel(env, r.approvedInpatientDays, [...at, 'approvedInpatientDays'], issues, 'int')?.program ?? null);
    const rationale = compileTemplate(locEnv, r.rationale, [...at, 'rationale'], issues, paramTexts);
    const nextStepWhenChanged = compileTemplate(locEnv, r.nextStepWhenChanged, [...at, 'nextStepWhenChanged'], issues, paramTexts);
    if ((r.when !== undefined && !when) || days === null || !rationale || !nextStepWhenChanged) return null;
    return {
      when: when?.program ?? null,
      recommendedSetting: r.recommendedSetting,
      inpatientIndicated: r.inpatientIndicated,
      approvedInpatientDays: days,
      guideline: text(r.guideline, [...at, 'guideline']),
      rationale,
      nextStepWhenChanged,
    };
  });

  if (issues.length) throw new PolicyValidationError(issues);

  const evidenceFacts = [...new Set(doc.criteria.flatMap((c) => c.facts))];
  const runtime: PolicyRuntime = {
    validateFacts: compileFactValidator(root),
    evidence: evidenceFacts.map((f) => compileEvidence(root, f)),
    definitions,
    criteria: criteria.map(({ c, outcomes, nextStep }) => ({
      id: c.id,
      title: c.title,
      citations: [...c.citations],
      evidence: c.facts.map((f) => evidenceFacts.indexOf(f)),
      outcomes: outcomes as RuntimeOutcome[], // all non-null: no issues
      nextStep,
      errorRationale: `The criterion could not be evaluated from the documented facts (${c.facts.map((f) => root.properties.get(f)?.title ?? f).join('; ')}); it needs manual review.`,
    })),
    recommendation,
    levelOfCare: levelOfCare as RuntimeLevelOfCare[], // all non-null: no issues
    params: Object.freeze(paramValues),
    display,
  };

  const policy: CompiledPolicy = Object.freeze({
    doc,
    id: doc.id,
    version: doc.version,
    title: doc.title,
    cptCodes: doc.cptCodes,
    addOnCodes: Object.freeze(Object.fromEntries(Object.entries(doc.addOnCodes ?? {}).map(([cpt, a]) => [cpt, Object.freeze({ code: a.code, unitsFact: a.unitsFact })]))),
    effectiveFrom: doc.effectiveFrom,
    factSchema: doc.factSchema,
    criteria: Object.freeze(
      criteria.map(({ c, requirement }) =>
        Object.freeze({
          id: c.id,
          title: c.title,
          requirement,
          citations: Object.freeze([...c.citations]) as string[],
          reasonCode: Object.freeze({ ...c.reasonCode }),
          ...(c.x12ReasonCode ? { x12ReasonCode: c.x12ReasonCode } : {}),
        }),
      ),
    ),
    authorizationValidityDays: doc.authorizationValidityDays,
    parameters: Object.freeze(
      paramDocs.map(([name, p]) =>
        Object.freeze({ name, value: p.value, unit: p.unit, text: paramText(p), description: p.description }),
      ),
    ),
    [RUNTIME]: runtime,
  });

  // The policy's own worked cases must come out as it states; else it is refused.
  const exampleIssues = runExamples(policy);
  if (exampleIssues.length) throw new PolicyValidationError(exampleIssues);
  return policy;
}

/**
 * Add-on codes: each belongs to one of the policy's CPT codes, is none of them itself, and
 * counts its units with a top-level integer fact of at least 1 and a bounded maximum.
 */
function checkAddOns(doc: PolicyDocument, root: ObjectNode, issues: PolicyIssue[]): void {
  for (const [cpt, a] of Object.entries(doc.addOnCodes ?? {})) {
    const at = ['addOnCodes', cpt];
    if (!doc.cptCodes.includes(cpt)) issues.push({ path: at, message: `"${cpt}" is not one of the policy's cptCodes` });
    if (doc.cptCodes.includes(a.code)) issues.push({ path: [...at, 'code'], message: `add-on code "${a.code}" is one of the policy's cptCodes` });
    const fact = root.properties.get(a.unitsFact);
    if (!fact) issues.push({ path: [...at, 'unitsFact'], message: `unknown fact "${a.unitsFact}"` });
    else if (fact.kind !== 'integer' || fact.minimum === undefined || fact.minimum < 1 || fact.maximum === undefined) {
      issues.push({ path: [...at, 'unitsFact'], message: `fact "${a.unitsFact}" must be an integer with "minimum" of at least 1 and a "maximum"` });
    }
  }
}

function compileDefinitions(doc: PolicyDocument, env: CelEnvironments, bounds: BoundsContext, issues: PolicyIssue[]): PolicyRuntime['definitions'] {
  const out: PolicyRuntime['definitions'] = [];
  for (const [i, d] of (doc.definitions ?? []).entries()) {
    const c = compileCel(env, d.expression, ['definitions', `${i}`, 'expression'], issues);
    if (c?.abs) bounds.define(d.name, c.abs);
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
