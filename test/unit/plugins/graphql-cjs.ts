import { createRequire } from 'node:module';

/**
 * graphql as Apollo Server and the graphql-armor / graphql-query-complexity packages load
 * it (CommonJS, `main`). Under vitest a TypeScript `import 'graphql'` resolves to the ESM
 * build (`module`), a second instance whose schema objects the packages refuse; tests that
 * hand schemas to those packages build them with this one.
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
