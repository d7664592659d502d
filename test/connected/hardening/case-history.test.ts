/**
 * Issue #11, responses: a case's history is bounded (MAX_CASE_CHANGES), so the whole history of
 * a case is one query the cost estimate accepts, and twice that under aliases is refused before
 * anything runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CASE_CHANGES } from '../../../lambda/core/model/limits';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { CASE_HISTORY, SUBMIT, submitInput } from '../../support/fixtures';
import { UPDATE_FACTS } from '../../support/workflow';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';

const PROVIDER = as.provider('PRV-DEMO-001');
let api: TestApi;
let caseId: string;
let version: number;

beforeAll(async () => {
  api = await createTestApi();
  const res = await api.gql(PROVIDER, SUBMIT, { input: submitInput({ clinicalFacts: referenceFacts }) });
  caseId = res.body.data.submitCase.case.id;
  version = res.body.data.submitCase.case.version;
  // Fill the case's history up to the limit: every fact update appends a determination.
  while (version < MAX_CASE_CHANGES) {
    const u = await api.gql(PROVIDER, UPDATE_FACTS, { input: { caseId, expectedVersion: version, clinicalFacts: { ...referenceFacts, painScoreNrs: 6 + (version % 3) } } });
    expect(u.body.data.updateClinicalFacts.userErrors).toEqual([]);
    version = u.body.data.updateClinicalFacts.case.version;
  }
}, 120_000);

describe('a case at its change limit', () => {
  it(`refuses the next change with CASE_CHANGE_LIMIT at the case id, and stores nothing`, async () => {
    const before = await allItems(api);
    const res = await api.gql(PROVIDER, UPDATE_FACTS, { input: { caseId, expectedVersion: version, clinicalFacts: referenceFacts } });
    expect(res.body.data.updateClinicalFacts).toEqual({
      case: null,
      userErrors: [expect.objectContaining({ code: 'CASE_CHANGE_LIMIT', field: ['input', 'caseId'] })],
    });
    expect(await allItems(api)).toEqual(before);
  });

  it('serves its whole history in one query, and refuses the same history twice under aliases before it runs', async () => {
    const one = await api.gql(as.nurse(), CASE_HISTORY, { id: caseId });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.case.determinations).toHaveLength(MAX_CASE_CHANGES);
    expect(one.body.data.case.auditTrail).toHaveLength(MAX_CASE_CHANGES);

    const body = CASE_HISTORY.slice(CASE_HISTORY.indexOf('{', CASE_HISTORY.indexOf('case(')));
    const twice = `query Twice($id: ID!) { a: case(id: $id) ${body.slice(0, body.lastIndexOf('}'))} b: case(id: $id) ${body.slice(0, body.lastIndexOf('}'))} }`;
    const res = await api.gql(as.nurse(), twice, { id: caseId });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.data).toBeUndefined();
  });
});
