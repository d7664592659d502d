/**
 * A guard against accidental bloat of the API's Lambda bundle, built by the very bundler CDK
 * deploys with (infra/bundle-lambda.ts): no package bundled twice, an absolute ceiling, and
 * the core and the engine out of what a cold start loads. The cold-start goal itself is a
 * time, measured by `npm run bench` (bench/cold-start.ts: import + first invoke against the
 * minimal Apollo handler).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEsbuildOptions } from '../../infra/bundling';
import { buildBundle, duplicatedBuilds, entries, inputBytes, kb, topPackages, type BundleInfo } from '../../bench/lib/bundle';
import { cleanup, synth } from './synth';

/** About 1.35 MB in all today (0.82 MB of it loaded at start); room for the next features, not for a second copy of anything. */
const CEILING_BYTES = 1_500_000;

/** Packages (name → versions) bundled from more than one installed copy (nested node_modules). */
function packagesFromSeveralCopies(b: BundleInfo): string[] {
  const copies = new Map<string, Set<string>>();
  for (const input of inputBytes(b.metafile).keys()) {
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

  it('builds with the deployed options (ESM, node22, minified, split at the app\'s own dynamic imports, nothing external)', () => {
    expect(lambdaEsbuildOptions).toMatchObject({ format: 'esm', target: 'node22', platform: 'node', minify: true, splitting: true, external: [] });
  });

  it('measures the very bytes CDK deploys (same bundler, same files)', () => {
    // Every file of the bench's build, byte for byte, is in one of the synthesized assets.
    const fingerprint = (dir: string) =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort()
        .map((f) => `${f} ${createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')}`)
        .join('\n');
    const { outdir } = synth('dev');
    const assets = readdirSync(outdir)
      .map((d) => join(outdir, d))
      .filter((d) => existsSync(join(d, 'index.mjs')))
      .map(fingerprint);
    expect(assets).toContain(fingerprint(dirname(api.file)));
  });

  it('leaves the core, the engine and CEL out of what a cold start loads (chunks loaded on first use)', () => {
    const atStartup = [...inputBytes(api.metafile, 'startup').keys()];
    const lazy = [...inputBytes(api.metafile).keys()].filter((i) => !atStartup.includes(i));
    expect(atStartup.filter((i) => i.startsWith('lambda/core/use-cases/') || i.startsWith('lambda/engine/evaluate') || i.includes('cel-js'))).toEqual([]);
    expect(lazy).toEqual(expect.arrayContaining(['lambda/core/index.ts', 'lambda/engine/index.ts']));
    expect(lazy.some((i) => i.includes('node_modules/@marcbachmann/cel-js/'))).toBe(true);
    expect(api.lazyBytes).toBeGreaterThan(100_000);
  });

  it('bundles no package twice (two builds, CJS and ESM, or two installed copies)', () => {
    // Each copy is parsed and evaluated on every cold start.
    expect(duplicatedBuilds(api.metafile)).toEqual([]);
    expect(packagesFromSeveralCopies(api)).toEqual([]);
  });

  it('leaves the FHIR door out of the GraphQL function (its cold start does not load it)', () => {
    expect([...inputBytes(api.metafile).keys()].filter((i) => i.includes('lambda/fhir/') || i.includes('handlers/fhir'))).toEqual([]);
  });

  it(`stays under ${kb(CEILING_BYTES)}`, () => {
    const report = [
      `API bundle ${kb(api.bytes + api.lazyBytes)} (ceiling ${kb(CEILING_BYTES)}); largest packages:`,
      ...topPackages(api.metafile, 12).map((c) => `  ${kb(c.bytes).padStart(10)}  ${c.input}`),
    ].join('\n');
    expect(api.bytes + api.lazyBytes, report).toBeLessThanOrEqual(CEILING_BYTES);
  });
});
