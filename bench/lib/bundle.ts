/**
 * Builds a Lambda bundle exactly as CDK does (infra/bundling.ts), with a metafile,
 * and breaks its size down by input file and by package.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LAMBDA_OUTFILE, lambdaBuildOptions } from '../../infra/bundling';
import { REPO_ROOT } from '../../infra/paths';

export const entries = {
  api: join(REPO_ROOT, 'lambda', 'handlers', 'graphql.ts'),
  minimal: join(REPO_ROOT, 'bench', 'minimal', 'handler.ts'),
} as const;

export type Contributor = { input: string; bytes: number };

export type BundleInfo = {
  entry: string;
  file: string;
  /** Size of the .mjs (what Node parses on cold start; the .map is read only on a stack trace). */
  bytes: number;
  mapBytes: number;
  buildMs: number;
  metafile: Metafile;
};

export async function buildBundle(entry: string, outdir: string): Promise<BundleInfo> {
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, LAMBDA_OUTFILE);
  const t0 = performance.now();
  const result = await build(lambdaBuildOptions(entry, file, { metafile: true }));
  const buildMs = performance.now() - t0;
  return {
    entry: relative(REPO_ROOT, entry),
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`).size,
    buildMs: Math.round(buildMs),
    metafile: result.metafile!,
  };
}

function mainOutput(metafile: Metafile) {
  const out = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'));
  if (!out) throw new Error('no .mjs output in the metafile');
  return out[1];
}

/** The largest input files, by bytes they contribute to the output. */
export function topInputs(metafile: Metafile, n = 10): Contributor[] {
  return Object.entries(mainOutput(metafile).inputs)
    .map(([input, v]) => ({ input, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

/** `node_modules/@scope/pkg/...` -> `@scope/pkg`; the app's own files by top folder (`lambda/engine`). */
export function packageOf(input: string): string {
  const parts = input.split('/');
  const i = parts.lastIndexOf('node_modules');
  if (i >= 0) return parts[i + 1]?.startsWith('@') ? `${parts[i + 1]}/${parts[i + 2]}` : (parts[i + 1] ?? input);
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/') || input;
}

/** The largest packages (or app folders), by bytes they contribute to the output. */
export function topPackages(metafile: Metafile, n = 10): Contributor[] {
  const by = new Map<string, number>();
  for (const [input, v] of Object.entries(mainOutput(metafile).inputs)) {
    const p = packageOf(input);
    by.set(p, (by.get(p) ?? 0) + v.bytesInOutput);
  }
  return [...by.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

/** The largest folders (e.g. `node_modules/zod/v4/locales`: many small files that no single input shows). */
export function topDirectories(metafile: Metafile, n = 10): Contributor[] {
  const by = new Map<string, number>();
  for (const [input, v] of Object.entries(mainOutput(metafile).inputs)) {
    const dir = input.includes('/') ? input.slice(0, input.lastIndexOf('/')) : '.';
    by.set(dir, (by.get(dir) ?? 0) + v.bytesInOutput);
  }
  return [...by.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

/** Packages bundled from more than one build (e.g. both dist/cjs and dist/esm): dual-package copies. */
export function duplicatedBuilds(metafile: Metafile): string[] {
  const flavours = new Map<string, Set<string>>();
  for (const input of Object.keys(mainOutput(metafile).inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/)?(cjs|esm|commonjs|dist-cjs|dist-es)\//.exec(input);
    if (!m) continue;
    const set = flavours.get(m[1]!) ?? new Set<string>();
    set.add(m[2]!);
    flavours.set(m[1]!, set);
  }
  return [...flavours.entries()].filter(([, s]) => s.size > 1).map(([p]) => p);
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
