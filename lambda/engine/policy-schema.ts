// Shape of a policy document (policies/<id>/v<n>.json). zod/mini rather than
// the classic `zod` entry: same library and types, ~15 KB instead of ~450 KB
// minified, which matters for the Lambda cold-start bundle budget.
// Deep checks that zod cannot express (CEL, citations, the fact schema
// subset) live in compile.ts.
import * as z from 'zod/mini';

const nonEmpty = z.string().check(z.regex(/\S/, 'must not be blank'));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD format'));
const status = z.enum(['MET', 'NOT_MET', 'UNSURE', 'NOT_APPLICABLE']);
const careSetting = z.enum(['INPATIENT', 'OBSERVATION', 'OUTPATIENT']);
const recommendation = z.enum(['MEDICALLY_NECESSARY', 'NOT_MEDICALLY_NECESSARY', 'INSUFFICIENT_INFORMATION']);
/** "[1]": a reference to a numbered source. */
const citation = z.string().check(z.regex(/^\[[1-9]\d*\]$/, 'must look like [1]'));
/** A CEL expression; compile.ts parses and type-checks it. */
const cel = nonEmpty;
/** Text with `{cel expression}` placeholders; `{{` and `}}` are literal braces. */
const template = nonEmpty;

const source = z.strictObject({
  number: z.int().check(z.gte(1)),
  text: nonEmpty,
});

const definition = z.strictObject({
  name: z.string().check(z.regex(/^[a-z][A-Za-z0-9]*$/, 'must be a lowerCamelCase identifier')),
  description: z.optional(nonEmpty),
  expression: cel,
});

/** Ordered rules: the first whose `when` holds wins; the last has no `when`. */
const outcome = z.strictObject({
  when: z.optional(cel),
  status,
  rationale: template,
  /** Overrides the criterion's next step for this outcome. */
  nextStep: z.optional(nonEmpty),
});

const criterion = z.strictObject({
  id: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE')),
  title: nonEmpty,
  requirement: nonEmpty,
  /** Top-level clinical facts the criterion reads; shown as evidence. */
  facts: z.array(nonEmpty).check(z.minLength(1)),
  citations: z.array(citation).check(z.minLength(1)),
  /** Shown when the criterion is not MET (NOT_MET or UNSURE). */
  nextStep: nonEmpty,
  outcomes: z.array(outcome).check(z.minLength(1)),
});

const recommendationRule = z.strictObject({
  when: z.optional(cel),
  recommendation,
  summary: template,
});

const levelOfCareRule = z.strictObject({
  when: z.optional(cel),
  recommendedSetting: careSetting,
  inpatientIndicated: z.boolean(),
  approvedInpatientDays: z.int().check(z.gte(0)),
  guideline: nonEmpty,
  citations: z.array(citation),
  rationale: template,
  /** Added to nextSteps when the request differs from this verdict. */
  nextStepWhenChanged: nonEmpty,
});

export const policyDocumentSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be lower-kebab-case')),
  version: z.int().check(z.gte(1)),
  title: nonEmpty,
  /** Noun phrase used in the report, e.g. "sacroiliac (SI) joint fusion". */
  procedure: nonEmpty,
  cptCodes: z.array(z.string().check(z.regex(/^[0-9A-Z]{5}$/, 'must be a 5-character CPT/HCPCS code'))).check(z.minLength(1)),
  effectiveFrom: isoDate,
  sources: z.array(source).check(z.minLength(1)),
  /** JSON Schema (draft 2020-12 subset, see fact-schema.ts) of clinicalFacts. */
  factSchema: z.record(z.string(), z.unknown()),
  definitions: z.optional(z.array(definition)),
  criteria: z.array(criterion).check(z.minLength(1)),
  recommendation: z.strictObject({ rules: z.array(recommendationRule).check(z.minLength(1)) }),
  levelOfCare: z.strictObject({ rules: z.array(levelOfCareRule).check(z.minLength(1)) }),
});

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyCriterionDoc = PolicyDocument['criteria'][number];
export type PolicyOutcomeDoc = PolicyCriterionDoc['outcomes'][number];
export type LevelOfCareRuleDoc = PolicyDocument['levelOfCare']['rules'][number];
export type RecommendationRuleDoc = PolicyDocument['recommendation']['rules'][number];
