import { z } from 'zod';
import { careSettings } from './case';

const caseRef = {
  caseId: z.string().min(1, 'caseId must not be empty').max(64, 'caseId must be at most 64 characters'),
  expectedVersion: z.number().int().min(1, 'expectedVersion must be >= 1'),
};
const reasonText = z.string().max(2000, 'a reason must be at most 2000 characters');

export const updateClinicalFactsInputSchema = z.object({
  ...caseRef,
  clinicalFacts: z.record(z.string(), z.unknown()),
});

export const recordDecisionInputSchema = z.object({
  ...caseRef,
  decision: z.enum(['APPROVED', 'PARTIALLY_APPROVED', 'DENIED']),
  reasons: z.array(reasonText).max(20, 'at most 20 reasons'),
  approvedSetting: z.enum(careSettings).nullish().transform((v) => v ?? null),
  approvedInpatientDays: z.number().int().min(0, 'approvedInpatientDays must be >= 0').max(365).nullish().transform((v) => v ?? null),
  criterionOverrides: z
    .array(
      z.object({
        criterionId: z.string().min(1).max(64),
        status: z.enum(['MET', 'NOT_MET', 'UNSURE', 'NOT_APPLICABLE']),
        rationale: z.string().trim().min(1, 'an override needs a rationale').max(2000),
      }),
    )
    .max(50)
    .nullish()
    .transform((v) => v ?? []),
});

export const appealCaseInputSchema = z.object({
  ...caseRef,
  reason: reasonText,
});

export const extendDueDateInputSchema = z.object({
  ...caseRef,
  days: z.number().int().min(1, 'days must be between 1 and 14').max(14, 'days must be between 1 and 14'),
  reason: reasonText,
});

export type UpdateClinicalFactsInput = z.infer<typeof updateClinicalFactsInputSchema>;
export type RecordDecisionInput = z.infer<typeof recordDecisionInputSchema>;
export type AppealCaseInput = z.infer<typeof appealCaseInputSchema>;
export type ExtendDueDateInput = z.infer<typeof extendDueDateInputSchema>;
