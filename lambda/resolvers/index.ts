import type { Resolvers } from '../generated/resolvers-types';
import { enforceAuthorization } from '../auth/enforce';
import { scalars } from './scalars';
import { caseQuery } from './query/case';
import { casesQuery } from './query/cases';
import { submitCaseMutation } from './mutation/submit-case';

const resolvers: Resolvers = {
  ...scalars,
  Query: {
    case: caseQuery,
    cases: casesQuery,
  },
  Mutation: {
    submitCase: submitCaseMutation,
  },
};

/** The resolver map with the authorization layer applied; the only one the server uses. */
export const authorizedResolvers = enforceAuthorization(resolvers as unknown as Record<string, Record<string, unknown>>);
