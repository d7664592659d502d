import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../../lambda/generated/type-defs';
import { MAX_COST, estimateCost, tooComplex } from '../../../lambda/graphql/plugins/cost-limit';
import * as graphql from 'graphql';

const schema = graphql.buildSchema(typeDefs);
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = graphql.parse(query);
  return estimateCost({ schema, document, operation: graphql.getOperationAST(document)!, variables });
};
const NODE = 'id status urgency memberId providerId receivedAt dueAt requestedService { cptCode icd10Codes }';

describe('estimateCost', () => {
  it('counts one per field, its selection included', () => {
    expect(cost('{ case(id: "x") { id status } }')).toBe(3);
    expect(cost('{ case(id: "x") { id requestedService { cptCode icd10Codes } } }')).toBe(5);
  });

  it('multiplies a connection by its page, from a literal or a variable, default 20, at most 100', () => {
    const page = (first: string) => `query Q($n: Int) { cases${first} { edges { node { id } } } }`;
    // cases: 1 + n * (edges: 1 + (node: 1 + id: 1))
    expect(cost(page('(first: 5)'))).toBe(1 + 5 * 3);
    expect(cost(page('(first: $n)'), { n: 50 })).toBe(1 + 50 * 3);
    expect(cost(page(''))).toBe(1 + 20 * 3);
    expect(cost(page('(first: $n)'))).toBe(1 + 20 * 3);
    expect(cost(page('(first: 100000)'))).toBe(1 + 100 * 3);
  });

  it('ignores @skip / @include(if: false) selections', () => {
    expect(cost('query Q($no: Boolean!) { case(id: "x") { id status @include(if: $no) } }', { no: false })).toBe(2);
  });

  it('leaves variables that do not coerce to execution (null)', () => {
    expect(cost('query Q($n: Int) { cases(first: $n) { edges { cursor } } }', { n: 'many' })).toBeNull();
  });

  it(`keeps full pages under ${MAX_COST} and refuses alias batching of pages`, () => {
    const page = (node: string) => `cases(first: 100) { edges { cursor node { ${node} } } pageInfo { hasNextPage endCursor } }`;
    const RICH = `${NODE} clinicalFacts currentDetermination { id version recommendation metCount totalCount nextSteps reasons report
      criteriaResults { criterionId title status rationale evidence citations nextStep }
      levelOfCare { requestedSetting recommendedSetting inpatientIndicated approvedInpatientDays guideline rationale } }`;
    // 1 + 100 x (edges 13 + pageInfo 3): the page multiplies the whole selection.
    expect(cost(`{ ${page(NODE)} }`)).toBe(1601);
    expect(cost(`{ ${page(RICH)} }`)).toBeLessThan(MAX_COST / 2);
    const batched = `{ ${Array.from({ length: 16 }, (_, i) => `p${i}: ${page(NODE)}`).join(' ')} }`;
    expect(cost(batched)).toBeGreaterThan(MAX_COST);
  });

  it('throws on fragment expansion bombs instead of walking them', () => {
    const levels = 20;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Case { id }` : `fragment F${i} on Case { ...F${i + 1} a${i}: requestedService { cptCode } ...F${i + 1} }`,
    );
    expect(() => cost(`{ case(id: "x") { ...F0 } } ${fragments.join(' ')}`)).toThrow();
  });
});

describe('tooComplex', () => {
  it('is QUERY_TOO_COMPLEX with HTTP 400', () => {
    const e = tooComplex(25_000, MAX_COST);
    expect(e.message).toBe(`Query cost 25000 exceeds the limit of ${MAX_COST}.`);
    expect(e.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', http: { status: 400 } });
  });
});
