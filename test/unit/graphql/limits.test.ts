import { describe, expect, it } from 'vitest';
import { MAX_ALIASES, maxAliases } from '../../../lambda/graphql/plugins/max-aliases';
import { MAX_DEPTH, maxDepth } from '../../../lambda/graphql/plugins/max-depth';
import { MAX_DIRECTIVES, maxDirectives } from '../../../lambda/graphql/plugins/max-directives';
import { MAX_TOKENS, maxTokens } from '../../../lambda/graphql/plugins/max-tokens';
import { limitRules } from '../../../lambda/graphql/plugins/hardening';
import * as graphql from 'graphql';

const { buildSchema, parse, validate, getIntrospectionQuery, specifiedRules } = graphql;
const schema = buildSchema(`
  type Query { node: Node, nodes(first: Int): [Node!]! }
  type Node { id: ID!, child: Node, name: String }
`);
const errorsOf = (query: string, rules = limitRules()) => validate(schema, parse(query), rules);
const nested = (depth: number) => `{ ${'node { '.repeat(depth - 1)}id${' }'.repeat(depth - 1)} }`;

describe('maxDepth', () => {
  it(`accepts depth ${MAX_DEPTH} and refuses ${MAX_DEPTH + 1}, reported (not thrown) with a reason`, () => {
    expect(errorsOf(nested(MAX_DEPTH), [maxDepth()])).toEqual([]);
    const [e, ...rest] = errorsOf(nested(MAX_DEPTH + 1), [maxDepth()]);
    expect(rest).toEqual([]);
    expect(e!.message).toBe(`Query depth limit of ${MAX_DEPTH} exceeded, found ${MAX_DEPTH + 1}.`);
    expect(e!.extensions).toEqual({ reason: 'MAX_DEPTH' });
  });

  it('counts through fragments without adding a level for the spread', () => {
    const query = `{ ...F } fragment F on Query { ${nested(MAX_DEPTH).slice(2, -2)} }`;
    expect(errorsOf(query, [maxDepth()])).toEqual([]);
    const deeper = `{ ...F } fragment F on Query { ${nested(MAX_DEPTH + 1).slice(2, -2)} }`;
    expect(errorsOf(deeper, [maxDepth()])).toHaveLength(1);
  });

  it('lets the standard introspection query through (15 deep); graphql-js bounds its lists', () => {
    expect(errorsOf(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), [maxDepth()])).toEqual([]);
    const lists = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    expect(validate(schema, parse(lists), specifiedRules).map((e) => e.message)).toEqual([
      'Maximum introspection depth exceeded',
    ]);
  });
});

describe('maxAliases', () => {
  const aliases = (n: number) => `{ node { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } }`;
  it(`accepts ${MAX_ALIASES} and refuses ${MAX_ALIASES + 1}`, () => {
    expect(errorsOf(aliases(MAX_ALIASES), [maxAliases()])).toEqual([]);
    const [e] = errorsOf(aliases(MAX_ALIASES + 1), [maxAliases()]);
    expect(e!.message).toBe(`Aliases limit of ${MAX_ALIASES} exceeded, found ${MAX_ALIASES + 1}.`);
    expect(e!.extensions).toEqual({ reason: 'MAX_ALIASES' });
  });
  it('does not count __typename aliases', () => {
    const q = `{ node { ${Array.from({ length: 100 }, (_, i) => `t${i}: __typename`).join(' ')} } }`;
    expect(errorsOf(q, [maxAliases()])).toEqual([]);
  });
});

describe('maxDirectives', () => {
  const directives = (n: number) => `{ node { ${Array.from({ length: n }, (_, i) => `a${i}: id @include(if: true)`).join(' ')} } }`;
  it(`accepts ${MAX_DIRECTIVES} and refuses ${MAX_DIRECTIVES + 1}`, () => {
    expect(errorsOf(directives(MAX_DIRECTIVES), [maxDirectives()])).toEqual([]);
    const [e] = errorsOf(directives(MAX_DIRECTIVES + 1), [maxDirectives()]);
    expect(e!.message).toBe(`Directives limit of ${MAX_DIRECTIVES} exceeded, found ${MAX_DIRECTIVES + 1}.`);
    expect(e!.extensions).toEqual({ reason: 'MAX_DIRECTIVES' });
  });
});

describe('maxTokens', () => {
  it(`parses ${MAX_TOKENS} tokens and stops at ${MAX_TOKENS + 1}`, () => {
    // `{`, `}` and n-2 names
    const doc = (n: number) => `{ ${'id '.repeat(n - 2)}}`;
    expect(() => parse(doc(MAX_TOKENS), maxTokens())).not.toThrow();
    expect(() => parse(doc(MAX_TOKENS + 1), maxTokens())).toThrow(`Document contains more that ${MAX_TOKENS} tokens`);
  });
  it('leaves room for the standard introspection query', () => {
    expect(() => parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }), maxTokens())).not.toThrow();
  });
});
