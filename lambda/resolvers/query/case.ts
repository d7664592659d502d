import type { QueryResolvers } from '../../generated/resolvers-types';
import { canSeeCase } from '../../auth/permissions';

/** A case the caller may not see is indistinguishable from a missing one. */
export const caseQuery: QueryResolvers['case'] = async (_parent, { id }, ctx) => {
  const collection = await ctx.loaders.caseCollection.load(id);
  if (!collection || !canSeeCase(ctx.caller, collection.case)) return null;
  return collection.case;
};
