import { describe, expect, it } from 'vitest';
import { stripSuggestions } from '../../../lambda/graphql/plugins/field-suggestions';
import * as graphql from 'graphql';

const { buildSchema, parse, validate, specifiedRules } = graphql;
const schema = buildSchema(`
  enum Urgency { STANDARD EXPEDITED }
  input Filter { urgency: Urgency, cptCode: String }
  type Case { id: ID!, memberId: ID!, members: [ID!] }
  type Query { case(id: ID!): Case, cases(filter: Filter, first: Int): [Case!]! }
`);
const messages = (query: string) => validate(schema, parse(query), specifiedRules).map((e) => e.message);

describe('stripSuggestions', () => {
  it.each([
    ['{ case(id: "1") { memberID } }', 'Cannot query field "memberID" on type "Case".'],
    ['{ cases(frist: 1) { id } }', 'Unknown argument "frist" on field "Query.cases".'],
    ['query($f: Filtr) { cases(filter: $f) { id } }', 'Unknown type "Filtr".'],
    ['{ cases(filter: { urgency: STANDRD }) { id } }', 'Value "STANDRD" does not exist in "Urgency" enum.'],
    ['{ cases(filter: { cptcode: "1" }) { id } }', 'Field "cptcode" is not defined by type "Filter".'],
  ])('%s', (query, expected) => {
    const [original] = messages(query);
    expect(original).toMatch(/Did you mean/);
    expect(stripSuggestions(original!)).toBe(expected);
  });

  it('removes lists of suggestions and leaves other messages alone', () => {
    expect(stripSuggestions('Cannot query field "member" on type "Case". Did you mean "memberId" or "members"?')).toBe(
      'Cannot query field "member" on type "Case".',
    );
    expect(stripSuggestions('Your role may not do this.')).toBe('Your role may not do this.');
  });
});
