import { loadCore } from '../../core';
import type { MutationResolvers } from '../../../generated/resolvers-types';
import { userErrorsOf } from '../../failures';

export const publishPolicyMutation: MutationResolvers['publishPolicy'] = async (_p, { input }, ctx) => {
  const r = await (await loadCore()).publishPolicy(ctx.core, input);
  return r.ok ? { policy: r.value, userErrors: [] } : { policy: null, userErrors: userErrorsOf(r) };
};
