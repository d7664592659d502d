// zod/mini: the same zod, tree-shakable (classic zod alone would add ~450 KB to the Lambda bundle).
import * as z from 'zod/mini';
import { factsObject } from './facts-object';
import { idSchema } from './ids';
import { careSettings, DEFAULT_LINE_OF_BUSINESS, linesOfBusiness, urgencies } from '../model/case';

// CPT Category I is 5 digits; HCPCS Level II is a letter A-V and 4 digits.
const CPT_OR_HCPCS = /^(\d{5}|[A-V]\d{4})$/;
/**
 * ICD-10-CM as EHRs and X12 send it: a letter, a digit, a letter or digit, then up to 4
 * letters or digits, with or without the dot after the third character, in either case.
 */
const ICD10 = /^[A-Za-z]\d[0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/;

/** The stored and shown form: upper-case, a dot after the third character (`g834` → `G83.4`, `m5450` → `M54.50`). */
export function normalizeIcd10Code(code: string): string {
  const bare = code.trim().replace('.', '').toUpperCase();
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
}

const icd10Code = z.pipe(
  z.string().check(z.refine((c) => c.length <= 16 && ICD10.test(c.trim()), 'not an ICD-10-CM code (e.g. M53.3 or m533)')),
  z.transform(normalizeIcd10Code),
);
/** Diagnoses as on an X12 278 / claim: at most 12 ICD-10-CM codes. */
const icd10CodesSchema = z.array(icd10Code).check(z.maxLength(12, 'at most 12 ICD-10-CM codes'));

/** An ICD-10-CM code's own field (`…icd10Codes.<i>`): one code for a malformed code, wherever it is sent. */
const isIcd10Path = (p: string) => /(^|\.)icd10Codes\.\d+$/.test(p);

export const levelOfCareInputSchema = z
  .object({
    setting: z.enum(careSettings),
    inpatientDays: z.pipe(
      z.nullish(z.int().check(z.gte(0, 'inpatientDays must be >= 0'), z.lte(365, 'inpatientDays must be <= 365'))),
      z.transform((d) => d ?? 0),
    ),
  })
  .check(
    z.refine((loc) => loc.setting === 'INPATIENT' || loc.inpatientDays === 0, {
      message: 'inpatientDays must be 0 unless the setting is INPATIENT',
      path: ['inpatientDays'],
    }),
  );

export const submitCaseInputSchema = z.object({
  idempotencyKey: z
    .string()
    .check(
      z.minLength(1, 'idempotencyKey must not be empty'),
      z.maxLength(128, 'idempotencyKey must be at most 128 characters'),
      z.regex(/^[\x21-\x7e]+$/, 'idempotencyKey must be printable ASCII without spaces'),
    ),
  memberId: idSchema('memberId'),
  providerId: idSchema('providerId'),
  urgency: z.enum(urgencies),
  /** Optional: the member's line of business (default COMMERCIAL); sets the notices' appeal rights. */
  lineOfBusiness: z.pipe(z.nullish(z.enum(linesOfBusiness)), z.transform((l) => l ?? DEFAULT_LINE_OF_BUSINESS)),
  requestedService: z.object({
    cptCode: z.string().check(z.regex(CPT_OR_HCPCS, 'cptCode must be a 5-digit CPT code or a HCPCS Level II code (a letter and 4 digits)')),
    icd10Codes: icd10CodesSchema.check(z.minLength(1, 'at least one ICD-10-CM code is required')),
    description: z.pipe(z.nullish(z.string().check(z.maxLength(500, 'description must be at most 500 characters'))), z.transform((d) => d ?? null)),
  }),
  requestedLevelOfCare: levelOfCareInputSchema,
  clinicalFacts: factsObject,
  /** Optional: the day the service is planned; an authorization starts no earlier. */
  plannedServiceDate: z.pipe(z.nullish(z.iso.date('plannedServiceDate must be a date (YYYY-MM-DD)')), z.transform((d) => d ?? null)),
});

/** How far ahead a service may be planned: an authorization starts on that day at the latest. */
export const MAX_PLANNED_SERVICE_YEARS = 2;

/**
 * The message when `planned` (YYYY-MM-DD) is more than MAX_PLANNED_SERVICE_YEARS after the
 * day of `receivedAt`; null when within. ("9999-12-31" once gave an authorization ending in
 * year +010000.)
 */
export function plannedServiceDateProblem(planned: string | null, receivedAt: Date): string | null {
  if (planned === null) return null;
  const limit = new Date(receivedAt.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_PLANNED_SERVICE_YEARS);
  return planned > limit.toISOString().slice(0, 10) ? `plannedServiceDate must be at most ${MAX_PLANNED_SERVICE_YEARS} years after the request is received` : null;
}

/** Error codes for fields whose rule deserves a specific code. */
export const submitCaseErrorCodes = (path: readonly PropertyKey[]): 'INVALID_CPT_CODE' | 'INVALID_ICD10_CODE' | 'INVALID_INPATIENT_DAYS' | undefined => {
  const p = path.map(String).join('.');
  if (p === 'requestedService.cptCode') return 'INVALID_CPT_CODE';
  if (isIcd10Path(p)) return 'INVALID_ICD10_CODE';
  if (p === 'requestedLevelOfCare.inpatientDays') return 'INVALID_INPATIENT_DAYS';
  return undefined;
};

/** previewDetermination's input: the service, the facts and (optionally) the level of care. */
export const previewInputSchema = z.object({
  // Any code without a policy gets NO_POLICY_FOR_SERVICE; only its length is bounded here.
  cptCode: z.string().check(z.maxLength(16, 'cptCode must be at most 16 characters')),
  // The diagnoses, for policies whose criteria read them (default none), checked like submit's.
  icd10Codes: z.pipe(z.nullish(icd10CodesSchema), z.transform((c) => c ?? [])),
  clinicalFacts: factsObject,
  requestedLevelOfCare: z.pipe(z.nullish(levelOfCareInputSchema), z.transform((l) => l ?? { setting: 'OUTPATIENT' as const, inpatientDays: 0 })),
});

export const previewErrorCodes = (path: readonly PropertyKey[]): 'INVALID_INPATIENT_DAYS' | 'INVALID_ICD10_CODE' | undefined => {
  const p = path.map(String).join('.');
  if (p === 'requestedLevelOfCare.inpatientDays') return 'INVALID_INPATIENT_DAYS';
  return isIcd10Path(p) ? 'INVALID_ICD10_CODE' : undefined;
};

export type SubmitCaseInput = z.infer<typeof submitCaseInputSchema>;
