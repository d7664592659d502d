import type * as core from '../../../core';
import { loadCore } from '../../core';
import type { MutationResolvers } from '../../../generated/resolvers-types';
import type { RequestContext } from '../../context';
import { userErrorsOf } from '../../failures';

/**
 * Thin adapters: the input goes to the core as is (the core validates it), the outcome
 * becomes a payload, and this request's loaders learn what changed.
 */
function casePayload(ctx: RequestContext, r: core.Result<core.CaseOutcome>) {
  if (!r.ok) return { case: null, determination: null, userErrors: userErrorsOf(r) };
  const { case: c, determination, effect, notices } = r.value;
  if (effect === 'created') ctx.loaders.caseCollection.prime(c.id, { case: c, determinations: determination ? [determination] : [], audit: [], notices: notices ?? [] });
  if (effect === 'updated') ctx.loaders.caseCollection.clear(c.id);
  return { case: c, determination, userErrors: [] };
}

export const submitCaseMutation: MutationResolvers['submitCase'] = async (_p, { input }, ctx) => casePayload(ctx, await (await loadCore()).submitCase(ctx.core, input));
export const updateClinicalFactsMutation: MutationResolvers['updateClinicalFacts'] = async (_p, { input }, ctx) =>
  casePayload(ctx, await (await loadCore()).updateClinicalFacts(ctx.core, input));
export const recordDecisionMutation: MutationResolvers['recordDecision'] = async (_p, { input }, ctx) => casePayload(ctx, await (await loadCore()).recordDecision(ctx.core, input));
export const appealCaseMutation: MutationResolvers['appealCase'] = async (_p, { input }, ctx) => casePayload(ctx, await (await loadCore()).appealCase(ctx.core, input));
export const extendDueDateMutation: MutationResolvers['extendDueDate'] = async (_p, { input }, ctx) => casePayload(ctx, await (await loadCore()).extendDueDate(ctx.core, input));
export const requestAdditionalInformationMutation: MutationResolvers['requestAdditionalInformation'] = async (_p, { input }, ctx) =>
  casePayload(ctx, await (await loadCore()).requestAdditionalInformation(ctx.core, input));
export const withdrawCaseMutation: MutationResolvers['withdrawCase'] = async (_p, { input }, ctx) => casePayload(ctx, await (await loadCore()).withdrawCase(ctx.core, input));
