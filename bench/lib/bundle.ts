/**
 * Builds a Lambda bundle exactly as CDK does (infra/bundle-lambda.ts, options in
 * infra/bundling.ts), with a metafile, and breaks its size down by output file, input
 * file and package.
 */
import type { Metafile } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { bundleLambda } from '../../infra/bundle-lambda';
import { LAMBDA_OUTFILE } from '../../infra/bundling';
import { REPO_ROOT } from '../../infra/paths';

export const entries = {
  api: join(REPO_ROOT, 'lambda', 'handlers', 'graphql.ts'),
  minimal: join(REPO_ROOT, 'bench', 'minimal', 'handler.ts'),
} as const;

export type Contributor = { input: string; bytes: number };

/** One file of the bundle: loaded by every cold start (the handler and what it imports statically) or on first use. */
export type OutputFile = { file: string; bytes: number; atStartup: boolean };

export type BundleInfo = {
  entry: string;
  /** The handler file, `index.mjs`. */
  file: string;
  /** What a cold start reads, compiles and evaluates: `index.mjs` and the chunks it imports statically. */
  bytes: number;
  /** Chunks loaded by the first operation that needs them (the core, the engine). */
  lazyBytes: number;
  /** Source maps of the startup files (Node reads them at load with --enable-source-maps). */
  mapBytes: number;
  files: OutputFile[];
  buildMs: number;
  metafile: Metafile;
};

/** The .mjs outputs a cold start loads: the entry and, transitively, its static imports. */
export function startupOutputs(metafile: Metafile): Set<string> {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((name) => basename(name) === LAMBDA_OUTFILE);
  if (!entry) throw new Error(`no ${LAMBDA_OUTFILE} in the metafile`);
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const i of outputs[name]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) queue.push(i.path);
  }
  return seen;
}

/** Builds into `outdir`, emptied first (a chunk of an earlier build would be counted). */
export async function buildBundle(entry: string, outdir: string): Promise<BundleInfo> {
  rmSync(outdir, { recursive: true, force: true });
  const t0 = performance.now();
  const { metafile } = await bundleLambda(entry, outdir);
  const buildMs = performance.now() - t0;
  const atStartup = startupOutputs(metafile);
  const files = Object.keys(metafile.outputs)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => ({ file: basename(name), bytes: statSync(join(outdir, basename(name))).size, atStartup: atStartup.has(name) }))
    .sort((a, b) => Number(b.atStartup) - Number(a.atStartup) || b.bytes - a.bytes);
  const sum = (fs: OutputFile[]) => fs.reduce((n, f) => n + f.bytes, 0);
  return {
    entry: relative(REPO_ROOT, entry),
    file: join(outdir, LAMBDA_OUTFILE),
    bytes: sum(files.filter((f) => f.atStartup)),
    lazyBytes: sum(files.filter((f) => !f.atStartup)),
    mapBytes: files.filter((f) => f.atStartup).reduce((n, f) => n + statSync(join(outdir, `${f.file}.map`)).size, 0),
    files,
    buildMs: Math.round(buildMs),
    metafile,
  };
}

export type Scope = 'startup' | 'all';

/** Bytes each input contributes, over the startup outputs or all of them. */
export function inputBytes(metafile: Metafile, scope: Scope = 'all'): Map<string, number> {
  const startup = scope === 'startup' ? startupOutputs(metafile) : null;
  const by = new Map<string, number>();
  for (const [name, out] of Object.entries(metafile.outputs)) {
    if (!name.endsWith('.mjs') || (startup && !startup.has(name))) continue;
    for (const [input, v] of Object.entries(out.inputs)) by.set(input, (by.get(input) ?? 0) + v.bytesInOutput);
  }
  return by;
}

/** The largest input files, by bytes they contribute to the output. */
export function topInputs(metafile: Metafile, n = 10, scope: Scope = 'all'): Contributor[] {
  return [...inputBytes(metafile, scope).entries()]
    .map(([input, bytes]) => ({ input, bytes }))
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
export function topPackages(metafile: Metafile, n = 10, scope: Scope = 'all'): Contributor[] {
  const by = new Map<string, number>();
  for (const [input, bytes] of inputBytes(metafile, scope)) {
    const p = packageOf(input);
    by.set(p, (by.get(p) ?? 0) + bytes);
  }
  return [...by.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

/** The largest folders (e.g. `node_modules/zod/v4/locales`: many small files that no single input shows). */
export function topDirectories(metafile: Metafile, n = 10, scope: Scope = 'all'): Contributor[] {
  const by = new Map<string, number>();
  for (const [input, bytes] of inputBytes(metafile, scope)) {
    const dir = input.includes('/') ? input.slice(0, input.lastIndexOf('/')) : '.';
    by.set(dir, (by.get(dir) ?? 0) + bytes);
  }
  return [...by.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

/** Packages bundled from more than one build (e.g. both dist/cjs and dist/esm): dual-package copies. */
export function duplicatedBuilds(metafile: Metafile): string[] {
  const flavours = new Map<string, Set<string>>();
  for (const input of inputBytes(metafile).keys()) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/)?(cjs|esm|commonjs|dist-cjs|dist-es)\//.exec(input);
    if (!m) continue;
    const set = flavours.get(m[1]!) ?? new Set<string>();
    set.add(m[2]!);
    flavours.set(m[1]!, set);
  }
  return [...flavours.entries()].filter(([, s]) => s.size > 1).map(([p]) => p);
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
