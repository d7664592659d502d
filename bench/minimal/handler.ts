import { createMinimalHandler } from './app';

// Built at module load, like lambda/handlers/graphql.ts: one server per container.
export const handler = createMinimalHandler({
  tableName: process.env.TABLE_NAME ?? '',
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: process.env.AWS_REGION,
});
