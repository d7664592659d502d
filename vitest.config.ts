import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One graphql instance, as in the deployed bundle: packages loaded by Node get graphql's
// CommonJS build, so our TypeScript must too (else: "from another module or realm").
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

// Four kinds of tests, kept apart: pure units, connected tests through the Lambda
// handler against DynamoDB Local, the local explorer in a browser, and infra tests on the
// synthesized templates.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // Business metrics (EMF on stdout) are off in tests; test/unit/observability turns them on to check them.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        extends: true,
        test: {
          name: 'connected',
          include: ['test/connected/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The local explorer in headless Chromium (/usr/bin/chromium, Debian's package),
        // against the server `npm start` runs, with its own DynamoDB Local.
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 150_000 },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
