// Documented bounds of a policy document and its rules. A policy is
// executable content from a user (publishPolicy): everything that can be
// refused statically is refused by compilePolicy, so evaluation time and
// memory per request stay bounded. Values are part of the README's
// hardening table; change them there too.
export const LIMITS = Object.freeze({
  /** Serialized document size (UTF-16 code units of its JSON), checked before anything else. */
  maxDocumentChars: 512 * 1024,
  /** JSON nesting depth of the whole document (checked iteratively: no stack overflow). */
  maxDocumentDepth: 48,
  /** Nesting of objects and lists in the fact schema (an object in a list in an object = 3). */
  maxFactSchemaDepth: 8,
  /** Properties in one fact-schema object. */
  maxFactProperties: 100,
  /** Values in one fact-schema enum. */
  maxEnumValues: 200,
  /** Every list fact must declare maxItems, at most this. */
  maxFactListItems: 200,
  /** Every free-text string fact must declare maxLength, at most this. */
  maxFactStringLength: 10_000,
  /** Ids, names, codes, code systems. */
  maxIdLength: 200,
  /** Any text (titles, requirements, rationales, next steps, sources). */
  maxTextLength: 4_000,
  /** One CEL expression's source text. */
  maxExpressionLength: 4_000,
  maxCptCodes: 50,
  maxSources: 50,
  /** Criteria per policy (the shipped ones have 5 to 8); the API's cost estimate counts on it. */
  maxCriteria: 20,
  /** Facts a criterion reads and sources it cites. */
  maxCriterionFacts: 10,
  maxCriterionCitations: 10,
  /** Evidence lines in one criterion result (longer lists end with "and N more"). */
  maxEvidenceLines: 10,
  maxRules: 50,
  maxDefinitions: 50,
  maxExamples: 50,
  maxListLiteral: 200,
  maxAuthorizationValidityDays: 3_650,
  /** Diagnoses per evaluation (callers validate; evaluate() refuses more). */
  maxIcd10Codes: 25,
  /** CEL parse limits (per expression). */
  maxAstNodes: 600,
  maxAstDepth: 32,
  /** Comprehensions (map, filter, exists, all, exists_one) nested inside each other. */
  maxComprehensionNesting: 2,
  /**
   * Static cost estimate of one expression (abstract steps, with every list
   * at its schema maxItems and every string at its maxLength), and of all
   * expressions of a policy together: an upper bound of one evaluation's work.
   */
  maxExpressionCost: 200_000,
  maxPolicyCost: 500_000,
});

/**
 * Size and depth of a JSON-like value, measured iteratively (a document
 * nested 100,000 deep cannot overflow the stack) and stopping at the first
 * bound exceeded. Returns a message, or null when within bounds.
 */
export function documentBoundsError(input: unknown): string | null {
  let chars = 0;
  const stack: [unknown, number][] = [[input, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v === 'string') chars += v.length + 2;
    else if (typeof v === 'object' && v !== null) {
      if (depth > LIMITS.maxDocumentDepth) return `the document is nested more than ${LIMITS.maxDocumentDepth} levels deep`;
      if (Array.isArray(v)) {
        chars += 2 + v.length;
        for (const x of v) stack.push([x, depth + 1]);
      } else {
        for (const k of Object.keys(v)) {
          chars += k.length + 4;
          stack.push([(v as Record<string, unknown>)[k], depth + 1]);
        }
      }
    } else chars += 8;
    if (chars > LIMITS.maxDocumentChars) return `the document is larger than ${LIMITS.maxDocumentChars / 1024} KB`;
  }
  return null;
}
