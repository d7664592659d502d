/**
 * DoS: while hostile requests run (the worst policy the bounds allow, evaluated by
 * previewDetermination on facts at maxItems, and the largest query the cost limit allows,
 * over cases at their change cap), a normal `case(id)` still answers, and how late.
 *
 * Everything goes through the local HTTP server (scripts/local/http-server.ts, as `npm start`
 * serves it) in this one Node process: in AWS each request would get its own Lambda
 * instance, here all share one event loop, which is the worst case. Loopback only;
 * every loop is bounded by a count and a deadline.
 *
 *   1. the worst policy: sij-fusion v1 plus two integer fact lists at LIMITS.maxFactListItems
 *      and as many definitions `A.exists(a, B.exists(b, b > a))` (comprehensions nested
 *      LIMITS.maxComprehensionNesting deep, each just under LIMITS.maxExpressionCost) as
 *      LIMITS.maxPolicyCost accepts: added one by one until compilePolicy refuses, then one
 *      fewer. Published with publishPolicy as POLICY_ADMIN.
 *   2. the largest query: `cases(first: N) { ... determinations { id report } }` with the
 *      largest N whose estimated cost is within MAX_COST, over N cases each at
 *      MAX_CASE_CHANGES (every change adds a determination with its report).
 *   3. case(id) latency from its own client: alone (baseline), then for `seconds` beside
 *      `concurrency` hostile clients looping.
 *
 * Goal: every case(id) answers (0 errors), and its p99 under load is at most the baseline
 * p99 plus one slowest hostile request (measured alone) per hostile client: locally every
 * request shares one event loop, so a case(id) may queue behind the hostile requests already
 * running, each a bounded unit of work, and never longer (in Lambda each request has its own
 * instance, so none waits for another).
 *
 * Alone: `npx tsx bench/dos.ts [--quick]` (starts and stops its own DynamoDB Local).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { GqlResult } from './lib/api';

export type DosRow = { op: string; metric: string; value: string; yardstick: string; ratio: string; goal: string; met: boolean | null };

type Latencies = { n: number; p50: number; p99: number; max: number };

export type DosResult = {
  bounds: {
    maxFactListItems: number;
    maxComprehensionNesting: number;
    maxExpressionCost: number;
    maxPolicyCost: number;
    maxCost: number;
    maxCaseChanges: number;
    maxResponseBytes: number;
  };
  policy: { id: string; cptCode: string; heavyDefinitions: number; refusedWithOneMore: string; documentChars: number };
  query: { first: number; estimatedCost: number; cases: number; determinationsPerCase: number; populateSeconds: number };
  /** Each hostile request alone, sequentially (ms). */
  alone: { preview: Latencies; largestQuery: Latencies & { outcome: string; responseBytes: number } };
  baseline: Latencies & { errors: number };
  underLoad: Latencies & { errors: number; firstError?: string; seconds: number };
  hostile: { concurrency: number; preview: Latencies & { failures: number }; largestQuery: Latencies & { failures: number; outcomes: Record<string, number> } };
  /** baseline p99 + slowest single hostile request alone. */
  p99Budget: number;
};

export type DosOptions = {
  endpoint: string;
  buildDir: string;
  seconds?: number;
  /** Hostile clients looping at once (half previews, half largest queries). */
  concurrency?: number;
  baselineRequests?: number;
  log?: (line: string) => void;
  onServer?: (close: () => Promise<void>) => void;
};

const CASE_QUERY = /* GraphQL */ `
  query Case($id: ID!) { case(id: $id) { id version status } }`;
const PREVIEW_QUERY = /* GraphQL */ `
  query Preview($input: PreviewInput!) {
    previewDetermination(input: $input) { recommendation metCount totalCount criteriaResults { criterionId status } }
  }`;
const PUBLISH = /* GraphQL */ `
  mutation Publish($input: PublishPolicyInput!) { publishPolicy(input: $input) { policy { id version } userErrors { field message code } } }`;
const largestQuery = (first: number) => /* GraphQL */ `
  query Largest { cases(first: ${first}) { edges { node { id status determinations { id report } } } } }`;

