import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createHandler, type AppHandler } from '../../lambda/handlers/graphql-app';
import { bootstrapTable } from '../../lambda/store/bootstrap';
import { invokeGraphql, type Claims } from '../../scripts/local/invoke';

export type TestApi = {
  handler: AppHandler;
  tableName: string;
  endpoint: string;
  /** Runs an operation as the given caller (null = no claims) through the Lambda handler. */
  gql: <T = any>(claims: Claims | null, query: string, variables?: Record<string, unknown>) => ReturnType<typeof invokeGraphql<T>>;
};

/** A fresh table in the run's DynamoDB Local and a handler built on it, as in Lambda. */
export async function createTestApi(opts: { now?: () => Date; stage?: 'local' | 'dev' | 'staging' | 'prod'; plan?: { name: string; phone: string } } = {}): Promise<TestApi> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `test-${randomUUID()}`;
  const handler = createHandler({
    tableName,
    endpoint,
    region: 'us-east-1',
    stage: opts.stage ?? 'dev',
    roleClaim: 'role',
    providerClaim: 'providerId',
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.plan ? { plan: opts.plan } : {}),
  });
  await bootstrapTable({ db: handler.db, tableName });
  return {
    handler,
    tableName,
    endpoint,
    gql: (claims, query, variables = {}) => invokeGraphql(handler, claims, query, variables),
  };
}

export const as = {
  provider: (providerId: string, sub = `prov-user-${providerId}`): Claims => ({ sub, role: 'PROVIDER', providerId }),
  nurse: (sub = 'nurse-1'): Claims => ({ sub, role: 'UM_NURSE' }),
  physician: (sub = 'physician-1'): Claims => ({ sub, role: 'PHYSICIAN_REVIEWER' }),
  analyst: (sub = 'analyst-1'): Claims => ({ sub, role: 'ANALYST' }),
  policyAdmin: (sub = 'policy-admin-1'): Claims => ({ sub, role: 'POLICY_ADMIN' }),
};

import { ScanCommand } from '@aws-sdk/lib-dynamodb';

/** Every item in the test's table (test-only: the API itself never scans). */
export async function allItems(api: TestApi): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.handler.db.send(new ScanCommand({ TableName: api.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

import { requestTally } from '../../lambda/store/client';

/** Runs `fn` and counts the DynamoDB requests the handler makes meanwhile (retries included). */
export async function countRequests<T>(fn: () => Promise<T>): Promise<{ result: T; requests: number }> {
  const tally = { dynamoDbRequests: 0 };
  const result = await requestTally.run(tally, fn);
  return { result, requests: tally.dynamoDbRequests };
}
