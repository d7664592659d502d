import { GraphQLError } from 'graphql';
import type { QueryResolvers } from '../../generated/resolvers-types';
import { planCaseListing } from '../../domain/case-listing-plan';
import { InvalidCursorError } from '../../store/errors';

export const casesQuery: QueryResolvers['cases'] = async (_parent, args, ctx) => {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw new GraphQLError('first must be between 1 and 100', {
      extensions: { code: 'BAD_USER_INPUT', field: ['first'] },
    });
  }
  const plan = planCaseListing({
    filter: args.filter ?? {},
    caller: ctx.caller,
    now: ctx.now(),
  });
  try {
    const page = await ctx.stores.listing.page(plan, first, args.after);
    return {
      edges: page.edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: false,
        startCursor: page.edges[0]?.cursor ?? null,
        endCursor: page.edges.at(-1)?.cursor ?? null,
      },
    };
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw new GraphQLError('after is not a cursor issued for this listing', {
        extensions: { code: 'BAD_USER_INPUT', field: ['after'] },
      });
    }
    throw err;
  }
};
