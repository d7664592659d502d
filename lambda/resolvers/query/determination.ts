import type { QueryResolvers } from '../../generated/resolvers-types';
import { canSeeCase } from '../../auth/permissions';

export const determinationQuery: QueryResolvers['determination'] = async (_p, { id }, ctx) => {
  const det = await ctx.loaders.determination.load(id);
  if (!det) return null;
  const col = await ctx.loaders.caseCollection.load(det.caseId);
  return col && canSeeCase(ctx.caller, col.case) ? det : null;
};
