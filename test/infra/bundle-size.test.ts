/**
 * A guard against accidental bloat of the API's Lambda bundle, built with the very esbuild
 * options CDK deploys (infra/bundling.ts): no package bundled twice, and an absolute
 * ceiling. The cold-start goal itself is a time, measured by `npm run bench`
 * (bench/cold-start.ts: import + first invoke against the minimal Apollo handler).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEsbuildOptions } from '../../infra/bundling';
import { buildBundle, duplicatedBuilds, entries, kb, topPackages, type BundleInfo } from '../../bench/lib/bundle';
import { cleanup, synth } from './synth';

/** About 1.25 MB today; the ceiling leaves room for the next features, not for a second copy of anything. */
const CEILING_BYTES = 1_500_000;

/** Packages (name → versions) bundled from more than one installed copy (nested node_modules). */
function packagesFromSeveralCopies(b: BundleInfo): string[] {
  const copies = new Map<string, Set<string>>();
  const output = Object.entries(b.metafile.outputs).find(([name]) => name.endsWith('.mjs'))![1];
  for (const input of Object.keys(output.inputs)) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!m) continue;
    const set = copies.get(m[2]!) ?? new Set<string>();
    set.add(m[1]!);
    copies.set(m[2]!, set);
  }
  return [...copies.entries()].filter(([, dirs]) => dirs.size > 1).map(([name]) => name);
}

describe('Lambda bundle size guard', () => {
  let dir: string;
  let api: BundleInfo;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
    api = await buildBundle(entries.api, join(dir, 'api'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    cleanup();
  });

  it('builds with the deployed options (ESM, node22, minified, nothing external)', () => {
    expect(lambdaEsbuildOptions).toMatchObject({ format: 'esm', target: 'node22', platform: 'node', minify: true, external: [] });
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

  it('bundles no package twice (two builds, CJS and ESM, or two installed copies)', () => {
    // Each copy is parsed and evaluated on every cold start.
    expect(duplicatedBuilds(api.metafile)).toEqual([]);
    expect(packagesFromSeveralCopies(api)).toEqual([]);
  });

  it('leaves the FHIR door out of the GraphQL function (its cold start does not load it)', () => {
    const output = Object.entries(api.metafile.outputs).find(([name]) => name.endsWith('.mjs'))![1];
    expect(Object.keys(output.inputs).filter((i) => i.includes('lambda/fhir/') || i.includes('handlers/fhir'))).toEqual([]);
  });

  it(`stays under ${kb(CEILING_BYTES)}`, () => {
    const report = [
      `API bundle ${kb(api.bytes)} (ceiling ${kb(CEILING_BYTES)}); largest packages:`,
      ...topPackages(api.metafile, 12).map((c) => `  ${kb(c.bytes).padStart(10)}  ${c.input}`),
    ].join('\n');
    expect(api.bytes, report).toBeLessThanOrEqual(CEILING_BYTES);
  });
});
