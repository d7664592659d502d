import { z } from 'zod';
import { careSettings, urgencies } from './case';

// CPT Category I is 5 digits; HCPCS Level II is a letter A-V and 4 digits.
const CPT_OR_HCPCS = /^(\d{5}|[A-V]\d{4})$/;
// ICD-10-CM: letter, digit, alphanumeric, then optionally a dot and 1-4 alphanumerics.
const ICD10 = /^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/;

const boundedId = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(64, `${what} must be at most 64 characters`);

export const levelOfCareInputSchema = z
  .object({
    setting: z.enum(careSettings),
    inpatientDays: z
      .number()
      .int('inpatientDays must be a whole number')
      .min(0, 'inpatientDays must be >= 0')
      .max(365, 'inpatientDays must be <= 365')
      .nullish()
      .transform((d) => d ?? 0),
  })
  .superRefine((loc, ctx) => {
    if (loc.setting !== 'INPATIENT' && loc.inpatientDays !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['inpatientDays'],
        message: 'inpatientDays must be 0 unless the setting is INPATIENT',
        params: { code: 'INPATIENT_DAYS_NOT_ALLOWED' },
      });
    }
  });

export const submitCaseInputSchema = z.object({
  idempotencyKey: z
    .string()
    .min(1, 'idempotencyKey must not be empty')
    .max(128, 'idempotencyKey must be at most 128 characters')
    .regex(/^[\x21-\x7e]+$/, 'idempotencyKey must be printable ASCII without spaces'),
  memberId: boundedId('memberId'),
  providerId: boundedId('providerId').regex(/^[A-Za-z0-9._:-]+$/, 'providerId may contain letters, digits and . _ : - only'),
  urgency: z.enum(urgencies),
  requestedService: z.object({
    cptCode: z
      .string()
      .regex(CPT_OR_HCPCS, 'cptCode must be a 5-digit CPT code or a HCPCS Level II code (a letter and 4 digits)'),
    icd10Codes: z
      .array(
        z.string().regex(ICD10, 'not an ICD-10-CM code (e.g. M53.3)'),
      )
      .min(1, 'at least one ICD-10-CM code is required')
      .max(12, 'at most 12 ICD-10-CM codes'),
    description: z.string().max(500, 'description must be at most 500 characters').nullish().transform((d) => d ?? null),
  }),
  requestedLevelOfCare: levelOfCareInputSchema,
  clinicalFacts: z.record(z.string(), z.unknown()),
});

/** Error codes for fields whose rule deserves a specific code. */
export const submitCaseErrorCodes = (path: readonly PropertyKey[]): string | undefined => {
  const p = path.map(String).join('.');
  if (p === 'requestedService.cptCode') return 'INVALID_CPT_CODE';
  if (p.startsWith('requestedService.icd10Codes.')) return 'INVALID_ICD10_CODE';
  if (p === 'requestedLevelOfCare.inpatientDays') return 'INVALID_INPATIENT_DAYS';
  return undefined;
};

export type SubmitCaseInput = z.infer<typeof submitCaseInputSchema>;
