import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, type GraphQLSchema } from 'graphql';
import { typeDefsDocument } from '../generated/type-defs-document';
import { authorizedResolvers } from './resolvers';

/**
 * The executable schema, built once per container at module load. The SDL was validated
 * when it was generated (GraphQL Code Generator) and the schema is again by
 * test/unit/graphql/schema.test.ts, so the cold start skips SDL and schema validation; and
 * it was parsed then too (lambda/generated/type-defs-document.ts, no locations), so the cold
 * start does not parse it either (about 10 ms).
 */
export function buildExecutableSchema(): GraphQLSchema {
  // assumeValid: the type-system validation graphql-js would run on the first request
  // (about 40 ms of a cold start) already ran in the unit test, on the same SDL.
  const schema = buildASTSchema(typeDefsDocument, { assumeValidSDL: true, assumeValid: true });
  // In place: mapping the schema to a copy would construct (and re-index) it again.
  return addResolversToSchema({ schema, resolvers: authorizedResolvers, updateResolversInPlace: true });
}
