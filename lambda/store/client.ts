import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Per-request tally of DynamoDB calls, for the request log line and the request budgets. */
export type RequestTally = { dynamoDbRequests: number };
export const requestTally = new AsyncLocalStorage<RequestTally>();

export type DynamoConfig = { endpoint?: string | undefined; region?: string | undefined };

export function createDocumentClient(config: DynamoConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(config.endpoint
      ? {
          endpoint: config.endpoint,
          // DynamoDB Local accepts any credentials; never reach for a real profile locally.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
  });
  // Count each attempt (retries included) so budgets measure what DynamoDB actually serves.
  client.middlewareStack.add(
    (next) => async (args) => {
      const tally = requestTally.getStore();
      if (tally) tally.dynamoDbRequests += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'requestTally', priority: 'low' },
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
