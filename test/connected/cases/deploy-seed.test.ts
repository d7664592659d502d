import { describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createTableInput } from '../../../lambda/store/table';
import { createHandler } from '../../../lambda/handlers/graphql-app';
import { as } from '../../support/api';
import { invokeGraphql } from '../../../scripts/local/invoke';
import { shippedPolicies } from '../../../policies';

describe('deploy-time seeding custom resource', () => {
  it('loads the shipped policies into a CDK-created table, idempotently, so the API answers', async () => {
    const endpoint = inject('dynamoEndpoint');
    const tableName = `deploy-${randomUUID()}`;
    const raw = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await raw.send(new CreateTableCommand(createTableInput(tableName)));
    Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint });
    const { handler } = await import('../../../lambda/handlers/deploy-seed');
    // The seeder's client reads the endpoint like the Lambda would in AWS (none): point it at DynamoDB Local.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'x';
    process.env.AWS_SECRET_ACCESS_KEY = 'x';
    process.env.AWS_REGION = 'us-east-1';
    const event = { RequestType: 'Create' } as Parameters<typeof handler>[0];
    await expect(handler(event)).resolves.toEqual({ PhysicalResourceId: 'policies' });
    await expect(handler({ ...event, RequestType: 'Update' } as Parameters<typeof handler>[0])).resolves.toEqual({ PhysicalResourceId: 'policies' });
    const api = createHandler({ tableName, endpoint, region: 'us-east-1', stage: 'dev', roleClaim: 'role', providerClaim: 'providerId' });
    const res = await invokeGraphql<{ policies: { id: string; version: number }[] }>(api, as.analyst(), '{ policies { id version } }');
    const seeded = (res.body.data?.policies ?? []).map((p) => `${p.id}/v${p.version}`).sort();
    expect(seeded).toEqual(shippedPolicies.map((p) => `${p.id}/v${p.version}`).sort());
    expect(seeded).toContain('sij-fusion/v1');
    expect(seeded).toContain('lumbar-mri/v1');
  });
});
