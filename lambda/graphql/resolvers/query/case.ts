import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';

/** A case the caller may not see is indistinguishable from a missing one (the core decides). */
export const caseQuery: QueryResolvers['case'] = async (_parent, { id }, ctx) => (await (await loadCore()).getCase(ctx.core, id))?.case ?? null;
