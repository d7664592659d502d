import { beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';

let dev: TestApi;
let prod: TestApi;
beforeAll(async () => {
  [dev, prod] = await Promise.all([createTestApi({ stage: 'dev' }), createTestApi({ stage: 'prod' })]);
});

const nurse = as.nurse();
const MISSPELLED = '{ cases(first: 1) { edges { node { id memberID } } } }';

describe('field suggestions', () => {
  it('are kept in dev for a misspelled field', async () => {
    const res = await dev.gql(nurse, MISSPELLED);
    expect(res.status).toBe(400);
    const e = res.body.errors![0]!;
    expect(e.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(e.message).toBe('Cannot query field "memberID" on type "Case". Did you mean "memberId"?');
  });

  it('are removed in prod, the error otherwise unchanged', async () => {
    const res = await prod.gql(nurse, MISSPELLED);
    expect(res.status).toBe(400);
    const e = res.body.errors![0]!;
    expect(e.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(e.extensions?.correlationId).toEqual(expect.any(String));
    expect(e.message).toBe('Cannot query field "memberID" on type "Case".');
    expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
    expect(JSON.stringify(res.body)).not.toContain('"memberId"');
  });

  it('are removed in prod from unknown arguments and types too', async () => {
    const res = await prod.gql(nurse, 'query Q($f: CaseFiltr) { cases(frist: 1, filter: $f) { edges { cursor } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors!.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(res.body)).not.toMatch(/did you mean|"first"|CaseFilter"/i);
  });

  it('are removed in prod from variable errors (enum values)', async () => {
    const res = await prod.gql(as.provider('PRV-DEMO-001'), SUBMIT, { input: submitInput({ urgency: 'STANDRD' }) });
    const e = res.body.errors![0]!;
    expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe('Variable "$input" got invalid value at "input.urgency"; Value does not exist in "Urgency" enum.');
    expect(JSON.stringify(res.body)).not.toMatch(/did you mean|STANDARD/i);
  });
});

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('is served in dev', async () => {
    const res = await dev.gql(nurse, INTROSPECT);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });

  it('is refused in prod, __schema and __type alike, and prod keeps answering', async () => {
    for (const query of [INTROSPECT, '{ __type(name: "Case") { name } }']) {
      const res = await prod.gql(nurse, query);
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body.errors![0]!.message).toMatch(/introspection is not allowed/i);
    }
    const ok = await prod.gql(nurse, '{ cases(first: 1) { edges { cursor } } }');
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });
});
