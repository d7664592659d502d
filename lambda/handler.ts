import { createHandler } from './app';
import { loadConfig } from './config';

// Built at module load: one Apollo server per Lambda container, reused by every request.
export const handler = createHandler(loadConfig(process.env));
