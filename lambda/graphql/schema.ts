import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { typeDefs } from '../generated/type-defs';
import { authorizedResolvers } from './resolvers';

/**
 * The executable schema, built once per container at module load. The SDL was validated
 * when it was generated (GraphQL Code Generator) and the schema is again by
 * test/unit/graphql/schema.test.ts, so the cold start skips SDL and schema validation and
 * AST locations.
 */
export function buildExecutableSchema(): GraphQLSchema {
  // assumeValid: the type-system validation graphql-js would run on the first request
  // (about 40 ms of a cold start) already ran in the unit test, on the same SDL.
  const schema = buildASTSchema(parse(typeDefs, { noLocation: true }), { assumeValidSDL: true, assumeValid: true });
  // In place: mapping the schema to a copy would construct (and re-index) it again.
  return addResolversToSchema({ schema, resolvers: authorizedResolvers, updateResolversInPlace: true });
}
