import { assertValidSchema, buildSchema, GraphQLSchema, lexicographicSortSchema, parse, printSchema, validateSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../../lambda/generated/type-defs';
import { typeDefsDocument } from '../../../lambda/generated/type-defs-document';
import { buildExecutableSchema } from '../../../lambda/graphql/schema';

const contract = readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');

describe('the schema the Lambda serves', () => {
  it('is the SDL of schema/, fully valid (the Lambda skips SDL validation at cold start)', () => {
    const full = buildSchema(contract);
    expect(() => assertValidSchema(full)).not.toThrow();
    expect(typeDefs).toContain('submitCase(input: SubmitCaseInput!): SubmitCasePayload!');
    expect(Object.keys(buildSchema(typeDefs).getTypeMap()).sort()).toEqual(Object.keys(full.getTypeMap()).sort());
  });

  it('is built from the SDL of schema/, parsed ahead of time', () => {
    // The pre-parsed document (what the Lambda builds from) is the SDL, not a stale copy of it.
    expect(typeDefsDocument).toEqual(JSON.parse(JSON.stringify(parse(typeDefs, { noLocation: true }))));
    const served = buildExecutableSchema();
    expect(printSchema(lexicographicSortSchema(served))).toBe(printSchema(lexicographicSortSchema(buildSchema(contract))));
  });

  it('has a resolver on every Query and Mutation field, and descriptions everywhere', () => {
    const schema = buildExecutableSchema();
    // The Lambda builds it with assumeValid; validate the very same schema here, for real.
    expect(validateSchema(new GraphQLSchema({ ...schema.toConfig(), assumeValid: false }))).toEqual([]);
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const f of Object.values(root.getFields())) {
        expect(f.resolve, `${root.name}.${f.name}`).toBeTypeOf('function');
        expect(f.description, `${root.name}.${f.name}`).toBeTruthy();
      }
    }
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name)) continue;
      expect(t.description, t.name).toBeTruthy();
      if ('getFields' in t) for (const f of Object.values(t.getFields())) expect(f.description, `${t.name}.${f.name}`).toBeTruthy();
    }
  });
});
