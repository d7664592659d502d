/** The benchmark suite; run through bench/run.ts, which sets the environment first. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../infra/paths';
import { createLogger, setLogger } from '../lambda/observability/log';
import { startDynamoLocal, type RunningDynamo } from '../scripts/local/dynamodb-local';
import { benchColdStart, COLD_START_GOAL, killProbes, smokeBundle, type ColdStartResult, type SmokeResult } from './cold-start';
import { benchDos, dosRows, type DosResult } from './dos';
import { benchEngine, type EngineBenchResult } from './engine';
import { benchFhir, type FhirBenchResult } from './fhir';
import { PROVIDERS, submitInput } from './lib/api';
import { kb } from './lib/bundle';
import { benchLoad, type LoadResult } from './load';
import { benchWarm, type WarmResult } from './warm';

const GOALS = {
  coldStartLoadRatio: COLD_START_GOAL,
  warmOverheadRatio: 1.2,
  engineEvaluationsPerSecond: 50_000,
  loadErrors: 0,
} as const;

const quick = process.argv.includes('--quick');
const BUILD_DIR = join(REPO_ROOT, 'bench', '.build');
// The tracked bench/results.json changes only when asked (`npm run bench -- --save`);
// an ordinary run writes the git-ignored bench/results/latest.json.
const save = process.argv.includes('--save');
const RESULTS = save ? join(REPO_ROOT, 'bench', 'results.json') : join(REPO_ROOT, 'bench', 'results', 'latest.json');
const HARD_LIMIT_MS = 10 * 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

// ---- cleanup on every exit path -------------------------------------------------------
const cleanups: (() => Promise<void>)[] = [];
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  killProbes();
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping servers and DynamoDB Local`);
    void cleanup().finally(() => process.exit(code));
  });
}
const hardLimit = setTimeout(() => {
  log(`\nthe benchmark exceeded ${HARD_LIMIT_MS / 60_000} minutes: stopping`);
  void cleanup().finally(() => process.exit(1));
}, HARD_LIMIT_MS);
hardLimit.unref();

// ---- the table ----------------------------------------------------------------------
type Row = { op: string; metric: string; value: string; yardstick: string; ratio: string; goal: string; met: boolean | null };
const rows: Row[] = [];
const row = (r: Row) => rows.push(r);
const x = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : `${n.toFixed(2)}×`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

function printTable(): void {
  const head: Row = { op: 'op', metric: 'metric', value: 'value', yardstick: 'yardstick', ratio: 'ratio', goal: 'goal', met: null };
  const cells = (r: Row) => [r.op, r.metric, r.value, r.yardstick, r.ratio, r.goal, r === head ? 'met?' : r.met === null ? '' : r.met ? 'yes' : 'NO'];
  const all = [head, ...rows].map(cells);
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  log('');
  log(line(all[0]!));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of all.slice(1)) log(line(c));
  log('');
}

// ---- the run ------------------------------------------------------------------------
async function main(): Promise<number> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const startedAt = new Date();
  log(`npm run bench${quick ? ' --quick' : ''}: node ${process.version}, ${cpus().length} CPUs, ${startedAt.toISOString()}`);

  // The request log (one JSON line per request) still serializes every line; the lines go nowhere.
  let logBytes = 0;
  setLogger(createLogger({ sink: (line) => (logBytes += line.length), logLevel: 'INFO' }));

  const phases: Record<string, { startedAt: string; seconds: number }> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    log(`[${name}]`);
    const t0 = Date.now();
    const r = await fn();
    phases[name] = { startedAt: new Date(t0).toISOString(), seconds: (Date.now() - t0) / 1000 };
    return r;
  };

  // Engine first, while nothing else runs in this process.
  const engine: EngineBenchResult = await phase('engine', () => benchEngine({ seconds: quick ? 1 : 3 }));
  const cold: ColdStartResult = await phase('cold start', () => benchColdStart({ buildDir: BUILD_DIR, runs: quick ? 3 : 7, log }));

  let dynamo: RunningDynamo | undefined;
  let warm: WarmResult | undefined;
  let load: LoadResult | undefined;
  let smoke: SmokeResult | undefined;
  let fhir: FhirBenchResult | undefined;
  let dos: DosResult | undefined;
  try {
    dynamo = await phase('DynamoDB Local', () => startDynamoLocal());
    const d = dynamo;
    cleanups.push(() => d.stop());
    const w = await phase('warm', () =>
      benchWarm({ endpoint: d.endpoint, iterations: quick ? 40 : 200, warmup: quick ? 10 : 30, log }),
    );
    fhir = await phase('fhir $submit vs submitCase', () => benchFhir({ endpoint: d.endpoint, iterations: quick ? 30 : 100, warmup: quick ? 5 : 20, log }));
    smoke = await phase('bundle smoke', () =>
      smokeBundle({
        file: join(BUILD_DIR, 'api', 'index.mjs'),
        buildDir: BUILD_DIR,
        endpoint: d.endpoint,
        tableName: w.tableName,
        input: submitInput(1, PROVIDERS[0], `bundle-smoke-${Date.now()}`),
      }),
    );
    warm = { ...w };
    delete (warm as Partial<typeof w>).api;
    delete (warm as Partial<typeof w>).minimal;
    delete (warm as Partial<typeof w>).targetCaseId;
    load = await phase('load', () =>
      benchLoad({
        endpoint: d.endpoint,
        minimal: { handler: w.minimal, caseId: w.targetCaseId },
        buildDir: BUILD_DIR,
        connections: 20,
        seconds: quick ? 4 : 12,
        minimalSeconds: quick ? 2 : 5,
        log,
        onServer: (close) => cleanups.push(close),
      }),
    );
    // Last: it leaves the machine busy (hostile load) and its figures are about stalls, not speed.
    dos = await phase('DoS: case(id) beside the worst policy and the largest query', () =>
      benchDos({ endpoint: d.endpoint, buildDir: BUILD_DIR, seconds: quick ? 4 : 10, baselineRequests: quick ? 60 : 200, log, onServer: (close) => cleanups.push(close) }),
    );
  } finally {
    if (dynamo) await dynamo.stop();
  }

  // ---- rows ----
  row({
    op: 'cold start',
    metric: 'loaded at start (.mjs: index and its static chunks)',
    value: kb(cold.api.bytes),
    yardstick: `${kb(cold.minimal.bytes)} minimal`,
    ratio: x(cold.sizeRatio),
    // Context only: the goal is the time below; test/infra/bundle-size.test.ts guards against bloat.
    goal: '',
    met: null,
  });
  row({
    op: 'cold start',
    metric: `load: import + 1st invoke (median of ${cold.runs})`,
    value: ms(cold.api.median.totalMs),
    yardstick: `${ms(cold.minimal.median.totalMs)} minimal`,
    ratio: x(cold.loadRatio),
    goal: `≤ ${GOALS.coldStartLoadRatio.toFixed(1)}×`,
    met: cold.loadRatio <= GOALS.coldStartLoadRatio,
  });
  row({
    op: 'cold start',
    metric: 'the measured bundle works (submit, read, userErrors)',
    value: smoke ? (smoke.ok ? 'yes' : smoke.checks.filter((c) => !c.ok).map((c) => c.check).join('; ')) : 'not run',
    yardstick: '',
    ratio: '',
    goal: 'works',
    met: smoke?.ok ?? false,
  });
  row({
    op: 'cold start',
    metric: 'first read through the core (loads the core chunk; the engine loads with the first evaluation)',
    value: cold.api.median.coreInvokeMs == null ? 'not run' : `+${ms(cold.api.median.coreInvokeMs)}`,
    yardstick: `${kb(cold.api.lazyBytes)} loaded on first use`,
    ratio: '',
    goal: '',
    met: null,
  });
  row({
    op: 'cold start',
    metric: 'import only (init phase)',
    value: ms(cold.api.median.importMs),
    yardstick: `${ms(cold.minimal.median.importMs)} minimal`,
    ratio: x(cold.importRatio),
    goal: '',
    met: null,
  });
  if (fhir) {
    const f = fhir;
    row({
      op: 'FHIR $submit',
      metric: `warm latency p50 / p99 (n=${f.fhirSubmit.latency.n}), reference case`,
      value: `${ms(f.fhirSubmit.latency.p50)} / ${ms(f.fhirSubmit.latency.p99)}`,
      yardstick: `${ms(f.graphqlSubmit.latency.p50)} / ${ms(f.graphqlSubmit.latency.p99)} submitCase`,
      ratio: `${x(f.fhirSubmit.latency.p50 / f.graphqlSubmit.latency.p50)} / ${x(f.fhirSubmit.latency.p99 / f.graphqlSubmit.latency.p99)}`,
      goal: '',
      met: null,
    });
    row({
      op: 'FHIR $submit',
      metric: 'overhead p50 (latency − DynamoDB); DynamoDB requests',
      value: `${ms(f.fhirSubmit.handler.p50)}; ${f.fhirSubmit.requests}`,
      yardstick: `${ms(f.graphqlSubmit.handler.p50)}; ${f.graphqlSubmit.requests} submitCase`,
      ratio: x(f.handlerRatioP50),
      goal: '',
      met: null,
    });
  }
  for (const op of warm?.ops ?? []) {
    if (!op.available || !op.api || !op.minimal) {
      row({ op: op.op, metric: 'overhead p50 (latency − DynamoDB)', value: op.note ?? 'n/a', yardstick: '', ratio: '', goal: `≤ ${GOALS.warmOverheadRatio}×`, met: null });
      continue;
    }
    const fail = op.failures ? ` (${op.failures} failed: ${op.firstFailure})` : '';
    row({
      op: op.op,
      metric: `warm latency p50 / p99 (n=${op.api.latency.n})${fail}`,
      value: `${ms(op.api.latency.p50)} / ${ms(op.api.latency.p99)}`,
      yardstick: `${ms(op.minimal.latency.p50)} / ${ms(op.minimal.latency.p99)}`,
      ratio: `${x(op.api.latency.p50 / op.minimal.latency.p50)} / ${x(op.api.latency.p99 / op.minimal.latency.p99)}`,
      goal: '',
      met: null,
    });
    row({
      op: op.op,
      metric: 'DynamoDB time p50',
      value: ms(op.api.dynamo.p50),
      yardstick: ms(op.minimal.dynamo.p50),
      ratio: x(op.api.dynamo.p50 / op.minimal.dynamo.p50),
      goal: '',
      met: null,
    });
    row({
      op: op.op,
      metric: 'overhead p50 (latency − DynamoDB)',
      value: ms(op.api.handler.p50),
      yardstick: ms(op.minimal.handler.p50),
      ratio: x(op.overheadP50),
      goal: `≤ ${GOALS.warmOverheadRatio}×`,
      met: op.failures === 0 && (op.overheadP50 ?? Infinity) <= GOALS.warmOverheadRatio,
    });
    row({
      op: op.op,
      metric: 'overhead p99 (latency − DynamoDB)',
      value: ms(op.api.handler.p99),
      yardstick: ms(op.minimal.handler.p99),
      ratio: x(op.overheadP99),
      goal: '',
      met: null,
    });
  }
  for (const c of warm?.requestCounts ?? []) {
    const spread = c.min === c.max ? '' : ` (${c.min}..${c.max})`;
    row({
      op: c.op,
      metric: `DynamoDB requests (n=${c.samples})`,
      value: `${c.typical}${spread}`,
      yardstick: '1 minimal',
      ratio: x(c.typical),
      goal: c.budget !== undefined ? `≤ ${c.budget} (tests)` : '',
      met: c.budget !== undefined ? c.max <= c.budget : null,
    });
  }
  row({
    op: 'engine',
    metric: 'SIJ evaluations/s (per CPU-s)',
    value: engine.evaluationsPerSecond.toLocaleString('en-US'),
    yardstick: `goal ${GOALS.engineEvaluationsPerSecond.toLocaleString('en-US')}`,
    ratio: x(engine.evaluationsPerSecond / GOALS.engineEvaluationsPerSecond),
    goal: `≥ ${GOALS.engineEvaluationsPerSecond.toLocaleString('en-US')}/s`,
    met: engine.evaluationsPerSecond >= GOALS.engineEvaluationsPerSecond,
  });
  if (load) {
    const { api, minimal, recount } = load;
    row({
      op: 'load submitCase',
      metric: `throughput (${api.connections} conns, ${api.seconds.toFixed(0)} s)`,
      value: `${api.throughput} req/s`,
      yardstick: `${minimal.throughput} req/s minimal`,
      ratio: x(api.throughput / minimal.throughput),
      goal: '',
      met: null,
    });
    row({
      op: 'load submitCase',
      metric: 'latency p50 / p99',
      value: `${api.latencyMs.p50} / ${api.latencyMs.p99} ms`,
      yardstick: `${minimal.latencyMs.p50} / ${minimal.latencyMs.p99} ms`,
      ratio: x(api.latencyMs.p99 / minimal.latencyMs.p99),
      goal: '',
      met: null,
    });
    row({
      op: 'load submitCase',
      metric: `errors (non-2xx, socket, GraphQL) of ${api.responses}`,
      value: `${api.errors}${api.firstFailure ? ` (${api.firstFailure})` : ''}`,
      yardstick: `${minimal.errors} minimal`,
      ratio: '',
      goal: '= 0',
      met: api.errors === GOALS.loadErrors,
    });
    row({
      op: 'load recount',
      metric: 'CASE items = successful submits',
      value: `${recount.caseItems} = ${recount.successfulSubmits}`,
      yardstick: `${recount.idempotencyItems} keys (${load.serverInFlightAtStop} done after client stop)`,
      ratio: '',
      goal: 'equal, 1 case/key',
      met: recount.storedExactlyOnce,
    });
    row({
      op: 'load recount',
      metric: 'analytics counters = recount',
      value: `${recount.counters.cases} = ${recount.recount.cases}`,
      yardstick: Object.entries(recount.recount.byStatus).map(([s, n]) => `${s} ${n}`).join(', '),
      ratio: '',
      goal: 'equal',
      met: recount.countersMatch,
    });
  }
  if (dos) for (const r of dosRows(dos)) row(r);
  printTable();

  // ---- results.json ----
  const goals = {
    coldStartLoadRatio: { goal: `<= ${GOALS.coldStartLoadRatio}`, value: cold.loadRatio, met: cold.loadRatio <= GOALS.coldStartLoadRatio },
    warmOverheadRatio: Object.fromEntries(
      (warm?.ops ?? []).map((o) => [
        o.op,
        o.available
          ? { goal: `<= ${GOALS.warmOverheadRatio}`, value: o.overheadP50, met: o.failures === 0 && (o.overheadP50 ?? Infinity) <= GOALS.warmOverheadRatio }
          : { goal: `<= ${GOALS.warmOverheadRatio}`, value: null, met: null, note: o.note },
      ]),
    ),
    dynamoDbRequestBudgets: Object.fromEntries(
      (warm?.requestCounts ?? []).filter((c) => c.budget !== undefined).map((c) => [c.op, { goal: `<= ${c.budget}`, value: c.max, met: c.max <= c.budget! }]),
    ),
    engineEvaluationsPerSecond: {
      goal: `>= ${GOALS.engineEvaluationsPerSecond}`,
      value: engine.evaluationsPerSecond,
      met: engine.evaluationsPerSecond >= GOALS.engineEvaluationsPerSecond,
    },
    bundleWorks: { goal: 'true', value: smoke?.ok ?? null, met: smoke?.ok ?? null },
    loadErrors: { goal: '0', value: load?.api.errors ?? null, met: load ? load.api.errors === 0 : null },
    loadStoredExactlyOnce: { goal: 'true', value: load?.recount.storedExactlyOnce ?? null, met: load?.recount.storedExactlyOnce ?? null },
    dosCaseAnswers: { goal: '0 errors', value: dos?.underLoad.errors ?? null, met: dos ? dos.underLoad.errors === 0 && dos.underLoad.n > 0 : null },
    dosCaseP99UnderLoad: { goal: `<= ${dos?.p99Budget ?? 'n/a'} ms`, value: dos?.underLoad.p99 ?? null, met: dos ? dos.underLoad.p99 <= dos.p99Budget : null },
    loadCountersMatchRecount: { goal: 'true', value: load?.recount.countersMatch ?? null, met: load?.recount.countersMatch ?? null },
  };
  const finishedAt = new Date();
  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    quick,
    environment: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryBytes: totalmem() },
    phases,
    goals,
    coldStart: { ...cold, bundleSmoke: smoke },
    warm,
    fhir,
    engine,
    load,
    dos,
    requestLogBytes: logBytes,
    table: rows,
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const unmet = rows.filter((r) => r.met === false).map((r) => `${r.op}: ${r.metric}`);
  log(`goals not met: ${unmet.length ? `\n  - ${unmet.join('\n  - ')}` : 'none'}`);
  log(`wrote ${RESULTS.slice(REPO_ROOT.length + 1)} (${results.seconds.toFixed(0)} s)${save ? '' : '; npm run bench -- --save updates the tracked bench/results.json'}`);
  const integrity = smoke?.ok === true && !!load && load.api.errors === 0 && load.recount.storedExactlyOnce && load.recount.countersMatch;
  return integrity ? 0 : 1;
}

let exitCode: number;
try {
  exitCode = await main();
} catch (err) {
  log(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
