import { randomUUID } from 'node:crypto';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { dueAtFor, type CaseRecord } from '../../domain/case';
import { submitCaseErrorCodes, submitCaseInputSchema } from '../../domain/submit-case-input';
import { userErrorsFromZod, type UserError } from '../../domain/user-errors';

export const submitCaseMutation: MutationResolvers['submitCase'] = async (_parent, { input }, ctx) => {
  const parsed = submitCaseInputSchema.safeParse(input);
  if (!parsed.success) return { case: null, userErrors: userErrorsFromZod(parsed.error, ['input'], submitCaseErrorCodes) };
  const data = parsed.data;

  if (ctx.caller.role === 'PROVIDER' && data.providerId !== ctx.caller.providerId) {
    const err: UserError = {
      field: ['input', 'providerId'],
      message: 'A provider may only submit cases for its own providerId.',
      code: 'FORBIDDEN',
    };
    return { case: null, userErrors: [err] };
  }

  const receivedAt = ctx.now();
  const record: CaseRecord = {
    id: randomUUID(),
    version: 1,
    status: 'PENDING_PHYSICIAN_REVIEW',
    urgency: data.urgency,
    memberId: data.memberId,
    providerId: data.providerId,
    requestedService: data.requestedService,
    requestedLevelOfCare: data.requestedLevelOfCare,
    clinicalFacts: data.clinicalFacts,
    receivedAt: receivedAt.toISOString(),
    dueAt: dueAtFor(data.urgency, receivedAt).toISOString(),
    decidedAt: null,
    idempotencyKey: data.idempotencyKey,
  };

  const result = await ctx.stores.cases.createCase(record);
  if (result.created) {
    ctx.loaders.caseCollection.prime(record.id, { case: record, items: [] });
    return { case: record, userErrors: [] };
  }
  const first = await ctx.loaders.caseCollection.load(result.caseId);
  return { case: first?.case ?? null, userErrors: [] };
};
