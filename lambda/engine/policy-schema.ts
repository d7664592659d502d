// Shape of a policy document (policies/<id>/v<n>.json). zod/mini rather than
// the classic `zod` entry: same library and types, ~15 KB instead of ~450 KB
// minified, which matters for the Lambda cold-start bundle budget.
// Deep checks that zod cannot express (CEL, citations, the fact schema
// subset) live in compile.ts.
import * as z from 'zod/mini';
import { LIMITS } from './limits';
import { isSafePolicyUri } from './uri';

/** Any free text in a policy: visible, and bounded (LIMITS.maxTextLength). */
const nonEmpty = z.string().check(z.regex(/\S/, 'must not be blank'), z.maxLength(LIMITS.maxTextLength));
const identifier = z.string().check(z.regex(/^[a-z][A-Za-z0-9]*$/, 'must be a lowerCamelCase identifier'), z.maxLength(LIMITS.maxIdLength));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD format'));
const status = z.enum(['MET', 'NOT_MET', 'UNSURE', 'NOT_APPLICABLE']);
const careSetting = z.enum(['INPATIENT', 'OBSERVATION', 'OUTPATIENT']);
const recommendation = z.enum(['MEDICALLY_NECESSARY', 'NOT_MEDICALLY_NECESSARY', 'INSUFFICIENT_INFORMATION']);
/** "[1]": a reference to a numbered source. */
const citation = z.string().check(z.regex(/^\[[1-9]\d*\]$/, 'must look like [1]'));
/** A CEL expression; compile.ts parses and type-checks it. */
const cel = z.string().check(z.regex(/\S/, 'must not be blank'), z.maxLength(LIMITS.maxExpressionLength));
/** Text with `{cel expression}` placeholders; `{{` and `}}` are literal braces. */
const template = nonEmpty;

const source = z.strictObject({
  number: z.int().check(z.gte(1)),
  text: nonEmpty,
});

