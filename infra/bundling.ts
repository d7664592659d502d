/**
 * The esbuild options of every Lambda bundle, in one place.
 *
 * CDK's NodejsFunction (infra/constructs/functions.ts, through `cdkBundling`), the
 * benchmarks (bench/) and the bundle-size budget test (test/infra/bundle-size.test.ts)
 * all build from `lambdaEsbuildOptions`, so what is measured is what is deployed.
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
 * ('import' is listed first, so it wins over the automatic `require` condition;
 * 'module' keeps esbuild's default, dropped as soon as custom conditions are set.)
 *
 * external []: bundles the AWS SDK v3 too: one minified file loads faster on cold
 * start than resolving the runtime's copy, and pins the SDK version we test.
 *
 * define NODE_ENV: the functions run with NODE_ENV=production (Apollo hides stack
 * traces only then); making it a constant lets esbuild drop development-only
 * branches (graphql's cross-realm `instanceOf` check, for one).
 *
 * The banner gives the CommonJS code esbuild still inlines a real `require` (for the
 * Node built-ins it loads at run time).
 *
 * This module imports nothing at run time (types only), so the bench and the tests
 * can use it without loading aws-cdk-lib.
 */
import type { BuildOptions } from 'esbuild';
import type { BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { paths } from './paths';

export const LAMBDA_BANNER =
  "import { createRequire as __cdkCreateRequire } from 'node:module'; const require = __cdkCreateRequire(import.meta.url);";

/** Everything but the entry point and the output file. */
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
  external: [] as string[],
  // esbuild loads .json natively (import of policies/*.json); .graphql SDL as text if imported.
  loader: { '.graphql': 'text', '.gql': 'text' },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: LAMBDA_BANNER },
  tsconfig: paths.tsconfig,
} as const satisfies BuildOptions;

/** The output file name CDK uses for ESM bundles (`index.mjs`), and what the bench loads. */
export const LAMBDA_OUTFILE = 'index.mjs';

/** Full esbuild JS-API options for one entry point (plus `extra`, e.g. `metafile: true`). */
export function lambdaBuildOptions(entry: string, outfile: string, extra: BuildOptions = {}): BuildOptions {
  return {
    ...lambdaEsbuildOptions,
    mainFields: [...lambdaEsbuildOptions.mainFields],
    conditions: [...lambdaEsbuildOptions.conditions],
    external: [...lambdaEsbuildOptions.external],
    loader: { ...lambdaEsbuildOptions.loader },
    define: { ...lambdaEsbuildOptions.define },
    banner: { ...lambdaEsbuildOptions.banner },
    entryPoints: [entry],
    outfile,
    logLevel: 'warning',
    ...extra,
  };
}

/**
 * The same options in the shape NodejsFunction's `bundling` takes. Every option of
 * `lambdaEsbuildOptions` is mapped here (CDK always passes --bundle and
 * --platform=node); options CDK has no property for go through `esbuildArgs`.
 * Adding an option above without mapping it fails at synth, so the two cannot drift.
 */
export function cdkBundling(): BundlingOptions {
  const {
    bundle,
    platform,
    format,
    target,
    mainFields,
    conditions,
    minify,
    keepNames,
    sourcemap,
    sourcesContent,
    external,
    loader,
    define,
    banner,
    tsconfig,
    ...unmapped
  } = lambdaEsbuildOptions;
  const leftover = Object.keys(unmapped);
  if (leftover.length > 0 || !bundle || platform !== 'node') {
    throw new Error(`infra/bundling.ts: esbuild options not mapped to CDK bundling: ${leftover.join(', ') || 'bundle/platform'}`);
  }
  return {
    forceDockerBundling: false,
    // The CDK enums are string enums ('esm', 'default'); this module loads no CDK code.
    format: format as OutputFormat,
    target,
    mainFields: [...mainFields],
    minify,
    keepNames,
    sourceMap: sourcemap,
    sourceMapMode: 'default' as SourceMapMode,
    sourcesContent,
    externalModules: [...external],
    loader: { ...loader },
    define: { ...define },
    banner: banner.js,
    tsconfig,
    esbuildArgs: { '--conditions': conditions.join(',') },
  };
}
