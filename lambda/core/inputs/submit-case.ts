// zod/mini: the same zod, tree-shakable (classic zod alone would add ~450 KB to the Lambda bundle).
import * as z from 'zod/mini';
import { factsObject } from './facts-object';
import { idSchema } from './ids';
import { careSettings, DEFAULT_LINE_OF_BUSINESS, linesOfBusiness, urgencies } from '../model/case';

// CPT Category I is 5 digits; HCPCS Level II is a letter A-V and 4 digits.
const CPT_OR_HCPCS = /^(\d{5}|[A-V]\d{4})$/;
// ICD-10-CM: letter, digit, alphanumeric, then optionally a dot and 1-4 alphanumerics.
const ICD10 = /^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/;
/** Diagnoses as on an X12 278 / claim: at most 12 ICD-10-CM codes. */
const icd10CodesSchema = z.array(z.string().check(z.regex(ICD10, 'not an ICD-10-CM code (e.g. M53.3)'))).check(z.maxLength(12, 'at most 12 ICD-10-CM codes'));


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

/** Error codes for fields whose rule deserves a specific code. */
export const submitCaseErrorCodes = (path: readonly PropertyKey[]): 'INVALID_CPT_CODE' | 'INVALID_ICD10_CODE' | 'INVALID_INPATIENT_DAYS' | undefined => {
  const p = path.map(String).join('.');
  if (p === 'requestedService.cptCode') return 'INVALID_CPT_CODE';
  if (p.startsWith('requestedService.icd10Codes.')) return 'INVALID_ICD10_CODE';
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

export const previewErrorCodes = (path: readonly PropertyKey[]): 'INVALID_INPATIENT_DAYS' | undefined =>
  path.map(String).join('.') === 'requestedLevelOfCare.inpatientDays' ? 'INVALID_INPATIENT_DAYS' : undefined;

export type SubmitCaseInput = z.infer<typeof submitCaseInputSchema>;
