import { createHandler } from './graphql-app';
import { loadConfig } from './config';

// The GraphQL function's entry point (infra/paths.ts). Built at module load: one Apollo
// server per Lambda container, reused by every request.
export const handler = createHandler(loadConfig(process.env));
