import type { MutationResolvers } from '../../generated/resolvers-types';
import * as workflow from '../../services/case-workflow';

// Thin: each mutation validates and runs in lambda/services/case-workflow.ts.
export const submitCaseMutation: MutationResolvers['submitCase'] = (_p, { input }, ctx) => workflow.submitCase(ctx, input);
export const updateClinicalFactsMutation: MutationResolvers['updateClinicalFacts'] = (_p, { input }, ctx) => workflow.updateClinicalFacts(ctx, input);
export const recordDecisionMutation: MutationResolvers['recordDecision'] = async (_p, { input }, ctx) => {
  const r = await workflow.recordDecision(ctx, input);
  return { case: r.case, determination: r.determination ?? null, userErrors: r.userErrors };
};
export const appealCaseMutation: MutationResolvers['appealCase'] = (_p, { input }, ctx) => workflow.appealCase(ctx, input);
export const extendDueDateMutation: MutationResolvers['extendDueDate'] = (_p, { input }, ctx) => workflow.extendDueDate(ctx, input);
