/**
 * The esbuild options of every Lambda bundle, in one place.
 *
 * The CDK functions (infra/constructs/lambda-code.ts), the benchmarks (bench/) and the
 * bundle tests (test/infra/bundle-size.test.ts, test/connected/bundle/) all build through
 * `bundleLambda` (infra/bundle-lambda.ts) with these options, so what is measured is
 * what is deployed.
 *
 * Format: ESM. The handler's dependencies (Apollo Server 5, jose 6, graphql 16,
 * Powertools 2, AWS SDK v3) all ship ESM builds; bundling them as ESM with
 * mainFields module-first picks one copy of each package that has no `exports` map
 * (graphql 16: no dual-package "another module or realm" hazard), allows top-level
 * await during init, and tree-shakes better.
 *
 * conditions ['import', 'module']: packages with an `exports` map (@apollo/server,
 * @graphql-tools/*, lru-cache, zod) resolve to their ESM build even when a CommonJS
 * dependency `require`s them. @as-integrations/aws-lambda is CommonJS and requires
 * `@apollo/server`; without this, the bundle held both the CJS and the ESM copy of
 * Apollo Server and of everything it depends on (~360 KB, two ApolloServer classes).
 *
 * external []: bundles the AWS SDK v3 too: one minified file loads faster on cold
 * start than resolving the runtime's copy, and pins the SDK version we test.
 *
 * define NODE_ENV: the functions run with NODE_ENV=production (Apollo hides stack
 * traces only then); making it a constant lets esbuild drop development-only
 * branches (graphql's cross-realm `instanceOf` check, for one).
 *
 * splitting: every dynamic import becomes a file of its own, loaded when first imported,
 * and V8 compiles only what is loaded. The app's own (`import('../core')` in
 * lambda/graphql/core.ts, `import('../engine')` in lambda/store/policies.ts) keep the core,
 * the engine and CEL (about 175 KB) out of a cold start until the first operation that needs
 * them; the packages' own (Apollo Server's optional plugins, the AWS SDK's credential
 * providers other than the environment's) out of it altogether. Code shared by several files
 * sits in `chunk-<hash>.mjs` files the handler imports statically. Measured with
 * bench/cold-start.ts on this 2-core machine, median of 15 fresh processes each:
 * import + first invoke 256 ms as one file, 246 ms splitting only the app's imports, 203 ms
 * splitting everything (with Apollo's cache-control and inline-trace plugins disabled).
 *
 * The banner gives the CommonJS code esbuild still inlines a real `require` (for the
 * Node built-ins it loads at run time).
 *
 * This module imports nothing at run time (types only), so the bench and the tests can
 * use it without loading aws-cdk-lib or esbuild.
 */
import type { BuildOptions } from 'esbuild';
import { paths } from './paths';

export const LAMBDA_BANNER =
  "import { createRequire as __cdkCreateRequire } from 'node:module'; const require = __cdkCreateRequire(import.meta.url);";

/** Everything but the entry point and the output folder. */
export const lambdaEsbuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  conditions: ['import', 'module'],
  minify: true,
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  splitting: true,
  external: [] as string[],
  // esbuild loads .json natively (import of policies/*.json); .graphql SDL as text if imported.
  loader: { '.graphql': 'text', '.gql': 'text' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: LAMBDA_BANNER },
  tsconfig: paths.tsconfig,
} as const satisfies BuildOptions;

/** The handler file (`index.handler`), what the bench loads; chunks sit next to it. */
export const LAMBDA_OUTFILE = 'index.mjs';

/** Full esbuild JS-API options for one entry point into `outdir` (plus `extra`, e.g. `metafile: true`). */
export function lambdaBuildOptions(entry: string, outdir: string, extra: BuildOptions = {}): BuildOptions {
  return {
    ...lambdaEsbuildOptions,
    mainFields: [...lambdaEsbuildOptions.mainFields],
    conditions: [...lambdaEsbuildOptions.conditions],
    external: [...lambdaEsbuildOptions.external],
    loader: { ...lambdaEsbuildOptions.loader },
    define: { ...lambdaEsbuildOptions.define },
    banner: { ...lambdaEsbuildOptions.banner },
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    // core-<hash>.mjs, engine-<hash>.mjs, usageReporting-<hash>.mjs: a reader of the asset
    // sees what a lazily loaded file holds (shared code is chunk-<hash>.mjs).
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
    ...extra,
  };
}
