import { createMinimalHandler } from './app';

// Built at module load, like lambda/handler.ts: one server per container.
export const handler = createMinimalHandler({
  tableName: process.env.TABLE_NAME ?? '',
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: process.env.AWS_REGION,
});
