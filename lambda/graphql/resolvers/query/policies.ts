import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';

export const policyQuery: QueryResolvers['policy'] = async (_p, { id, version }, ctx) => (await loadCore()).getPolicy(ctx.core, id, version);
export const policiesQuery: QueryResolvers['policies'] = async (_p, _args, ctx) => (await loadCore()).listPolicies(ctx.core);
