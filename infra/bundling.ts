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
 * splitting: the app's own dynamic imports (`import('../core')` in lambda/graphql/core.ts,
 * `import('../engine')` in lambda/store/policies.ts) become files of their own, loaded by
 * the first operation that needs them. A cold start that answers something else neither
 * compiles nor evaluates the core, the engine or CEL (about 175 KB). Dynamic imports inside
 * packages stay in the entry file, as without splitting (see `inlinePackageDynamicImports`).
 *
 * The banner gives the CommonJS code esbuild still inlines a real `require` (for the
 * Node built-ins it loads at run time).
 *
 * This module loads nothing but node:fs at run time, so the bench and the tests can use
 * it without loading aws-cdk-lib or esbuild.
 */
import { readFile } from 'node:fs/promises';
import type { BuildOptions, Plugin } from 'esbuild';
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

/**
 * `import("x")` with a literal specifier, in a package's code. Node built-ins (`node:`) are
 * left alone: they are external and never split.
 */
const PACKAGE_DYNAMIC_IMPORT = /\bimport\(\s*(["'])([^"'`\s]+)\1\s*\)/g;

/**
 * Keeps packages' dynamic imports in the entry file. With splitting on, every `import()`
 * esbuild can resolve becomes a chunk; Apollo Server (its default plugins) and the AWS SDK
 * (credential providers) have about 80. Split, they cost a file read, a compile and a
 * source map each on the first request, and would make the yardstick (bench/minimal, built
 * with these options) faster as much as the API. Rewritten as a `require` inside a promise,
 * esbuild bundles the module in the entry file and evaluates it on first use: exactly what
 * it does with an `import()` when splitting is off.
 */
export function inlinePackageDynamicImports(): Plugin {
  return {
    name: 'inline-package-dynamic-imports',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        if (!source.includes('import(')) return undefined;
        const rewritten = source.replace(PACKAGE_DYNAMIC_IMPORT, (call, quote: string, specifier: string) =>
          specifier.startsWith('node:') ? call : `Promise.resolve().then(() => require(${quote}${specifier}${quote}))`,
        );
        return rewritten === source ? undefined : { contents: rewritten, loader: 'js' };
      });
    },
  };
}

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
    // core-<hash>.mjs, engine-<hash>.mjs: a reader of the asset sees what each file holds.
    chunkNames: '[name]-[hash]',
    plugins: [inlinePackageDynamicImports()],
    logLevel: 'warning',
    ...extra,
  };
}