const definition = z.strictObject({
  name: identifier,
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

const policyUri = z.string().check(z.maxLength(LIMITS.maxIdLength), z.refine(isSafePolicyUri, 'must be an https: URL or a urn:'));

/** A coded reason (e.g. for a denial), from the code system the policy declares. */
const reasonCode = z.strictObject({
  code: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a code (letters, digits, _ . -)'), z.maxLength(LIMITS.maxIdLength)),
  system: policyUri,
  display: z.optional(nonEmpty),
});

const criterion = z.strictObject({
  id: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE'), z.maxLength(LIMITS.maxIdLength)),
  title: nonEmpty,
  /** What the member's letter says when the criterion is not met, in plain words (grade 8 or below). */
  plainReason: z.optional(nonEmpty),
  requirement: nonEmpty,
  /** Top-level clinical facts the criterion reads; shown as evidence. */
  facts: z.array(nonEmpty).check(z.minLength(1), z.maxLength(LIMITS.maxCriterionFacts)),
  citations: z.array(citation).check(z.minLength(1), z.maxLength(LIMITS.maxCriterionCitations)),
  /** Shown when the criterion is not MET (NOT_MET or UNSURE). */
  nextStep: nonEmpty,
  outcomes: z.array(outcome).check(z.minLength(1), z.maxLength(LIMITS.maxRules)),
  /** Coded reason used when the criterion is the ground of an adverse determination. */
  reasonCode,
  /**
   * Optional: the X12 review decision reason code (code source 886) for the same ground, for
   * the FHIR door's reasonCode (PAS binds it to 886). Licensed X12 data: a plan adds the
   * codes it holds; none is invented here.
   */
  x12ReasonCode: z.optional(z.string().check(z.regex(/^[0-9A-Z]{1,3}$/, 'must be an X12 code (1 to 3 upper-case letters or digits)'))),
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
  /** A fixed number of days, or a CEL expression giving an int (clamped at 0). */
  approvedInpatientDays: z.union([z.int().check(z.gte(0), z.lte(365)), cel]),
  guideline: nonEmpty,
  citations: z.array(citation),
  rationale: template,
  /** Added to nextSteps when the request differs from this verdict. */
  nextStepWhenChanged: nonEmpty,
});

/**
 * A named threshold, declared once and used by name: `params.<name>` in CEL,
 * `{params.<name>}` in any text (rendered as `text`, or value and unit).
 * Integral numbers are CEL ints, others doubles; string lists are list<string>.
 */
const parameter = z.strictObject({
  value: z.union([z.number().check(z.refine(Number.isFinite, 'must be finite')), z.array(z.string().check(z.maxLength(LIMITS.maxIdLength))).check(z.maxLength(LIMITS.maxListLiteral))]),
  unit: z.optional(z.string().check(z.maxLength(40))),
  /** How the value reads in text, e.g. "70%"; default: value and unit. */
  text: z.optional(nonEmpty),
  description: nonEmpty,
});

const levelOfCareInput = z.strictObject({ setting: careSetting, inpatientDays: z.int().check(z.gte(0), z.lte(365)) });

/** A worked case the policy must decide as stated; compilePolicy runs it. */
const example = z.strictObject({
  name: nonEmpty,
  evaluationDate: z.optional(isoDate),
  facts: z.record(z.string(), z.unknown()),
  icd10Codes: z.optional(z.array(z.string().check(z.maxLength(10))).check(z.maxLength(LIMITS.maxIcd10Codes))),
  requestedLevelOfCare: levelOfCareInput,
  expected: z.strictObject({
    /** criterion id -> status; every criterion must be listed. */
    statuses: z.record(z.string(), status),
    recommendation,
    metCount: z.optional(z.int()),
    totalCount: z.optional(z.int()),
    levelOfCare: z.strictObject({
      recommendedSetting: careSetting,
      inpatientIndicated: z.boolean(),
      approvedInpatientDays: z.int().check(z.gte(0)),
      guideline: z.optional(nonEmpty),
      changed: z.optional(z.boolean()),
    }),
  }),
});

const cptCode = z.string().check(z.regex(/^[0-9A-Z]{5}$/, 'must be a 5-character CPT/HCPCS code'));

/**
 * An add-on code of one of the policy's CPT codes: the code that certifies each further
 * unit (e.g. each further fusion level), and the integer fact that counts every unit, the
 * primary code's one included (further units = fact − 1; an absent fact counts 1).
 */
const addOn = z.strictObject({
  code: cptCode,
  unitsFact: identifier,
});

export const policyDocumentSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be lower-kebab-case'), z.maxLength(LIMITS.maxIdLength)),
  version: z.int().check(z.gte(1), z.lte(1_000_000)),
  title: nonEmpty,
  /** Noun phrase used in the report, e.g. "sacroiliac (SI) joint fusion". */
  procedure: nonEmpty,
  /** The service in words a member knows, for the member's letter, e.g. "knee replacement surgery". */
  plainName: z.optional(nonEmpty),
  cptCodes: z.array(cptCode).check(z.minLength(1), z.maxLength(LIMITS.maxCptCodes)),
  /** Per CPT code of `cptCodes`, its add-on code (checked in compile.ts). */
  addOnCodes: z.optional(z.record(cptCode, addOn)),
  effectiveFrom: isoDate,
  /** How long an authorization issued under this version is valid (validTo = validFrom + days). */
  authorizationValidityDays: z.int().check(z.gte(1), z.lte(LIMITS.maxAuthorizationValidityDays)),
  sources: z.array(source).check(z.minLength(1), z.maxLength(LIMITS.maxSources)),
  parameters: z.optional(z.record(identifier, parameter)),
  /** JSON Schema (draft 2020-12 subset, see fact-schema.ts) of clinicalFacts. */
  factSchema: z.record(z.string(), z.unknown()),
  definitions: z.optional(z.array(definition).check(z.maxLength(LIMITS.maxDefinitions))),
  criteria: z.array(criterion).check(z.minLength(1), z.maxLength(LIMITS.maxCriteria)),
  recommendation: z.strictObject({ rules: z.array(recommendationRule).check(z.minLength(1), z.maxLength(LIMITS.maxRules)) }),
  levelOfCare: z.strictObject({ rules: z.array(levelOfCareRule).check(z.minLength(1), z.maxLength(LIMITS.maxRules)) }),
  /** Worked cases, including the reference case of the policy's page; all must pass. */
  examples: z.array(example).check(z.minLength(1), z.maxLength(LIMITS.maxExamples)),
});

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type ParameterDoc = NonNullable<PolicyDocument['parameters']>[string];
