import { describe, expect, it } from 'vitest';
import { previewErrorCodes, previewInputSchema, submitCaseErrorCodes, submitCaseInputSchema } from '../../../lambda/core/inputs/submit-case';
import { errorsFromZod } from '../../../lambda/core/inputs/zod-errors';
import { demoCaseInput } from '../../../scripts/local/demo-case';

const valid = () => structuredClone(demoCaseInput) as Record<string, any>;
const errorsOf = (input: unknown) => {
  const r = submitCaseInputSchema.safeParse(input);
  return r.success ? [] : errorsFromZod(r.error, ['input'], submitCaseErrorCodes);
};

describe('submitCase input validation', () => {
  it('accepts the reference case and defaults inpatientDays to 0 outside INPATIENT', () => {
    expect(errorsOf(valid())).toEqual([]);
    const i = valid();
    i.requestedLevelOfCare = { setting: 'OUTPATIENT' };
    const parsed = submitCaseInputSchema.parse(i);
    expect(parsed.requestedLevelOfCare.inpatientDays).toBe(0);
  });

  it.each(['27279', 'L8699', 'E0784'])('accepts the service code %s', (cptCode) => {
    const i = valid();
    i.requestedService.cptCode = cptCode;
    expect(errorsOf(i)).toEqual([]);
  });

  it.each(['2727', '272790', 'X1234', 'l8699', '27 79'])('refuses the service code %s', (cptCode) => {
    const i = valid();
    i.requestedService.cptCode = cptCode;
    expect(errorsOf(i)).toEqual([expect.objectContaining({ field: ['input', 'requestedService', 'cptCode'], code: 'INVALID_CPT_CODE' })]);
  });

  it.each(['M46.1', 'M51.34', 'S32.10XA', 'Z99', 'U07.1'])('accepts the ICD-10-CM code %s', (code) => {
    const i = valid();
    i.requestedService.icd10Codes = [code];
    expect(errorsOf(i)).toEqual([]);
  });

  it.each(['7M4.1', 'M4', '461', 'M46.12345', 'M4.61', 'M46..1', 'M46.', 'M\u200b46.1', ''])('refuses the ICD-10-CM code %j', (code) => {
    const i = valid();
    i.requestedService.icd10Codes = [code];
    expect(errorsOf(i)).toEqual([expect.objectContaining({ field: ['input', 'requestedService', 'icd10Codes', '0'], code: 'INVALID_ICD10_CODE' })]);
  });

  it.each([
    ['g834', 'G83.4'],
    ['m5450', 'M54.50'],
    ['M5450', 'M54.50'],
    ['m54.50', 'M54.50'],
    ['m46.1', 'M46.1'],
    [' M53.3 ', 'M53.3'],
    ['z99', 'Z99'],
    ['s3210xa', 'S32.10XA'],
  ])('accepts %j with or without the dot, in either case, and stores it as %s', (code, normalized) => {
    const i = valid();
    i.requestedService.icd10Codes = [code];
    expect(submitCaseInputSchema.parse(i).requestedService.icd10Codes).toEqual([normalized]);
  });

  it('refuses a malformed code with INVALID_ICD10_CODE in previewDetermination too, and normalizes its codes alike', () => {
    const preview = (icd10Codes: unknown) => previewInputSchema.safeParse({ cptCode: '72148', clinicalFacts: {}, icd10Codes });
    const bad = preview(['M4.61']);
    expect(bad.success ? [] : errorsFromZod(bad.error, ['input'], previewErrorCodes)).toEqual([
      expect.objectContaining({ field: ['input', 'icd10Codes', '0'], code: 'INVALID_ICD10_CODE' }),
    ]);
    const good = preview(['g834', 'm5450']);
    expect(good.success && good.data.icd10Codes).toEqual(['G83.4', 'M54.50']);
  });

  it('reports every problem at once, each with its path', () => {
    const i = valid();
    i.providerId = '';
    i.requestedLevelOfCare = { setting: 'OBSERVATION', inpatientDays: 3 };
    const fields = errorsOf(i).map((e) => e.field?.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['input.providerId', 'input.requestedLevelOfCare.inpatientDays']));
  });
});
