import { loadCore } from '../../core';
import type { QueryResolvers } from '../../../generated/resolvers-types';

export const determinationQuery: QueryResolvers['determination'] = async (_p, { id }, ctx) => (await loadCore()).getDetermination(ctx.core, id);
