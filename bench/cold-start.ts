/**
 * Cold start, measured in time: the API's deployable bundle (built with the very esbuild
 * options CDK uses, infra/bundling.ts) against the minimal Apollo handler's bundle built
 * the same way. Each sample is a fresh `node` process: import (Lambda's init phase) then
 * the first invocation, alternating API and minimal so both see the same machine. The goal
 * is import + first invoke at most COLD_START_GOAL times the minimal handler's; sizes are
 * reported as context (test/infra/bundle-size.test.ts guards against bloat).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/paths';
import {
  buildBundle,
  duplicatedBuilds,
  entries,
  topDirectories,
  topInputs,
  topPackages,
  type BundleInfo,
  type Contributor,
  type OutputFile,
} from './lib/bundle';
import { median, round } from './lib/stats';

export type ProbeSample = {
  nodeBootMs: number;
  importMs: number;
  firstInvokeMs: number;
  totalMs: number;
  /** The API only: the next invocation, the first through the core (a read: loads the core chunk, not the engine). */
  coreInvokeMs: number | null;
  processMs: number;
};

/**
 * The API's first operation through the core, after the probe's `{ __typename }`: an
 * identifier no determination can have is refused by the core before any DynamoDB call, so
 * the figure is the loading of the core chunk (not the engine: reads never evaluate) plus one
 * request, without the network.
 */
export const CORE_PROBE_QUERY = '{ determination(id: "!") { id } }';

export type BundleFigures = {
  entry: string;
  /** Loaded by every cold start: index.mjs and the chunks it imports statically. */
  bytes: number;
  /** Loaded by the first operation that needs them (the core, the engine). */
  lazyBytes: number;
  mapBytes: number;
  files: OutputFile[];
  buildMs: number;
  topInputs: Contributor[];
  topPackages: Contributor[];
  topDirectories: Contributor[];
  duplicatedPackages: string[];
  samples: ProbeSample[];
  median: ProbeSample;
};

export type ColdStartResult = {
  runs: number;
  nodeOptions: string;
  api: BundleFigures;
  minimal: BundleFigures;
  sizeRatio: number;
  /** median(api import + first invoke) / median(minimal import + first invoke). */
  loadRatio: number;
  importRatio: number;
};

const PROBE = join(REPO_ROOT, 'bench', 'cold-probe.mjs');

/** The environment a Lambda would have (and the handler's config needs at module load); nothing inherited. */
function lambdaEnv(nodeOptions: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TABLE_NAME: 'bench-cold-start',
    // Parsed at module load; never contacted (the probe's query needs no DynamoDB).
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    AWS_REGION: 'us-east-1',
    STAGE: 'prod',
    NODE_ENV: 'production',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: nodeOptions,
  };
}

const live = new Set<ChildProcess>();
/** Kills probes still running (on SIGINT). */
export function killProbes(): void {
  for (const c of live) if (c.exitCode === null) c.kill('SIGKILL');
}

function probe(bundle: string, resultFile: string, env: NodeJS.ProcessEnv, secondQuery?: string): Promise<ProbeSample> {
  rmSync(resultFile, { force: true });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [PROBE, bundle, resultFile, ...(secondQuery ? [secondQuery] : [])], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      live.delete(child);
      const processMs = performance.now() - t0;
      if (code !== 0 || !existsSync(resultFile)) return reject(new Error(`cold probe of ${bundle} exited ${code}: ${stderr.slice(-2000)}`));
      const r = JSON.parse(readFileSync(resultFile, 'utf8')) as Omit<ProbeSample, 'coreInvokeMs'> & { secondInvokeMs: number | null; ok: boolean; status: number };
      if (!r.ok) return reject(new Error(`cold probe of ${bundle}: a request failed (HTTP ${r.status})`));
      resolve({ nodeBootMs: r.nodeBootMs, importMs: r.importMs, firstInvokeMs: r.firstInvokeMs, totalMs: r.totalMs, coreInvokeMs: r.secondInvokeMs, processMs });
    });
  });
}

const medianOf = (samples: ProbeSample[]): ProbeSample => ({
  nodeBootMs: round(median(samples.map((s) => s.nodeBootMs)), 1),
  importMs: round(median(samples.map((s) => s.importMs)), 1),
  firstInvokeMs: round(median(samples.map((s) => s.firstInvokeMs)), 1),
  totalMs: round(median(samples.map((s) => s.totalMs)), 1),
  coreInvokeMs: samples[0]?.coreInvokeMs == null ? null : round(median(samples.map((s) => s.coreInvokeMs ?? 0)), 1),
  processMs: round(median(samples.map((s) => s.processMs)), 1),
});

