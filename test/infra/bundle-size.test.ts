/**
 * Cold-start budget, deterministically: the API's Lambda bundle, built with the very
 * esbuild options CDK deploys (infra/bundling.ts), may be at most 1.25x the bundle of
 * the minimal handler on the same stack (bench/minimal: Apollo Server + the Lambda
 * integration + the DynamoDB document client, one GetItem) built the same way.
 * `npm run bench` measures the load times that follow from these sizes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEsbuildOptions } from '../../infra/bundling';
import { buildBundle, duplicatedBuilds, entries, kb, topDirectories, topInputs, topPackages, type BundleInfo } from '../../bench/lib/bundle';
import { cleanup, synth } from './synth';

const BUDGET = 1.25;

describe('Lambda bundle size budget', () => {
  let dir: string;
  let api: BundleInfo;
  let minimal: BundleInfo;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
    [api, minimal] = await Promise.all([buildBundle(entries.api, join(dir, 'api')), buildBundle(entries.minimal, join(dir, 'minimal'))]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    cleanup();
  });

  it('builds both with the deployed options (ESM, node22, minified, nothing external)', () => {
    expect(lambdaEsbuildOptions).toMatchObject({ format: 'esm', target: 'node22', platform: 'node', minify: true, external: [] });
    for (const b of [api, minimal]) {
      expect(b.metafile.outputs[Object.keys(b.metafile.outputs).find((k) => k.endsWith('.mjs'))!]?.entryPoint).toBeDefined();
      // A package bundled from two builds (CJS and ESM) is paid for twice on every cold start.
      expect(duplicatedBuilds(b.metafile)).toEqual([]);
    }
  });

  it('measures the very bytes CDK deploys (same options, same output)', () => {
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    const { outdir } = synth('dev');
    const assets = readdirSync(outdir)
      .map((d) => join(outdir, d, 'index.mjs'))
      .filter((f) => existsSync(f))
      .map(sha);
    expect(assets).toContain(sha(api.file));
  });

  it(`keeps the API bundle within ${BUDGET}x the minimal handler's`, () => {
    const ratio = api.bytes / minimal.bytes;
    const report = [
      `API ${kb(api.bytes)} vs minimal ${kb(minimal.bytes)}: ${ratio.toFixed(3)}x (budget ${BUDGET}x, ` +
        `i.e. at most ${kb(minimal.bytes * BUDGET)}; over by ${kb(Math.max(0, api.bytes - minimal.bytes * BUDGET))})`,
      'largest inputs of the API bundle:',
      ...topInputs(api.metafile, 10).map((c) => `  ${kb(c.bytes).padStart(10)}  ${c.input}`),
      'largest folders of the API bundle:',
      ...topDirectories(api.metafile, 10).map((c) => `  ${kb(c.bytes).padStart(10)}  ${c.input}`),
      'largest packages of the API bundle:',
      ...topPackages(api.metafile, 10).map((c) => `  ${kb(c.bytes).padStart(10)}  ${c.input}`),
      '',
    ].join('\n');
    expect(ratio, report).toBeLessThanOrEqual(BUDGET);
  });
});
