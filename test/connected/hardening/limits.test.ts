import { getIntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphqlEvent, lambdaContext } from '../../../scripts/local/invoke';
import { MAX_ALIASES } from '../../../lambda/graphql/plugins/max-aliases';
import { MAX_COST } from '../../../lambda/graphql/plugins/cost-limit';
import { MAX_DEPTH } from '../../../lambda/graphql/plugins/max-depth';
import { MAX_DIRECTIVES } from '../../../lambda/graphql/plugins/max-directives';
import { MAX_TOKENS } from '../../../lambda/graphql/plugins/max-tokens';
import { as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
  await api.gql(as.provider('PRV-DEMO-001'), SUBMIT, { input: submitInput() });
});

const nurse = as.nurse();
const LIST = '{ cases(first: 5) { edges { node { id status } } } }';

/** After every refusal the same handler must still serve an ordinary query. */
async function stillAnswers() {
  const res = await api.gql(nurse, LIST);
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.cases.edges.length).toBeGreaterThan(0);
}

function refusal(res: Awaited<ReturnType<TestApi['gql']>>) {
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors?.length).toBeGreaterThan(0);
  return res.body.errors![0]!;
}

describe('depth limit', () => {
  it(`refuses a query nested 25 deep (limit ${MAX_DEPTH})`, async () => {
    // __type(1) fields(2) type(3) ofType x21 (4..24) name(25)
    const query = `{ __type(name: "Case") { fields { type { ${'ofType { '.repeat(21)}name${' }'.repeat(21)} } } } }`;
    const res = await api.gql(nurse, query);
    expect(res.status).toBe(400);
    const e = refusal(res);
    expect(e.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DEPTH' });
    expect(e.message).toBe(`Query depth limit of ${MAX_DEPTH} exceeded, found 25.`);
    expect(e.extensions?.correlationId).toEqual(expect.any(String));
    await stillAnswers();
  });

  it('accepts a query exactly at the limit', async () => {
    // __type(1) fields(2) type(3) ofType x8 (4..11) name(12)
    const query = `{ __type(name: "Case") { fields { type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} } } } }`;
    const res = await api.gql(nurse, query);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses nested introspection lists (graphql-js MaxIntrospectionDepthRule)', async () => {
    const query = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    const res = await api.gql(nurse, query);
    expect(res.status).toBe(400);
    expect(refusal(res).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await stillAnswers();
  });

  it('still serves the standard introspection query in dev (Explorer, codegen)', async () => {
    const res = await api.gql(nurse, getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as any).__schema.queryType.name).toBe('Query');
  });
});

describe('alias limit', () => {
  const aliased = (n: number) =>
    `{ cases(first: 1) { pageInfo { ${Array.from({ length: n }, (_, i) => `a${i}: hasNextPage`).join(' ')} } } }`;

  it(`refuses 300 aliases (limit ${MAX_ALIASES})`, async () => {
    const res = await api.gql(nurse, aliased(300));
    expect(res.status).toBe(400);
    const e = refusal(res);
    expect(e.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_ALIASES' });
    expect(e.message).toBe(`Aliases limit of ${MAX_ALIASES} exceeded, found 300.`);
    await stillAnswers();
  });

  it(`accepts ${MAX_ALIASES} aliases`, async () => {
    const res = await api.gql(nurse, aliased(MAX_ALIASES));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});

describe('token limit', () => {
  it(`refuses a document of more than ${MAX_TOKENS} tokens before validating it`, async () => {
    const query = `{ cases(first: 1) { edges { node { ${'id '.repeat(5_000)} } } } }`;
    const res = await api.gql(nurse, query);
    expect(res.status).toBe(400);
    const e = refusal(res);
    expect(e.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(e.message).toContain(`more that ${MAX_TOKENS} tokens`);
    await stillAnswers();
  });
});

describe('directive limit', () => {
  it(`refuses more than ${MAX_DIRECTIVES} directives`, async () => {
    const fields = Array.from({ length: MAX_DIRECTIVES + 1 }, (_, i) => `c${i}: cursor @include(if: true)`).join(' ');
    const res = await api.gql(nurse, `{ cases(first: 1) { edges { ${fields} } } }`);
    expect(res.status).toBe(400);
    expect(refusal(res).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DIRECTIVES' });
    await stillAnswers();
  });
});

describe('cost limit', () => {
  const pages = (n: number, first: string) =>
    `query Pages${first === '$n' ? '($n: Int)' : ''} { ${Array.from({ length: n }, (_, i) => `p${i}: cases(first: ${first}) { edges { cursor node { id status urgency receivedAt dueAt requestedService { cptCode icd10Codes } } } }`).join(' ')} }`;

  it(`refuses an operation estimated above ${MAX_COST}, with first given literally or as a variable`, async () => {
    for (const [query, variables] of [
      [pages(25, '100'), {}],
      [pages(25, '$n'), { n: 100 }],
    ] as const) {
      const res = await api.gql(nurse, query, variables);
      expect(res.status).toBe(400);
      const e = refusal(res);
      expect(e.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(e.message).toMatch(new RegExp(`^Query cost \\d+ exceeds the limit of ${MAX_COST}\\.$`));
      await stillAnswers();
    }
  });

  it('accepts the same operation with small pages', async () => {
    const res = await api.gql(nurse, pages(25, '$n'), { n: 2 });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});

describe('request body size', () => {
  it('answers 413 to a 6 MB body through the handler event, then serves the next request', async () => {
    const event = graphqlEvent({ query: LIST, variables: { pad: 'x'.repeat(6 * 1024 * 1024) } }, nurse);
    const res = await api.handler(event, lambdaContext());
    expect(typeof res === 'object' && res.statusCode).toBe(413);
    const body = JSON.parse((res as { body: string }).body);
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    await stillAnswers();
  });
});

describe('CSRF prevention', () => {
  it('refuses a simple (text/plain) POST with BAD_REQUEST and a correlation id', async () => {
    const event = graphqlEvent({ query: LIST }, nurse, { 'content-type': 'text/plain' });
    const res = (await api.handler(event, lambdaContext())) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(400);
    const e = JSON.parse(res.body).errors[0];
    expect(e.extensions.code).toBe('BAD_REQUEST');
    expect(e.extensions.correlationId).toEqual(expect.any(String));
    await stillAnswers();
  });
});
