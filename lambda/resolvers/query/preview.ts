import { GraphQLError } from 'graphql';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { levelOfCareInputSchema } from '../../domain/submit-case-input';
import { checkFacts, runEngine } from '../../services/evaluation';

/** Evaluates without writing anything; problems are BAD_USER_INPUT errors with the field path. */
export const previewQuery: QueryResolvers['previewDetermination'] = async (_p, { input }, ctx) => {
  const now = ctx.now();
  const loc = levelOfCareInputSchema.safeParse(input.requestedLevelOfCare ?? { setting: 'OUTPATIENT' });
  if (!loc.success) {
    throw new GraphQLError('requestedLevelOfCare is invalid', {
      extensions: { code: 'BAD_USER_INPUT', field: ['input', 'requestedLevelOfCare', ...(loc.error.issues[0]?.path.map(String) ?? [])] },
    });
  }
  const policy = await ctx.stores.policies.inEffect(input.cptCode, now.toISOString().slice(0, 10));
  if (!policy) {
    throw new GraphQLError('No medical policy is in effect for this service code today.', {
      extensions: { code: 'BAD_USER_INPUT', reason: 'NO_POLICY_FOR_SERVICE', field: ['input', 'cptCode'] },
    });
  }
  const facts = checkFacts(policy, input.clinicalFacts, ['input', 'clinicalFacts']);
  if (!facts.ok) {
    throw new GraphQLError('clinicalFacts do not match the policy’s fact schema', {
      extensions: { code: 'BAD_USER_INPUT', userErrors: facts.userErrors, field: facts.userErrors[0]?.field },
    });
  }
  return { ...runEngine(policy, facts.facts, { requestedLevelOfCare: loc.data }, now), policy };
};