const WORST_ID = 'dos-worst';
const WORST_CPT = '0DOS1';

function latencies(xs: number[]): Latencies {
  if (!xs.length) return { n: 0, p50: NaN, p99: NaN, max: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(50)), p99: r(at(99)), max: r(s[s.length - 1]!) };
}

export async function benchDos(o: DosOptions): Promise<DosResult> {
  // Imported here, not at the top: alone, this file sets NODE_ENV before they load.
  const [{ createHandler, MAX_RESPONSE_BYTES }, { bootstrapTable }, dev, { createLocalServer }, engine, sij, cost, lists, { buildSchema, parse }, { typeDefs }, api] =
    await Promise.all([
      import('../lambda/handlers/graphql-app'),
      import('../lambda/store/bootstrap'),
      import('../scripts/local/dev-tokens'),
      import('../scripts/local/http-server'),
      import('../lambda/engine'),
      import('../policies/sij-fusion/v1.json'),
      import('../lambda/graphql/plugins/cost-limit'),
      import('../lambda/graphql/plugins/list-limits'),
      import('graphql'),
      import('../lambda/generated/type-defs'),
      import('./lib/api'),
    ]);
  const { LIMITS, compilePolicy, PolicyValidationError } = engine;
  const log = o.log ?? (() => undefined);
  const seconds = o.seconds ?? 10;
  const concurrency = Math.max(2, o.concurrency ?? 4);

  // ---- 1. the worst policy the bounds allow ----
  const N = LIMITS.maxFactListItems;
  const base = sij.default;
  const worstPolicy = (heavy: number): Record<string, any> => {
    const d = structuredClone(base) as Record<string, any>;
    d.id = WORST_ID;
    d.title = 'DoS bench: the most costly policy the bounds accept';
    d.cptCodes = [WORST_CPT];
    for (const name of ['dosA', 'dosB']) {
      d.factSchema.properties[name] = { title: name, type: 'array', maxItems: N, items: { type: 'integer', minimum: 0, maximum: 1_000_000 } };
    }
    for (let i = 0; i < heavy; i++) {
      d.definitions.push({
        name: `dosHeavy${i}`,
        description: 'Two comprehensions nested over two lists at maxItems.',
        expression: 'has(facts.dosA) && has(facts.dosB) && facts.dosA.exists(a, facts.dosB.exists(b, b > a))',
      });
    }
    const refs = Array.from({ length: heavy }, (_, i) => `dosHeavy${i} == true`).join(' || ');
    d.criteria.push({
      id: 'DOS_HEAVY',
      title: 'Reads every heavy definition',
      requirement: 'Reads every heavy definition.',
      facts: ['dosA', 'dosB'],
      citations: ['[1]'],
      nextStep: 'None.',
      outcomes: [
        { when: heavy ? refs : 'false', status: 'MET', rationale: 'A pair matched.' },
        { status: 'NOT_APPLICABLE', rationale: 'No pair matched.' },
      ],
      reasonCode: { code: 'DOS_HEAVY', system: d.criteria[0].reasonCode.system, display: 'heavy' },
    });
    for (const ex of d.examples) ex.expected.statuses.DOS_HEAVY = 'NOT_APPLICABLE';
    return d;
  };
  let heavy = 0;
  let refusedWithOneMore = '';
  for (; heavy <= LIMITS.maxDefinitions; heavy++) {
    try {
      compilePolicy(worstPolicy(heavy + 1));
    } catch (err) {
      if (!(err instanceof PolicyValidationError)) throw err;
      refusedWithOneMore = err.issues.map((i) => i.message).find((m) => m.includes('costly')) ?? err.issues[0]?.message ?? 'refused';
      break;
    }
  }
  if (heavy === 0) throw new Error(`the bounds refuse even one heavy definition: ${refusedWithOneMore}`);
  const worst = worstPolicy(heavy);
  compilePolicy(worst);
  // Facts at maxItems: dosB's items never exceed dosA's, so every exists runs to the end (N x N).
  const hostileFacts = {
    ...structuredClone(base.examples[0]!.facts),
    dosA: Array.from({ length: N }, () => 1_000_000),
    dosB: Array.from({ length: N }, (_, i) => i),
    competingFindings: Array.from({ length: 50 }, (_, i) => `finding ${i} `.padEnd(500, 'x')),
  };

  // ---- 2. the largest query the cost limit allows ----
  const schema = buildSchema(typeDefs);
  const costOf = (q: string) => {
    const document = parse(q);
    const operation = document.definitions[0] as import('graphql').OperationDefinitionNode;
    return cost.estimateCost({ schema, document, operation }) ?? Infinity;
  };
  let first = 1;
  while (first < cost.MAX_PAGE_SIZE && costOf(largestQuery(first + 1)) <= cost.MAX_COST) first++;
  const estimatedCost = costOf(largestQuery(first));
  if (estimatedCost > cost.MAX_COST) throw new Error(`even cases(first: 1) costs ${estimatedCost}`);

  // ---- server, table, callers ----
  const tableName = `bench-dos-${randomUUID()}`;
  const handler = createHandler({ tableName, endpoint: o.endpoint, region: 'us-east-1', stage: 'prod', roleClaim: 'role', providerClaim: 'providerId' });
  await bootstrapTable({ db: handler.db, tableName });
  const keys = await dev.loadOrCreateDevKeys(join(o.buildDir, 'dev-keys.json'));
  const token = (claims: { sub: string; role: string; providerId?: string }) => dev.signDevToken(keys, claims).then((t) => `Bearer ${t}`);
  const [admin, nurse, provider] = await Promise.all([
    token({ sub: 'dos-admin', role: 'POLICY_ADMIN' }),
    token({ sub: 'dos-nurse', role: 'UM_NURSE' }),
    token({ sub: 'dos-provider', role: 'PROVIDER', providerId: api.PROVIDERS[0] }),
  ]);
  const server = createLocalServer({ handler, verify: dev.createDevVerifier(keys) });
  const close = () =>
    new Promise<void>((resolve) => {
      (server as Server).closeAllConnections?.();
      server.close(() => resolve());
    });
  o.onServer?.(close);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  type Answer = { ms: number; status: number; bytes: number; body: GqlResult['body'] | null };
  const post = async (authorization: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const body = JSON.stringify({ query, variables });
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: Answer['body'];
    try {
      parsed = JSON.parse(text) as GqlResult['body'];
    } catch {
      parsed = null;
    }
    return { ms, status: res.status, bytes: Buffer.byteLength(text), body: parsed };
  };
  const why = (a: Answer, field: string) => (a.body ? api.failureOf({ status: a.status, body: a.body }, field) : `HTTP ${a.status}, unparseable body`);

  try {
    const published = await post(admin, PUBLISH, { input: { document: worst } });
    const pubWhy = why(published, 'publishPolicy');
    if (pubWhy) throw new Error(`publishPolicy of the worst policy failed: ${pubWhy}`);
    log(`  worst policy: ${heavy} heavy definitions (${heavy + 1} refused: ${refusedWithOneMore.slice(0, 80)}…), published`);

    // Population: `first` cases, each changed until MAX_CASE_CHANGES (one determination per change).
    const t0 = Date.now();
    log(`  populating ${first} cases x ${lists.MAX_CASE_CHANGES} changes for cases(first: ${first}) (estimated cost ${estimatedCost} of ${cost.MAX_COST})`);
    const direct = (query: string, variables: Record<string, unknown>) =>
      api.invoke(handler, api.callers.provider(api.PROVIDERS[0]), query, variables);
    // The probed case first: the listing serves the newest first, so the largest query reads the populated ones.
    const probed = await direct(api.Q.submit, { input: api.submitInput(7, api.PROVIDERS[0], `dos-${randomUUID()}`) });
    api.expectOk(probed, 'submitCase', 'dos seeding submitCase');
    const caseId = probed.body.data!.submitCase.case.id as string;
    const perCase: number[] = [];
    const stopReasons = new Set<string>();
    const populateOne = async (n: number) => {
      // The reference case's facts (NOT_MEDICALLY_NECESSARY: the case stays pending and takes every change), varied per change.
      const pendingFacts = (k: number) => ({ ...structuredClone(base.examples[0]!.facts), painScoreNrs: 5 + (k % 6) });
      const s = await direct(api.Q.submit, { input: { ...api.submitInput(n, api.PROVIDERS[0], `dos-${randomUUID()}`), clinicalFacts: pendingFacts(0) } });
      api.expectOk(s, 'submitCase', 'dos seeding submitCase');
      const { id, version: first } = s.body.data!.submitCase.case as { id: string; version: number };
      let version = first;
      let changes = 1;
      for (let k = 1; k < lists.MAX_CASE_CHANGES; k++) {
        const u = await direct(api.Q.updateFacts, { input: { caseId: id, expectedVersion: version, clinicalFacts: pendingFacts(k) } });
        const w = api.failureOf(u, 'updateClinicalFacts');
        if (w) {
          stopReasons.add(w); // the change cap (or a status that takes no more facts)
          break;
        }
        version = u.body.data!.updateClinicalFacts.case.version as number;
        changes++;
      }
      perCase.push(changes);
    };
    const lanes = 4;
    for (let n = 0; n < first; n += lanes) await Promise.all(Array.from({ length: Math.min(lanes, first - n) }, (_, j) => populateOne(n + j)));
    const populateSeconds = (Date.now() - t0) / 1000;
    const detCounts = await post(nurse, `query { cases(first: ${first}) { edges { node { determinations { id } } } } }`);
    const dets = (detCounts.body?.data?.cases?.edges ?? []).map((e: { node: { determinations: unknown[] } }) => e.node.determinations.length);
    const determinationsPerCase = dets.length ? Math.min(...dets) : 0;
    log(`  changes per case ${Math.min(...perCase)}..${Math.max(...perCase)} (stopped by: ${[...stopReasons].join('; ') || 'none'}); determinations listed per case ${determinationsPerCase}..${Math.max(0, ...dets)}`);

    const preview = () => post(provider, PREVIEW_QUERY, { input: { cptCode: WORST_CPT, clinicalFacts: hostileFacts, requestedLevelOfCare: { setting: 'OUTPATIENT', inpatientDays: 0 } } });
    const largest = () => post(nurse, largestQuery(first));
    const outcomeOf = (a: Answer) => {
      const code = a.body?.errors?.[0]?.extensions?.code;
      return typeof code === 'string' ? code : a.status === 200 && a.body?.data?.cases ? 'ok' : `HTTP ${a.status}`;
    };
    const probe = () => post(nurse, CASE_QUERY, { id: caseId });

    // Warm every path once (first-use compilation and caches are not the figure).
    for (const f of [preview, largest, probe]) await f();

    // ---- 3a. baseline and each hostile request alone ----
    const baseMs: number[] = [];
    let baseErrors = 0;
    const baselineRequests = o.baselineRequests ?? 200;
    const baseDeadline = Date.now() + 15_000;
    for (let i = 0; i < baselineRequests && Date.now() < baseDeadline; i++) {
      const a = await probe();
      if (why(a, 'case')) baseErrors++;
      else baseMs.push(a.ms);
    }
    const alonePreview: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await preview();
      const w = why(a, 'previewDetermination');
      if (w) throw new Error(`previewDetermination of the worst policy failed: ${w}`);
      alonePreview.push(a.ms);
    }
    const aloneQuery: number[] = [];
    let aloneOutcome = '';
    let aloneBytes = 0;
    for (let i = 0; i < 3; i++) {
      const a = await largest();
      aloneQuery.push(a.ms);
      aloneOutcome = outcomeOf(a);
      aloneBytes = a.bytes;
    }
    log(`  alone: case(id) p99 ${latencies(baseMs).p99} ms; worst preview ${latencies(alonePreview).max} ms; largest query ${latencies(aloneQuery).max} ms (${aloneOutcome}, ${aloneBytes} bytes)`);

    // ---- 3b. under hostile load ----
    log(`  ${concurrency} hostile clients for ${seconds} s, case(id) probed beside them`);
    const deadline = Date.now() + seconds * 1000;
    const maxHostile = 10_000; // count bound besides the deadline
    let hostileSent = 0;
    const hostilePreview: number[] = [];
    const hostileQuery: number[] = [];
    let previewFailures = 0;
    let queryFailures = 0;
    const outcomes: Record<string, number> = {};
    const hostileClient = async (kind: 'preview' | 'query') => {
      while (Date.now() < deadline && hostileSent < maxHostile) {
        hostileSent++;
        try {
          if (kind === 'preview') {
            const a = await preview();
            if (why(a, 'previewDetermination')) previewFailures++;
            else hostilePreview.push(a.ms);
          } else {
            const a = await largest();
            const out = outcomeOf(a);
            outcomes[out] = (outcomes[out] ?? 0) + 1;
            hostileQuery.push(a.ms);
          }
        } catch {
          if (kind === 'preview') previewFailures++;
          else queryFailures++;
        }
      }
    };
    const loadMs: number[] = [];
    let loadErrors = 0;
    let firstError = '';
    const prober = async () => {
      // Let the hostile clients get going first.
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 5_000 && Date.now() < deadline; i++) {
        try {
          const a = await probe();
          const w = why(a, 'case');
          if (w) {
            loadErrors++;
            firstError ||= w;
          } else loadMs.push(a.ms);
        } catch (err) {
          loadErrors++;
          firstError ||= err instanceof Error ? err.message : String(err);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const tLoad = Date.now();
    await Promise.all([
      ...Array.from({ length: concurrency }, (_, i) => hostileClient(i % 2 === 0 ? 'preview' : 'query')),
      prober(),
    ]);
    const loadSeconds = (Date.now() - tLoad) / 1000;

    const baseline = { ...latencies(baseMs), errors: baseErrors };
    const slowestAlone = Math.max(latencies(alonePreview).max, latencies(aloneQuery).max);
    return {
      bounds: {
        maxFactListItems: LIMITS.maxFactListItems,
        maxComprehensionNesting: LIMITS.maxComprehensionNesting,
        maxExpressionCost: LIMITS.maxExpressionCost,
        maxPolicyCost: LIMITS.maxPolicyCost,
        maxCost: cost.MAX_COST,
        maxCaseChanges: lists.MAX_CASE_CHANGES,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      },
      policy: { id: WORST_ID, cptCode: WORST_CPT, heavyDefinitions: heavy, refusedWithOneMore, documentChars: JSON.stringify(worst).length },
      query: { first, estimatedCost, cases: first, determinationsPerCase, populateSeconds },
      alone: { preview: latencies(alonePreview), largestQuery: { ...latencies(aloneQuery), outcome: aloneOutcome, responseBytes: aloneBytes } },
      baseline,
      underLoad: { ...latencies(loadMs), errors: loadErrors, ...(firstError ? { firstError } : {}), seconds: loadSeconds },
      hostile: {
        concurrency,
        preview: { ...latencies(hostilePreview), failures: previewFailures },
        largestQuery: { ...latencies(hostileQuery), failures: queryFailures, outcomes },
      },
      p99Budget: Math.round((baseline.p99 + concurrency * slowestAlone) * 10) / 10,
    };
  } finally {
    await close();
  }
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 2 : 1)} ms` : '—');

/** The rows this bench adds to `npm run bench`'s table. */
export function dosRows(r: DosResult): DosRow[] {
  const l = r.underLoad;
  const b = r.baseline;
  const outcomes = Object.entries(r.hostile.largestQuery.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    {
      op: 'DoS worst policy',
      metric: `previewDetermination alone p50 / max (n=${r.alone.preview.n}): ${r.policy.heavyDefinitions} defs of ${r.bounds.maxFactListItems}×${r.bounds.maxFactListItems} nested exists`,
      value: `${ms(r.alone.preview.p50)} / ${ms(r.alone.preview.max)}`,
      yardstick: '',
      ratio: '',
      goal: '',
      met: null,
    },
    {
      op: 'DoS largest query',
      metric: `cases(first: ${r.query.first}) × ${r.query.determinationsPerCase} determinations { report }, cost ${r.query.estimatedCost}/${r.bounds.maxCost}, alone p50 / max (n=${r.alone.largestQuery.n})`,
      value: `${ms(r.alone.largestQuery.p50)} / ${ms(r.alone.largestQuery.max)}`,
      // A refused response (RESPONSE_TOO_LARGE) was built in full before the cap refused it.
      yardstick: r.alone.largestQuery.outcome === 'ok' ? `ok, ${(r.alone.largestQuery.responseBytes / 1e6).toFixed(2)} MB` : `${r.alone.largestQuery.outcome} (built, then refused)`,
      ratio: '',
      goal: '',
      met: null,
    },
    {
      op: 'DoS case(id)',
      metric: `latency p50 / p99 / max under ${r.hostile.concurrency} hostile clients (n=${l.n}, ${l.seconds.toFixed(0)} s)`,
      value: `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}`,
      yardstick: `${ms(b.p50)} / ${ms(b.p99)} / ${ms(b.max)} alone (n=${b.n})`,
      ratio: `${(l.p99 / b.p99).toFixed(2)}× p99`,
      goal: `p99 ≤ ${ms(r.p99Budget)} (base p99 + ${r.hostile.concurrency} × slowest hostile alone)`,
      met: l.n > 0 && l.p99 <= r.p99Budget,
    },
    {
      op: 'DoS case(id)',
      metric: 'errors under hostile load (non-200, GraphQL errors, timeouts)',
      value: `${l.errors}${l.firstError ? ` (${l.firstError})` : ''}`,
      yardstick: `${b.errors} alone`,
      ratio: '',
      goal: '= 0',
      met: l.errors === 0 && l.n > 0,
    },
    {
      op: 'DoS hostile',
      metric: 'under load: preview p50 / max; largest query p50 / max',
      value: `${ms(r.hostile.preview.p50)} / ${ms(r.hostile.preview.max)}; ${ms(r.hostile.largestQuery.p50)} / ${ms(r.hostile.largestQuery.max)}`,
      yardstick: `n=${r.hostile.preview.n} previews (${r.hostile.preview.failures} failed); n=${r.hostile.largestQuery.n} queries (${outcomes})`,
      ratio: '',
      goal: '',
      met: null,
    },
  ];
}

// ---- alone: npx tsx bench/dos.ts [--quick] ----
const isMain = process.argv[1] !== undefined && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href;
if (isMain) {
  // As in Lambda and bench/run.ts: set before the handler's modules load (they are imported lazily above).
  process.env.NODE_ENV = 'production';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The business metrics (EMF lines on stdout) of ~2,400 seeding requests would bury the table.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const quick = process.argv.includes('--quick');
  const { REPO_ROOT } = await import('../infra/paths');
  const { createLogger, setLogger } = await import('../lambda/observability/log');
  const { startDynamoLocal } = await import('../scripts/local/dynamodb-local');
  const { mkdirSync } = await import('node:fs');
  setLogger(createLogger({ sink: () => undefined, logLevel: 'INFO' }));
  const buildDir = join(REPO_ROOT, 'bench', '.build');
  mkdirSync(buildDir, { recursive: true });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const dynamo = await startDynamoLocal();
  const stop = () => dynamo.stop().catch(() => undefined);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop().finally(() => process.exit(130)));
  let code = 1;
  try {
    const r = await benchDos({ endpoint: dynamo.endpoint, buildDir, seconds: quick ? 4 : 10, log: out });
    const rows = dosRows(r);
    const cols = ['op', 'metric', 'value', 'yardstick', 'ratio', 'goal', 'met'] as const;
    const cells = [cols.map(String), ...rows.map((x) => cols.map((c) => (c === 'met' ? (x.met === null ? '' : x.met ? 'yes' : 'NO') : String(x[c]))))];
    const widths = cols.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
    out('');
    for (const [i, c] of cells.entries()) {
      out(`| ${c.map((v, j) => v.padEnd(widths[j]!)).join(' | ')} |`);
      if (i === 0) out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    }
    out('');
    out(JSON.stringify({ bounds: r.bounds, policy: r.policy, query: r.query }, null, 2));
    code = rows.some((x) => x.met === false) ? 1 : 0;
  } catch (err) {
    out(`dos bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await stop();
  }
  process.exit(code);
}
