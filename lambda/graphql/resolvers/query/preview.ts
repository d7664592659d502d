import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';
import { queryError } from '../../failures';

/** Evaluates without writing anything; problems are BAD_USER_INPUT errors with the field path. */
export const previewQuery: QueryResolvers['previewDetermination'] = async (_p, { input }, ctx) => {
  const r = await (await loadCore()).previewDetermination(ctx.core, input);
  if (!r.ok) throw queryError(r);
  return { ...r.value.evaluation, policy: r.value.policy };
};
