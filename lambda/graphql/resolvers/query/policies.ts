import { getPolicy, listPolicies } from '../../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';

export const policyQuery: QueryResolvers['policy'] = (_p, { id, version }, ctx) => getPolicy(ctx.core, id, version);
export const policiesQuery: QueryResolvers['policies'] = (_p, _args, ctx) => listPolicies(ctx.core);
