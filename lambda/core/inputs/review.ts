import * as z from 'zod/mini';
import { factsObject } from './facts-object';
import { idSchema } from './ids';
import { careSettings, criterionStatuses, decisions } from '../model/case';
import { hasVisibleText } from './visible-text';

const caseRef = {
  caseId: idSchema('caseId'),
  expectedVersion: z.int().check(z.gte(1, 'expectedVersion must be >= 1')),
};
const reasonText = z.string().check(z.maxLength(2000, 'a reason must be at most 2000 characters'));
const orNull = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.nullish(schema), z.transform((v) => v ?? null));

export const updateClinicalFactsInputSchema = z.object({
  ...caseRef,
  clinicalFacts: factsObject,
});

export const recordDecisionInputSchema = z.object({
  ...caseRef,
  decision: z.enum(decisions),
  reasons: z.array(reasonText).check(z.maxLength(20, 'at most 20 reasons')),
  approvedSetting: orNull(z.enum(careSettings)),
  approvedInpatientDays: orNull(z.int().check(z.gte(0, 'approvedInpatientDays must be >= 0'), z.lte(365, 'approvedInpatientDays must be <= 365'))),
  criterionOverrides: z.pipe(
    z.nullish(
      z
        .array(
          z.object({
            criterionId: idSchema('criterionId'),
            status: z.enum(criterionStatuses),
            rationale: z.string().check(z.trim(), z.minLength(1, 'an override needs a rationale'), z.maxLength(2000)),
          }),
        )
        .check(z.maxLength(50)),
    ),
    z.transform((v) => v ?? []),
  ),
});

export const appealCaseInputSchema = z.object({ ...caseRef, reason: reasonText });

export const extendDueDateInputSchema = z.object({
  ...caseRef,
  days: z.int().check(z.gte(1, 'days must be between 1 and 14'), z.lte(14, 'days must be between 1 and 14')),
  reason: reasonText,
});

export const requestAdditionalInformationInputSchema = z.object({
  ...caseRef,
  items: z
    .array(
      z.string().check(
        z.maxLength(500, 'an item must be at most 500 characters'),
        z.refine(hasVisibleText, 'an item must contain visible text (a letter or a digit)'),
      ),
    )
    .check(z.minLength(1, 'at least one item is required'), z.maxLength(20, 'at most 20 items')),
  respondByDays: z.pipe(
    z.nullish(z.int().check(z.gte(1, 'respondByDays must be between 1 and 14'), z.lte(14, 'respondByDays must be between 1 and 14'))),
    z.transform((d) => d ?? 14),
  ),
});

export const withdrawCaseInputSchema = z.object({ ...caseRef, reason: reasonText });

export type RecordDecisionInput = z.infer<typeof recordDecisionInputSchema>;
