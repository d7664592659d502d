import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { AssetHashType, DockerImage, type BundlingOptions, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { paths } from '../paths';

const BUNDLER = join(paths.root, 'infra', 'bundle-lambda.ts');

/**
 * Bundles a handler on this machine with infra/bundle-lambda.ts (no Docker). CDK's
 * NodejsFunction cannot do this: it passes esbuild `--outfile`, and code splitting needs an
 * output folder. Its fields are part of CDK's asset cache key (JSON of the bundling options),
 * so two functions never share a bundle.
 */
class LocalLambdaBundler implements ILocalBundling {
  constructor(
    readonly entry: string,
    /** Run after esbuild with the asset folder (e.g. to copy data files into it). */
    private readonly afterBundling: ((outputDir: string) => void) | undefined,
    readonly extraFiles: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    const run = spawnSync(process.execPath, ['--import', 'tsx', BUNDLER, this.entry, outputDir], {
      cwd: paths.root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    if (run.status !== 0) throw new Error(`bundling ${this.entry} failed (${run.status ?? run.signal}): ${run.stderr || run.error?.message}`);
    this.afterBundling?.(outputDir);
    return true;
  }
}

export type LambdaCodeOptions = {
  /** The handler module, relative to the repository root or absolute. */
  entry: string;
  afterBundling?: (outputDir: string) => void;
  /** Names what afterBundling adds, so a change to it gives a new asset (cache key). */
  extraFiles?: string;
};

/** The function's code asset: `index.mjs` (handler `index.handler`), its chunks and source maps. */
export function lambdaCode(o: LambdaCodeOptions): lambda.Code {
  const bundling: BundlingOptions = {
    // Never pulled: local bundling always succeeds or throws.
    image: DockerImage.fromRegistry('local-bundling-only'),
    local: new LocalLambdaBundler(relative(paths.root, o.entry), o.afterBundling, o.extraFiles ?? ''),
  };
  // OUTPUT: the asset hash is the bundle's, so a change anywhere the handler imports (or in
  // the files afterBundling adds) deploys new code, and nothing else does.
  return lambda.Code.fromAsset(paths.root, { assetHashType: AssetHashType.OUTPUT, bundling });
}