export async function benchColdStart(o: { buildDir: string; runs?: number; nodeOptions?: string; log?: (l: string) => void }): Promise<ColdStartResult> {
  const log = o.log ?? (() => undefined);
  const runs = o.runs ?? 7;
  // As deployed: infra/constructs/functions.ts sets NODE_OPTIONS=--enable-source-maps.
  const nodeOptions = o.nodeOptions ?? '--enable-source-maps';
  log('  bundling both handlers with the CDK esbuild options');
  const built: Record<'api' | 'minimal', BundleInfo> = {
    api: await buildBundle(entries.api, join(o.buildDir, 'api')),
    minimal: await buildBundle(entries.minimal, join(o.buildDir, 'minimal')),
  };
  const env = lambdaEnv(nodeOptions);
  const samples: Record<'api' | 'minimal', ProbeSample[]> = { api: [], minimal: [] };
  // One untimed run each (file cache), then alternate which goes first.
  log(`  ${runs} fresh node processes per bundle (+1 untimed each), alternating`);
  const secondQuery = { api: CORE_PROBE_QUERY, minimal: undefined };
  for (const k of ['api', 'minimal'] as const) await probe(built[k].file, join(o.buildDir, `${k}-probe.json`), env, secondQuery[k]);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (['api', 'minimal'] as const) : (['minimal', 'api'] as const);
    for (const k of order) samples[k].push(await probe(built[k].file, join(o.buildDir, `${k}-probe.json`), env, secondQuery[k]));
  }
  const figures = (k: 'api' | 'minimal'): BundleFigures => ({
    entry: built[k].entry,
    bytes: built[k].bytes,
    lazyBytes: built[k].lazyBytes,
    mapBytes: built[k].mapBytes,
    files: built[k].files,
    buildMs: built[k].buildMs,
    // What the cold start loads; the lazily loaded chunks are listed in `files`.
    topInputs: topInputs(built[k].metafile, 10, 'startup'),
    topPackages: topPackages(built[k].metafile, 15, 'startup'),
    topDirectories: topDirectories(built[k].metafile, 10, 'startup'),
    duplicatedPackages: duplicatedBuilds(built[k].metafile),
    samples: samples[k].map((s) => ({
      nodeBootMs: round(s.nodeBootMs, 1),
      importMs: round(s.importMs, 1),
      firstInvokeMs: round(s.firstInvokeMs, 1),
      totalMs: round(s.totalMs, 1),
      coreInvokeMs: s.coreInvokeMs == null ? null : round(s.coreInvokeMs, 1),
      processMs: round(s.processMs, 1),
    })),
    median: medianOf(samples[k]),
  });
  const api = figures('api');
  const minimal = figures('minimal');
  return {
    runs,
    nodeOptions,
    api,
    minimal,
    sizeRatio: round(api.bytes / minimal.bytes),
    loadRatio: round(api.median.totalMs / minimal.median.totalMs),
    importRatio: round(api.median.importMs / minimal.median.importMs),
  };
}

export type SmokeResult = { ok: boolean; checks: { check: string; ok: boolean }[] };

/** Runs the measured API bundle against DynamoDB Local (a bootstrapped table): it must actually work. */
export async function smokeBundle(o: { file: string; buildDir: string; endpoint: string; tableName: string; input: unknown }): Promise<SmokeResult> {
  const resultFile = join(o.buildDir, 'smoke.json');
  rmSync(resultFile, { force: true });
  const env = { ...lambdaEnv('--enable-source-maps'), TABLE_NAME: o.tableName, DYNAMODB_ENDPOINT: o.endpoint, POWERTOOLS_LOG_LEVEL: 'ERROR' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bench', 'bundle-smoke.mjs'), o.file, resultFile, JSON.stringify(o.input)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    live.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      live.delete(child);
      if (code !== 0 || !existsSync(resultFile)) return resolve({ ok: false, checks: [{ check: `bundle exited ${code}: ${stderr.slice(-500)}`, ok: false }] });
      resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as SmokeResult);
    });
  });
}

/** Goal: a fresh process's import + first invoke at most this multiple of the minimal Apollo handler's. */
export const COLD_START_GOAL = 1.3;

// `npx tsx bench/cold-start.ts [runs]`: the cold-start figure alone (npm run bench runs it with the rest).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.NODE_ENV = 'production';
  const buildDir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  const runs = Number(process.argv[2] ?? 9);
  try {
    const r = await benchColdStart({ buildDir, runs, log: (l) => console.log(l) });
    const row = (k: 'api' | 'minimal') =>
      `${k.padEnd(8)} ${(r[k].bytes / 1024).toFixed(0).padStart(6)} KiB  import ${r[k].median.importMs} ms  first invoke ${r[k].median.firstInvokeMs} ms  total ${r[k].median.totalMs} ms`;
    console.log([row('api'), row('minimal')].join('\n'));
    console.log(`import + first invoke: ${r.loadRatio}x the minimal handler (goal <= ${COLD_START_GOAL}x: ${r.loadRatio <= COLD_START_GOAL ? 'met' : 'NOT met'}); import alone ${r.importRatio}x`);
    console.log(`API's first read through the core (loads the core chunk): ${r.api.median.coreInvokeMs} ms more`);
    for (const k of ['api', 'minimal'] as const) {
      const start = r[k].files.filter((f) => f.atStartup);
      const lazy = r[k].files.filter((f) => !f.atStartup);
      const app = lazy.filter((f) => /^(core|engine)-/.test(f.file)).map((f) => f.file);
      console.log(`${k}: ${start.length} files loaded at start; ${lazy.length} on first use, ${(r[k].lazyBytes / 1024).toFixed(0)} KiB${app.length ? ` (${app.join(', ')} among them)` : ''}`);
    }
    console.log('largest packages of what the API loads at start:');
    for (const p of r.api.topPackages.slice(0, 12)) console.log(`  ${(p.bytes / 1024).toFixed(1).padStart(8)} KiB  ${p.input}`);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}
