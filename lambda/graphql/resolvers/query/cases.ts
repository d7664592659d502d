import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';
import { queryError } from '../../failures';

export const casesQuery: QueryResolvers['cases'] = async (_parent, args, ctx) => {
  const r = await (await loadCore()).listCases(ctx.core, args);
  if (!r.ok) throw queryError(r);
  const { edges, hasNextPage } = r.value;
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
};
