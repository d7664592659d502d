import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';
import { queryError } from '../../failures';

export const determinationStatsQuery: QueryResolvers['determinationStats'] = async (_p, { filter }, ctx) => {
  const r = await (await loadCore()).determinationStats(ctx.core, filter);
  if (!r.ok) throw queryError(r);
  return r.value;
};

export const priorAuthMetricsQuery: QueryResolvers['priorAuthMetrics'] = async (_p, { year }, ctx) => {
  const r = await (await loadCore()).priorAuthMetrics(ctx.core, year);
  if (!r.ok) throw queryError(r);
  return r.value;
};
