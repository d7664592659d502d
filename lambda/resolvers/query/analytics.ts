import { GraphQLError } from 'graphql';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { determinationStats, requestMetrics } from '../../domain/stats';

const MAX_RANGE_DAYS = 3 * 366;

export const determinationStatsQuery: QueryResolvers['determinationStats'] = async (_p, { filter }, ctx) => {
  const { from, to } = filter;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0 || days > MAX_RANGE_DAYS) {
    throw new GraphQLError('to must be on or after from, within 3 years', { extensions: { code: 'BAD_USER_INPUT', field: ['filter', 'to'] } });
  }
  return determinationStats(await ctx.stores.stats.read(from, to), filter.cptCode ?? null);
};

export const priorAuthMetricsQuery: QueryResolvers['priorAuthMetrics'] = async (_p, { year }, ctx) => {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new GraphQLError('year must be between 2000 and 2100', { extensions: { code: 'BAD_USER_INPUT', field: ['year'] } });
  }
  const [items, policies] = await Promise.all([ctx.stores.stats.read(`${year}-01-01`, `${year}-12-31`), ctx.stores.policies.list()]);
  const codes = new Set(policies.filter((p) => p.effectiveFrom <= `${year}-12-31`).flatMap((p) => p.cptCodes));
  return {
    year,
    itemsRequiringPriorAuth: [...codes].sort(),
    standard: requestMetrics(items.filter((i) => i.urgency === 'STANDARD')),
    expedited: requestMetrics(items.filter((i) => i.urgency === 'EXPEDITED')),
  };
};
