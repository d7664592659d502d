import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../../lambda/generated/type-defs';
import { MAX_COST, estimateCost, tooComplex } from '../../../lambda/graphql/plugins/cost-limit';
import { LIST_LIMITS, MAX_CASE_CHANGES } from '../../../lambda/graphql/plugins/list-limits';
import * as graphql from 'graphql';

const schema = graphql.buildSchema(typeDefs);
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = graphql.parse(query);
  return estimateCost({ schema, document, operation: graphql.getOperationAST(document)!, variables });
};
const NODE = 'id status urgency memberId providerId receivedAt dueAt requestedService { cptCode icd10Codes }';

describe('estimateCost', () => {
  it('counts one per field, its selection included, and a list of scalars by its most items', () => {
    expect(cost('{ case(id: "x") { id status } }')).toBe(3);
    // requestedService 1 + cptCode 1 + icd10Codes (1 + 12 codes at most)
    expect(cost('{ case(id: "x") { id requestedService { cptCode icd10Codes } } }')).toBe(1 + 1 + 1 + 1 + 13);
  });

  it('multiplies list fields by the most items they can hold (a case history, criteria, evidence)', () => {
    const one = cost('{ case(id: "x") { determinations { id } } }')!;
    expect(one).toBe(1 + 1 + MAX_CASE_CHANGES * 1);
    const nested = cost('{ case(id: "x") { determinations { criteriaResults { evidence } } } }')!;
    expect(nested).toBe(1 + 1 + MAX_CASE_CHANGES * (1 + LIST_LIMITS['Determination.criteriaResults']! * (1 + LIST_LIMITS['CriterionResult.evidence']!)));
  });

  it('has a most-items bound for every list field of the schema', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!graphql.isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const isList = graphql.isListType(graphql.getNullableType(field.type));
        const isPage = field.args.some((a) => a.name === 'first');
        if (isList && !isPage && !(`${type.name}.${field.name}` in LIST_LIMITS) && !(`*.${field.name}` in LIST_LIMITS) && type.name !== 'CaseConnection') {
          missing.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
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
    // 1 + 100 x (edges: 1 + cursor 1 + node (1 + 7 fields + requestedService 15) + pageInfo 3): the page multiplies the whole selection.
    expect(cost(`{ ${page(NODE)} }`)).toBe(1 + 100 * (1 + 1 + 1 + 7 + 15 + 3));
    const page50 = page(RICH).replace('first: 100', 'first: 50');
    expect(cost(`{ ${page50} }`)).toBeLessThan(MAX_COST);
    expect(cost(`{ ${page(RICH)} }`)).toBeGreaterThan(MAX_COST);
    const batched = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: ${page(NODE)}`).join(' ')} }`;
    expect(cost(batched)).toBeGreaterThan(MAX_COST);
  });

  it('accepts one case whole history and refuses it twice under aliases', () => {
    const history = `determinations { id report criteriaResults { criterionId status rationale evidence citations } } auditTrail { at action }`;
    expect(cost(`{ case(id: "x") { ${history} } }`)).toBeLessThan(MAX_COST);
    expect(cost(`{ a: case(id: "x") { ${history} } b: case(id: "x") { ${history} } }`)).toBeGreaterThan(MAX_COST);
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
