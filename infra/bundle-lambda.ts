/**
 * Builds one Lambda function's code: `index.mjs` (the handler) and the chunks it loads on
 * first use, with source maps, into an empty folder. The one bundler of the repository:
 * CDK runs it as a CLI (infra/constructs/lambda-code.ts; CDK's local bundling is
 * synchronous and esbuild plugins need the asynchronous API), the bench and the tests call
 * `bundleLambda`.
 *
 *   node --import tsx infra/bundle-lambda.ts <entry.ts> <outdir>
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaBuildOptions } from './bundling';

export type LambdaBundle = { outdir: string; metafile: Metafile };

export async function bundleLambda(entry: string, outdir: string): Promise<LambdaBundle> {
  mkdirSync(outdir, { recursive: true });
  if (readdirSync(outdir).length > 0) throw new Error(`bundleLambda: ${outdir} is not empty (a stale chunk would ship with the function)`);
  const result = await build(lambdaBuildOptions(entry, outdir, { metafile: true }));
  return { outdir, metafile: result.metafile! };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node --import tsx infra/bundle-lambda.ts <entry.ts> <outdir>');
    process.exit(2);
  }
  bundleLambda(resolve(entry), resolve(outdir)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
