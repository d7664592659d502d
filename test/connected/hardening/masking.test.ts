import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler, type AppHandler } from '../../../lambda/handlers/graphql-app';
import { graphqlEvent, lambdaContext } from '../../../scripts/local/invoke';
import { as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';
import { captureLogs } from '../../support/log-capture';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function send(handler: AppHandler, claims: Parameters<typeof graphqlEvent>[1], body: unknown) {
  const event = graphqlEvent(body, claims);
  const res = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { requestId: event.requestContext.requestId, status: res.statusCode, raw: res.body, body: JSON.parse(res.body) };
}

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});

describe('an internal error (DynamoDB unreachable)', () => {
  const SECRET_ID = 'CASE-ID-7f3c9a-SECRET';
  let unreachable: AppHandler;
  beforeAll(async () => {
    unreachable = createHandler({
      tableName: 'no-such-table',
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      region: 'us-east-1',
      stage: 'prod',
      roleClaim: 'role',
      providerClaim: 'providerId',
    });
  });

  it('comes back as INTERNAL_SERVER_ERROR with the correlation id, and nothing else', async () => {
    const logs = captureLogs();
    try {
      const res = await send(unreachable, as.nurse(), {
        query: 'query One($id: ID!) { case(id: $id) { id memberId } }',
        variables: { id: SECRET_ID },
      });
      // 500, not 200: the API's 5xx alarm must see a GraphQL outage (issue 25).
      expect(res.status).toBe(500);
      expect(res.body.data).toEqual({ case: null });
      expect(res.body.errors).toEqual([
        { message: 'Internal server error', path: ['case'], extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: res.requestId } },
      ]);
      for (const leak of [SECRET_ID, 'ECONNREFUSED', '127.0.0.1', 'stack', 'DynamoDB', 'dynamodb', 'aws', 'AWS', 'SDK', 'no-such-table', ' at ', 'Error:']) {
        expect(res.raw).not.toContain(leak);
      }
      const [line, ...more] = logs.requests();
      expect(more).toEqual([]);
      expect(line).toMatchObject({
        level: 'ERROR',
        correlationId: res.requestId,
        operationName: 'One',
        outcome: 'error',
        errorCodes: ['INTERNAL_SERVER_ERROR'],
        httpStatus: 500,
        dynamoDbRequests: 3, // one attempt and two retries
      });
      expect(line!.internalErrors).toEqual([expect.stringMatching(/^[A-Za-z][A-Za-z0-9_]*$/)]);
      expect(logs.text()).not.toContain(SECRET_ID);
    } finally {
      logs.stop();
    }
  });
});

describe('expected errors keep their code and gain the correlation id', () => {
  it('FORBIDDEN', async () => {
    const res = await send(api.handler, as.analyst(), { query: '{ cases(first: 1) { edges { cursor } } }' });
    const e = res.body.errors[0];
    expect(e.extensions).toEqual({ code: 'FORBIDDEN', correlationId: res.requestId });
    expect(e.message).toBe('Your role may not do this.');
  });

  it('BAD_USER_INPUT from a resolver', async () => {
    const res = await send(api.handler, as.nurse(), { query: '{ cases(first: 1000) { edges { cursor } } }' });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', correlationId: res.requestId });
  });

  it('GRAPHQL_PARSE_FAILED', async () => {
    const res = await send(api.handler, as.nurse(), { query: '{ cases(first: 1) { ' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED', correlationId: res.requestId });
  });
});

describe('no echo of input in error messages', () => {
  const memberId = 'MBR-ECHO-51c2e8';
  const finding = 'ECHO-FINDING left L5 radiculopathy';

  it('a missing required field does not print the submitted object', async () => {
    const { urgency: _omit, ...input } = submitInput({ memberId, clinicalFacts: { competingFindings: [finding] } });
    const res = await api.gql(as.provider('PRV-DEMO-001'), SUBMIT, { input });
    const e = res.body.errors![0]!;
    expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe('Variable "$input" got invalid value; Field "urgency" of required type "Urgency!" was not provided.');
    expect(JSON.stringify(res.body)).not.toContain(memberId);
    expect(JSON.stringify(res.body)).not.toContain('ECHO-FINDING');
  });

  it('a value of the wrong type does not print the value', async () => {
    const res = await api.gql(as.provider('PRV-DEMO-001'), SUBMIT, { input: submitInput({ clinicalFacts: `${memberId} ${finding}` }) });
    const e = res.body.errors![0]!;
    expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe('Variable "$input" got invalid value at "input.clinicalFacts"; JSONObject cannot represent non-object value.');
    expect(JSON.stringify(res.body)).not.toContain(memberId);
  });

  it('a literal of the wrong type does not print the literal', async () => {
    const res = await api.gql(as.nurse(), `{ case(id: { member: "${memberId}" }) { id } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.message).toBe('ID cannot represent a non-string and non-integer value.');
    expect(JSON.stringify(res.body)).not.toContain(memberId);
  });
});
