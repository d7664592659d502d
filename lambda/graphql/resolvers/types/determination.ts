import type { AuditEntryResolvers, DeterminationResolvers } from '../../../generated/resolvers-types';

export const Determination: DeterminationResolvers = {
  case: async (d, _args, ctx) => {
    const col = await ctx.loaders.caseCollection.load(d.caseId);
    if (!col) throw new Error('determination without its case');
    return col.case;
  },
  policy: async (d, _args, ctx) => {
    const p = await ctx.stores.policies.get(d.policyId, d.policyVersion);
    if (!p) throw new Error('policy version missing');
    return p;
  },
};

export const AuditEntry: AuditEntryResolvers = {
  actor: (a) => a.actorSub,
  role: (a) => a.actorRole,
};
