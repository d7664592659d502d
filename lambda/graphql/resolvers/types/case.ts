import type { CaseResolvers } from '../../../generated/resolvers-types';

/** Determinations, audit and notices come from the case's item collection: one Query per case per request. */
export const Case: CaseResolvers = {
  determinations: async (c, _args, ctx) => (await ctx.loaders.caseCollection.load(c.id))?.determinations ?? [],
  currentDetermination: async (c, _args, ctx) => {
    const version = c.determinationCount;
    return ctx.loaders.determination.load(`${c.id}:${version}`);
  },
  auditTrail: async (c, _args, ctx) => (await ctx.loaders.caseCollection.load(c.id))?.audit ?? [],
  // Notices are items of the same collection: read in the same Query as the case.
  notices: async (c, _args, ctx) => (await ctx.loaders.caseCollection.load(c.id))?.notices ?? [],
  policy: async (c, _args, ctx) => {
    const p = await ctx.stores.policies.get(c.policyId, c.policyVersion);
    if (!p) throw new Error('pinned policy version missing');
    return p;
  },
};
