/**
 * The yardstick of the benchmarks: the smallest useful handler on the same stack as
 * the API (Apollo Server 5 + @as-integrations/aws-lambda on API Gateway v2 events +
 * the DynamoDB document client), a one-field schema whose resolver does one GetItem.
 * No auth, validation, logging or limits: whatever the API costs beyond this is its own.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

export type MinimalOptions = { tableName: string; endpoint?: string | undefined; region?: string | undefined };
export type MinimalHandler = ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>) & {
  db: DynamoDBDocumentClient;
};

const typeDefs = /* GraphQL */ `
  type Query {
    item(id: ID!): Item
  }
  type Item {
    id: ID!
    status: String
  }
`;

export function createMinimalHandler(o: MinimalOptions): MinimalHandler {
  // Same client settings as lambda/store/client.ts (endpoint and local credentials, retries).
  const client = new DynamoDBClient({
    region: o.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(o.endpoint ? { endpoint: o.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
  const db = DynamoDBDocumentClient.from(client);
  const server = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: {
        item: async (_: unknown, args: { id: string }) => {
          const res = await db.send(
            new GetCommand({ TableName: o.tableName, Key: { pk: `CASE#${args.id}`, sk: 'CASE' }, ConsistentRead: true }),
          );
          return res.Item ? { id: args.id, status: String(res.Item.status) } : null;
        },
      },
    },
    introspection: false,
  });
  const lambda = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
  const handler = (async (event: APIGatewayProxyEventV2, context: Context) =>
    (await lambda(event, context, () => undefined)) as APIGatewayProxyResultV2) as MinimalHandler;
  handler.db = db;
  return handler;
}
