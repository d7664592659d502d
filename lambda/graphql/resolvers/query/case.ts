import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';
import { queryError } from '../../failures';

/** A case the caller may not see is indistinguishable from a missing one (the core decides). */
export const caseQuery: QueryResolvers['case'] = async (_parent, { id }, ctx) => {
  const r = await (await loadCore()).getCase(ctx.core, id);
  if (!r.ok) throw queryError(r);
  return r.value?.case ?? null;
};
