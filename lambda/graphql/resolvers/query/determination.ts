import { getDetermination } from '../../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';

export const determinationQuery: QueryResolvers['determination'] = (_p, { id }, ctx) => getDetermination(ctx.core, id);
