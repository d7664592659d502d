import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from './table';
import { ensurePolicies, PolicyStore } from './policies';
import { shippedPolicies } from '../../policies';
import { compilePolicy } from '../engine';

/**
 * Creates the table from the shared definition if it is missing and writes the
 * bootstrap items (the shipped policy versions). Used by `npm start` and the tests; in AWS, CDK creates the table
 * from the same definition. Returns whether the table was created now.
 */
export async function bootstrapTable(args: {
  db: DynamoDBDocumentClient;
  tableName: string;
}): Promise<{ created: boolean }> {
  const raw = args.db;
  let created = false;
  try {
    await raw.send(new DescribeTableCommand({ TableName: args.tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    await raw.send(new CreateTableCommand(createTableInput(args.tableName)));
    await waitUntilTableExists({ client: raw, maxWaitTime: 60, minDelay: 1 }, { TableName: args.tableName });
    created = true;
  }
  await seedTable(args);
  return { created };
}

/**
 * Writes the shipped policy versions into an existing table, idempotently. Run by the
 * local bootstrap and, in AWS, by the deploy-time custom resource (lambda/handlers/deploy-seed.ts).
 */
export async function seedTable(args: { db: DynamoDBDocumentClient; tableName: string }): Promise<void> {
  // Compiling here means a broken shipped policy fails the deployment, never a request.
  await ensurePolicies(new PolicyStore(args.db, args.tableName), shippedPolicies.map((doc) => compilePolicy(doc)));
}
