/**
 * A refusal is counted once, by the core's refusal metric, whichever door it came through:
 * the doors translate FORBIDDEN and count nothing themselves.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { noMetrics, type BusinessMetrics } from '../../../lambda/core';
import { createFhirHandler } from '../../../lambda/handlers/fhir-app';
import { createHandler } from '../../../lambda/handlers/graphql-app';
import { bootstrapTable } from '../../../lambda/store/bootstrap';
import { invokeGraphql, lambdaContext } from '../../../scripts/local/invoke';
import { as } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';
import { fhirEvent, pasBundle } from '../fhir/support';

const refusals: { useCase: string; code: string }[] = [];
const metrics: BusinessMetrics = { ...noMetrics, refusal: (d) => refusals.push(d) };
let graphql: ReturnType<typeof createHandler>;
let fhir: ReturnType<typeof createFhirHandler>;

beforeAll(async () => {
  const tableName = `refusals-${randomUUID()}`;
  const base = { tableName, endpoint: inject('dynamoEndpoint'), region: 'us-east-1', stage: 'dev', roleClaim: 'role', providerClaim: 'providerId', metrics } as const;
  graphql = createHandler(base);
  fhir = createFhirHandler(base);
  await bootstrapTable({ db: graphql.db, tableName });
});

describe('refusals are counted once, by the core', () => {
  it('GraphQL: an analyst submitting and reading a case', async () => {
    refusals.length = 0;
    const submitted = await invokeGraphql(graphql, as.analyst(), SUBMIT, { input: submitInput() });
    expect(submitted.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const read = await invokeGraphql(graphql, as.analyst(), '{ case(id: "x") { id } }', {});
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refusals).toEqual([
      { useCase: 'submitCase', code: 'FORBIDDEN' },
      { useCase: 'getCase', code: 'FORBIDDEN' },
    ]);
  });

  it('FHIR: an analyst\'s $submit and $inquire, and a provider submitting for another NPI', async () => {
    refusals.length = 0;
    const call = async (claims: Parameters<typeof fhirEvent>[3], path: string, body: unknown) => {
      const res = await fhir(fhirEvent('POST', path, body, claims), lambdaContext());
      if (typeof res === 'string') throw new Error('structured result expected');
      return res.statusCode;
    };
    expect(await call(as.analyst(), '/fhir/Claim/$submit', pasBundle('pas-request-27279.json'))).toBe(403);
    expect(await call(as.analyst(), '/fhir/Claim/$inquire', pasBundle('pas-inquiry-27279.json'))).toBe(403);
    expect(await call(as.provider('1234567893'), '/fhir/Claim/$submit', pasBundle('pas-request-27279.json'))).toBe(403);
    // $submit runs the core's submitCases (a Bundle's items in one transaction).
    expect(refusals).toEqual([
      { useCase: 'submitCases', code: 'FORBIDDEN' },
      { useCase: 'getCase', code: 'FORBIDDEN' },
      { useCase: 'submitCases', code: 'FORBIDDEN' },
    ]);
  });
});
