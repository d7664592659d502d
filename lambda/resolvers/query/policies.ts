import type { QueryResolvers } from '../../generated/resolvers-types';

export const policyQuery: QueryResolvers['policy'] = async (_p, { id, version }, ctx) =>
  version == null ? ctx.stores.policies.latest(id) : ctx.stores.policies.get(id, version);

export const policiesQuery: QueryResolvers['policies'] = async (_p, _args, ctx) => ctx.stores.policies.list();
