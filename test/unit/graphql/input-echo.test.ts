import { scalars } from '../../../lambda/graphql/resolvers/scalars';
import { describe, expect, it } from 'vitest';
import { redactInputEcho } from '../../../lambda/graphql/plugins/input-echo';
import * as graphql from 'graphql';

const { buildSchema, execute, parse, validate, specifiedRules } = graphql;
const schema = buildSchema(`
  scalar JSONObject
  scalar DateTime
  enum Urgency { STANDARD EXPEDITED }
  input Service { cptCode: String!, icd10Codes: [String!]! }
  input Submit { memberId: ID!, urgency: Urgency!, facts: JSONObject!, service: Service!, days: Int, at: DateTime }
  type Query { submit(input: Submit!): Int, one(id: ID!, days: Int, urgency: Urgency): Int }
`);
Object.assign(schema.getType('JSONObject')!, { parseValue: scalars.JSONObject.parseValue, parseLiteral: scalars.JSONObject.parseLiteral });
Object.assign(schema.getType('DateTime')!, { parseValue: scalars.DateTime.parseValue, parseLiteral: scalars.DateTime.parseLiteral });

const SECRET = 'MBR-SECRET-93a1';
const valid = { memberId: 'M1', urgency: 'STANDARD', facts: { a: 1 }, service: { cptCode: '27279', icd10Codes: ['M46.1'] } };
/** graphql-js's own message for these variables. */
const variableError = (input: unknown) => {
  // Variable coercion fails before any resolver: execute answers synchronously.
  const result = execute({ schema, document: parse('query($input: Submit!) { submit(input: $input) }'), variableValues: { input } });
  return (result as Awaited<typeof result>).errors![0]!.message;
};
const literalError = (query: string) => validate(schema, parse(query), specifiedRules)[0]!.message;

describe('redactInputEcho on variable coercion errors', () => {
  const cases: [string, unknown, string][] = [
    ['missing field', { ...valid, urgency: undefined, facts: { note: SECRET } },
      'Variable "$input" got invalid value; Field "urgency" of required type "Urgency!" was not provided.'],
    ['unknown field', { ...valid, [SECRET.replace(/-/g, '_')]: 1, facts: { note: SECRET } },
      'Variable "$input" got invalid value; Field "MBR_SECRET_93a1" is not defined by type "Submit".'],
    ['null for non-null', { ...valid, memberId: null }, 'Variable "$input" got invalid value at "input.memberId"; Expected non-nullable type "ID!" not to be null.'],
    ['not an object', { ...valid, service: SECRET }, 'Variable "$input" got invalid value at "input.service"; Expected type "Service" to be an object.'],
    ['unknown enum value', { ...valid, urgency: SECRET }, 'Variable "$input" got invalid value at "input.urgency"; Value does not exist in "Urgency" enum.'],
    ['near enum value', { ...valid, urgency: 'STANDRD' },
      'Variable "$input" got invalid value at "input.urgency"; Value does not exist in "Urgency" enum. Did you mean the enum value "STANDARD"?'],
    ['JSONObject scalar', { ...valid, facts: SECRET }, 'Variable "$input" got invalid value at "input.facts"; JSONObject cannot represent non-object value.'],
    ['DateTime scalar', { ...valid, at: SECRET }, 'Variable "$input" got invalid value at "input.at"; DateTime cannot represent this value.'],
    ['Int scalar', { ...valid, days: SECRET }, 'Variable "$input" got invalid value at "input.days"; Int cannot represent non-integer value.'],
    ['ID scalar', { ...valid, memberId: { name: SECRET } }, 'Variable "$input" got invalid value at "input.memberId"; ID cannot represent this value.'],
    ['list item', { ...valid, service: { cptCode: '27279', icd10Codes: ['M46.1', { x: SECRET }] } },
      'Variable "$input" got invalid value at "input.service.icd10Codes[1]"; String cannot represent a non string value.'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const original = variableError(input);
    expect(original).toMatch(/^Variable "\$input" got invalid value /);
    const redacted = redactInputEcho(original);
    expect(redacted).toBe(expected);
    expect(redacted).not.toContain(SECRET);
    expect(redactInputEcho(redacted)).toBe(redacted);
  });

  it('keeps only the variable name when a message is not recognised', () => {
    const m = `Variable "$input" got invalid value { note: "${SECRET}" } at "input.facts"; something new: ${SECRET}`;
    expect(redactInputEcho(m)).toBe('Variable "$input" got invalid value at "input.facts".');
    expect(redactInputEcho('Variable "$input" got invalid value { a: 1 }; ???')).toBe('Variable "$input" got invalid value.');
  });
});

describe('redactInputEcho on literal errors', () => {
  it.each([
    [`{ one(id: { m: "${SECRET}" }) }`, 'ID cannot represent a non-string and non-integer value.'],
    [`{ one(id: "1", days: "${SECRET}") }`, 'Int cannot represent non-integer value.'],
    [`{ one(id: "1", urgency: ${SECRET.replace(/-/g, '_')}) }`, 'Value does not exist in "Urgency" enum.'],
    [`{ submit(input: { memberId: "${SECRET}" }) }`, 'Field "Submit.urgency" of required type "Urgency!" was not provided.'],
  ])('%s', (query, expected) => {
    const redacted = redactInputEcho(literalError(query));
    expect(redacted).toBe(expected);
    expect(redacted).not.toContain(SECRET);
    expect(redacted).not.toContain(SECRET.replace(/-/g, '_'));
    expect(redactInputEcho(redacted)).toBe(redacted);
  });

  it('leaves other messages alone', () => {
    for (const m of ['Cannot query field "memberID" on type "Case". Did you mean "memberId"?', 'first must be between 1 and 100', 'Your role may not do this.']) {
      expect(redactInputEcho(m)).toBe(m);
    }
  });
});
