import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';
import { queryError } from '../../failures';

export const policyQuery: QueryResolvers['policy'] = async (_p, { id, version }, ctx) => {
  const r = await (await loadCore()).getPolicy(ctx.core, id, version);
  if (!r.ok) throw queryError(r);
  return r.value;
};

export const policiesQuery: QueryResolvers['policies'] = async (_p, _args, ctx) => {
  const r = await (await loadCore()).listPolicies(ctx.core);
  if (!r.ok) throw queryError(r);
  return r.value;
};
