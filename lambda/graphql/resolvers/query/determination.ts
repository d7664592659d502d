import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';
import { queryError } from '../../failures';

export const determinationQuery: QueryResolvers['determination'] = async (_p, { id }, ctx) => {
  const r = await (await loadCore()).getDetermination(ctx.core, id);
  if (!r.ok) throw queryError(r);
  return r.value;
};
