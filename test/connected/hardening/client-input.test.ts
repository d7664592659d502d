/**
 * Issue #11, class by class: client input that once reached INTERNAL_SERVER_ERROR (or was
 * silently dropped) is refused with a code and a field path, and nothing is stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../../lambda/handlers/graphql-app';
import { graphqlEvent, lambdaContext } from '../../../scripts/local/invoke';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';
import { captureLogs } from '../../support/log-capture';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});

const PROVIDER = as.provider('PRV-DEMO-001');
const LIST = 'query L($f: CaseFilter, $a: String) { cases(filter: $f, after: $a, first: 5) { edges { node { id } } } }';

async function expectNothingStored(run: () => Promise<unknown>) {
  const before = await allItems(api);
  await run();
  expect(await allItems(api)).toEqual(before);
}

describe('numbers DynamoDB cannot store', () => {
  for (const [name, value] of [['a tiny float', 1e-200], ['a huge float', 1e200]] as const) {
    it(`${name} in a clinical fact is FACT_OUT_OF_RANGE at its path, and nothing is stored`, async () => {
      await expectNothingStored(async () => {
        const res = await api.gql(PROVIDER, SUBMIT, { input: submitInput({ clinicalFacts: { painScoreNrs: 7, conservativeTreatmentMonths: value } }) });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.submitCase.userErrors).toEqual([
          expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: ['input', 'clinicalFacts', 'conservativeTreatmentMonths'] }),
        ]);
      });
    });
  }
});

describe('listing filters and cursors', () => {
  it('receivedFrom after receivedTo is BAD_USER_INPUT naming the field', async () => {
    const res = await api.gql(as.nurse(), LIST, { f: { receivedFrom: '2026-12-01T00:00:00Z', receivedTo: '2026-01-01T00:00:00Z' } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'receivedTo'] });
  });

  it('a cursor forged from a real one with empty or out-of-range keys is BAD_USER_INPUT, not an internal error', async () => {
    for (let i = 0; i < 3; i++) await api.gql(PROVIDER, SUBMIT, { input: submitInput() });
    const first = await api.gql(as.nurse(), 'query { cases(first: 1) { pageInfo { endCursor } } }');
    const real = JSON.parse(Buffer.from(first.body.data.cases.pageInfo.endCursor, 'base64url').toString('utf8')) as { k: Record<string, string> };
    const forge = (edit: (k: Record<string, string>) => void) => {
      const c = structuredClone(real);
      edit(c.k);
      return Buffer.from(JSON.stringify(c)).toString('base64url');
    };
    const forged = [
      forge((k) => { for (const n of Object.keys(k)) if (!n.toLowerCase().includes('pk') || n === 'pk') k[n] = ''; }),
      forge((k) => { k.sk = ''; }),
      forge((k) => { for (const n of Object.keys(k)) if (n !== 'pk' && n !== 'sk' && !n.endsWith('pk') && !n.endsWith('Pk')) k[n] = 'x'.repeat(2000); }),
    ];
    for (const after of forged) {
      const res = await api.gql(as.nurse(), LIST, { a: after });
      expect(res.body.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT');
    }
  });
});

describe('ids that name nothing', () => {
  it('policy(id: "") and ids outside the policy id character set read as null', async () => {
    for (const id of ['', ' ', 'x'.repeat(3000), 'SIJ#1', 'sij\u0000fusion']) {
      const res = await api.gql(as.nurse(), 'query P($id: ID!) { policy(id: $id) { id } }', { id });
      expect(res.body.errors, JSON.stringify(id)).toBeUndefined();
      expect(res.body.data.policy).toBeNull();
    }
  });
});

describe('__proto__ in clinical facts', () => {
  it('is UNKNOWN_FACT like any unknown key, in variables and in inline literals', async () => {
    await expectNothingStored(async () => {
      const viaVariables = await api.gql(PROVIDER, SUBMIT, { input: submitInput({ clinicalFacts: JSON.parse('{"painScoreNrs": 7, "__proto__": {"x": 1}}') }) });
      expect(viaVariables.body.data.submitCase.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_FACT', field: ['input', 'clinicalFacts', '__proto__'] })]);
      const inline = `mutation { previewDetermination: submitCase(input: {
          idempotencyKey: "proto-inline", memberId: "M-1", providerId: "PRV-DEMO-001", urgency: STANDARD,
          requestedService: { cptCode: "27279", icd10Codes: ["M46.1"] }, requestedLevelOfCare: { setting: OUTPATIENT },
          clinicalFacts: { painScoreNrs: 7, __proto__: { x: 1 } } }) { userErrors { code field } } }`;
      const viaLiteral = await api.gql(PROVIDER, inline);
      expect(viaLiteral.body.data.previewDetermination.userErrors).toEqual([{ code: 'UNKNOWN_FACT', field: ['input', 'clinicalFacts', '__proto__'] }]);
    });
  });
});

describe('automatic persisted queries', () => {
  it('a hash that does not match the query (or any hash) is refused with a client error, not a 500', async () => {
    for (const extensions of [{ persistedQuery: { version: 1, sha256Hash: 'abc' } }, { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }]) {
      const res = await api.handler(graphqlEvent({ query: '{ policies { id } }', extensions }, as.nurse()), lambdaContext());
      const r = res as { statusCode: number; body: string };
      expect(r.statusCode).toBeLessThan(500);
      const codes = (JSON.parse(r.body).errors as { extensions: { code: string } }[]).map((e) => e.extensions.code);
      expect(codes).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    }
  });
});

describe('responses too large to send', () => {
  it('are refused as RESPONSE_TOO_LARGE, and the log line says what the client received', async () => {
    const small = createHandler({
      tableName: api.tableName,
      endpoint: api.endpoint,
      region: 'us-east-1',
      stage: 'dev',
      roleClaim: 'role',
      providerClaim: 'providerId',
      maxResponseBytes: 2_000,
    });
    const logs = captureLogs();
    try {
      const res = (await small(graphqlEvent({ query: '{ policies { id factSchema } }' }, as.nurse()), lambdaContext())) as { statusCode: number; body: string };
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('RESPONSE_TOO_LARGE');
      const [line, ...more] = logs.requests();
      expect(more).toEqual([]);
      expect(line).toMatchObject({ httpStatus: 400, outcome: 'error', errorCodes: ['RESPONSE_TOO_LARGE'] });
    } finally {
      logs.stop();
    }
  });
});

describe('identifiers', () => {
  it('accept the documented character set only: control, invisible, space and # characters are INVALID_FORMAT at their field', async () => {
    for (const [field, value] of [
      ['memberId', 'M\u0000-1'],
      ['memberId', '\u200B'],
      ['memberId', 'M 1'],
      ['providerId', 'PRV#1'],
    ] as const) {
      await expectNothingStored(async () => {
        const res = await api.gql(as.nurse(), SUBMIT, { input: submitInput({ [field]: value }) });
        expect(res.body.data.submitCase.userErrors, `${field}=${JSON.stringify(value)}`).toEqual([
          expect.objectContaining({ code: 'INVALID_FORMAT', field: ['input', field] }),
        ]);
      });
    }
  });
});
