/**
 * Load: the local HTTP server (the same adapter `npm start` uses, with dev-token
 * verification) on a free loopback port, autocannon submitting cases over ~20
 * connections, every request with its own idempotency key. Then a recount over the
 * table proves every case was stored exactly once and the analytics counters equal a
 * count of the stored cases. The yardstick is the minimal handler behind the same server
 * under the same load, just before.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHandler, type ApiHandler } from '../lambda/handlers/graphql-app';
import { bootstrapTable } from '../lambda/store/bootstrap';
import { createDevVerifier, loadOrCreateDevKeys, signDevToken } from '../scripts/local/dev-tokens';
import { createLocalServer } from '../scripts/local/http-server';
import { failureOf, parseResult, Q, submitInput } from './lib/api';
import { round } from './lib/stats';

export type LoadRun = {
  connections: number;
  seconds: number;
  /** Responses the client received per second. */
  throughput: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  responses: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  /** Responses whose GraphQL body had errors or userErrors (every response is checked). */
  graphqlFailures: number;
  firstFailure?: string;
  errors: number;
};

export type Recount = {
  /** Requests the handler answered with a stored case (counted in the server, so requests cut off by the client's stop count too). */
  successfulSubmits: number;
  caseItems: number;
  idempotencyItems: number;
  /** Successful keys whose case id differs from the stored one, or that map to more than one case. */
  keysWithMoreThanOneCase: number;
  casesWithoutSuccess: number;
  successesWithoutCase: number;
  counters: { cases: number; byStatus: Record<string, number> };
  recount: { cases: number; byStatus: Record<string, number> };
  /** Per (day, CPT, urgency) counter item whose cases/st_* differ from the recount. */
  counterItemsDiffering: number;
  storedExactlyOnce: boolean;
  countersMatch: boolean;
};

export type LoadResult = { tableName: string; minimal: LoadRun; api: LoadRun; recount: Recount; serverInFlightAtStop: number };

export type LoadOptions = {
  endpoint: string;
  /** The minimal handler (yardstick) and the id of an existing case for its GetItem. */
  minimal: { handler: ApiHandler; caseId: string };
  buildDir: string;
  connections?: number;
  seconds?: number;
  minimalSeconds?: number;
  log?: (line: string) => void;
  /** Registers the server so the caller can close it on SIGINT. */
  onServer?: (close: () => Promise<void>) => void;
};

type Tracker = { inFlight: number; successes: Map<string, string>; failures: number; first: string };

/** Wraps a handler to check every response server-side (also those whose client gave up). */
function tracked(handler: ApiHandler, field: string, t: Tracker, keyOf: (body: string | undefined) => string | null): ApiHandler {
  return async (event, context) => {
    t.inFlight += 1;
    try {
      const res = await handler(event, context);
      const parsed = parseResult(res);
      const why = failureOf(parsed, field);
      if (why) {
        t.failures += 1;
        if (!t.first) t.first = why;
      } else if (field === 'submitCase') {
        const key = keyOf(event.body);
        const id = parsed.body.data?.submitCase?.case?.id as string | undefined;
        if (key && id) {
          const prev = t.successes.get(key);
          // A second, different case for one key would be double storage.
          t.successes.set(key, prev && prev !== id ? `${prev}|${id}` : id);
        }
      }
      return res;
    } finally {
      t.inFlight -= 1;
    }
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

async function cannon(o: {
  port: number;
  connections: number;
  seconds: number;
  body: (n: number) => { body: string; authorization: string };
  field: string;
}): Promise<LoadRun> {
  let n = 0;
  let graphqlFailures = 0;
  let firstFailure = '';
  let finish: (err: Error | null, r?: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, r) => (err || !r ? reject(err ?? new Error('autocannon gave no result')) : resolve(r));
  });
  const instance = autocannon({
    url: `http://127.0.0.1:${o.port}/graphql`,
    connections: o.connections,
    duration: o.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, authorization } = o.body(n++);
          return { ...req, body, headers: { ...req.headers, 'content-type': 'application/json', authorization } };
        },
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) return; // counted by autocannon as non2xx
          let why: string;
          try {
            why = failureOf({ status, body: JSON.parse(body) }, o.field);
          } catch {
            why = 'unparseable body';
          }
          if (why) {
            graphqlFailures += 1;
            if (!firstFailure) firstFailure = why;
          }
        },
      },
    ],
  }, (err, result) => finish(err, result));
  // Bounded: autocannon stops itself after `seconds`; this is the backstop.
  const backstop = setTimeout(() => instance.stop(), (o.seconds + 20) * 1000);
  const r = await done.finally(() => clearTimeout(backstop));
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    connections: o.connections,
    seconds: r.duration,
    throughput: round(responses / r.duration, 1),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    responses,
    non2xx: r.non2xx,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    graphqlFailures,
    ...(firstFailure ? { firstFailure } : {}),
    errors: r.non2xx + r.errors + graphqlFailures,
  };
}

async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Record<string, any>[]> {
  const out: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

function recount(items: Record<string, any>[], successes: Map<string, string>, providerOfKey: (key: string) => string): Recount {
  const cases = items.filter((i) => i.type === 'CASE');
  const idem = items.filter((i) => i.type === 'IDEMPOTENCY');
  const stats = items.filter((i) => String(i.pk).startsWith('STATS#'));
  const caseIds = new Set(cases.map((c) => String(c.id)));
  const successIds = new Set<string>();
  let keysWithMoreThanOneCase = 0;
  const idemByKey = new Map(idem.map((i) => [String(i.pk), String(i.caseId)]));
  for (const [key, id] of successes) {
    successIds.add(id);
    const stored = idemByKey.get(`IDEMPOTENCY#${providerOfKey(key)}#${key}`);
    if (id.includes('|') || stored !== id) keysWithMoreThanOneCase += 1;
  }
  // Two case items claiming one idempotency key would also be double storage.
  const perKey = new Map<string, number>();
  for (const c of cases) {
    const k = `${c.providerId}#${c.idempotencyKey}`;
    perKey.set(k, (perKey.get(k) ?? 0) + 1);
  }
  keysWithMoreThanOneCase += [...perKey.values()].filter((v) => v > 1).length;
  const idemCaseIds = new Set(idem.map((i) => String(i.caseId)));
  if (idemCaseIds.size !== idem.length) keysWithMoreThanOneCase += idem.length - idemCaseIds.size;

  const byStatus: Record<string, number> = {};
  const perItem = new Map<string, { cases: number; st: Record<string, number> }>();
  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    const key = `${String(c.receivedAt).slice(0, 10)}#${c.requestedService?.cptCode}#${c.urgency}`;
    const e = perItem.get(key) ?? { cases: 0, st: {} };
    e.cases += 1;
    e.st[c.status] = (e.st[c.status] ?? 0) + 1;
    perItem.set(key, e);
  }
  const counters = { cases: 0, byStatus: {} as Record<string, number> };
  let counterItemsDiffering = 0;
  for (const s of stats) {
    counters.cases += Number(s.cases ?? 0);
    const st: Record<string, number> = {};
    for (const [k, v] of Object.entries(s)) {
      if (!k.startsWith('st_') || !Number(v)) continue;
      const status = k.slice(3);
      st[status] = Number(v);
      counters.byStatus[status] = (counters.byStatus[status] ?? 0) + Number(v);
    }
    const expected = perItem.get(String(s.sk)) ?? { cases: 0, st: {} };
    perItem.delete(String(s.sk));
    if (Number(s.cases ?? 0) !== expected.cases || !sameCounts(st, expected.st)) counterItemsDiffering += 1;
  }
  counterItemsDiffering += perItem.size; // cases with no counter item at all
  const r = {
    successfulSubmits: successes.size,
    caseItems: cases.length,
    idempotencyItems: idem.length,
    keysWithMoreThanOneCase,
    casesWithoutSuccess: [...caseIds].filter((id) => !successIds.has(id)).length,
    successesWithoutCase: [...successIds].filter((id) => !caseIds.has(id)).length,
    counters,
    recount: { cases: cases.length, byStatus },
    counterItemsDiffering,
  };
  return {
    ...r,
    storedExactlyOnce:
      r.caseItems === r.successfulSubmits &&
      r.idempotencyItems === r.caseItems &&
      r.keysWithMoreThanOneCase === 0 &&
      r.casesWithoutSuccess === 0 &&
      r.successesWithoutCase === 0,
    countersMatch: counters.cases === cases.length && sameCounts(counters.byStatus, byStatus) && counterItemsDiffering === 0,
  };
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};

export async function benchLoad(o: LoadOptions): Promise<LoadResult> {
  const log = o.log ?? (() => undefined);
  const connections = o.connections ?? 20;
  const seconds = o.seconds ?? 12;
  const tableName = `bench-load-${randomUUID()}`;
  const api = createHandler({ tableName, endpoint: o.endpoint, region: 'us-east-1', stage: 'prod', roleClaim: 'role', providerClaim: 'providerId' });
  await bootstrapTable({ db: api.db, tableName });

  const keys = await loadOrCreateDevKeys(join(o.buildDir, 'dev-keys.json'));
  const verify = createDevVerifier(keys);
  const providers = ['PRV-LOAD-1', 'PRV-LOAD-2', 'PRV-LOAD-3'];
  const tokens = await Promise.all(providers.map((p) => signDevToken(keys, { sub: `load-${p}`, role: 'PROVIDER', providerId: p })));
  const nurseToken = await signDevToken(keys, { sub: 'load-nurse', role: 'UM_NURSE' });
  const runId = randomUUID().slice(0, 8);
  const keyOf = (body: string | undefined) => {
    try {
      return (JSON.parse(body ?? '{}') as { variables?: { input?: { idempotencyKey?: string } } }).variables?.input?.idempotencyKey ?? null;
    } catch {
      return null;
    }
  };
  // Keys are `load-<run>-<provider index>-<n>`: the provider is recoverable from the key.
  const providerOfKey = (key: string) => providers[Number(key.split('-')[2])]!;

  const runBehindServer = async (handler: ApiHandler, field: string, secs: number, body: (n: number) => { body: string; authorization: string }) => {
    const t: Tracker = { inFlight: 0, successes: new Map(), failures: 0, first: '' };
    const server = createLocalServer({ handler: tracked(handler, field, t, keyOf), verify });
    const close = () => closeServer(server);
    o.onServer?.(close);
    try {
      const port = await listen(server);
      const run = await cannon({ port, connections, seconds: secs, body, field });
      // Requests the client stopped waiting for may still be running in the handler: let them finish.
      const inFlightAtStop = t.inFlight;
      const deadline = Date.now() + 15_000;
      while (t.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return { run, tracker: t, inFlightAtStop };
    } finally {
      await close();
    }
  };

  log(`  minimal handler: ${connections} connections, ${o.minimalSeconds ?? 5} s`);
  const minimalBody = JSON.stringify({ query: Q.minimal, variables: { id: o.minimal.caseId } });
  const m = await runBehindServer(o.minimal.handler, 'item', o.minimalSeconds ?? 5, () => ({ body: minimalBody, authorization: `Bearer ${nurseToken}` }));

  log(`  submitCase: ${connections} connections, ${seconds} s, a new idempotency key per request`);
  const a = await runBehindServer(api, 'submitCase', seconds, (n) => {
    const p = n % providers.length;
    const input = submitInput(n, providers[p]!, `load-${runId}-${p}-${n}`);
    return { body: JSON.stringify({ query: Q.submit, variables: { input } }), authorization: `Bearer ${tokens[p]}` };
  });
  if (a.tracker.failures > 0) {
    a.run.graphqlFailures = Math.max(a.run.graphqlFailures, a.tracker.failures);
    a.run.firstFailure ??= a.tracker.first;
    a.run.errors = a.run.non2xx + a.run.socketErrors + a.run.graphqlFailures;
  }

  log('  recounting the table');
  const items = await scanAll(api.db, tableName);
  return {
    tableName,
    minimal: m.run,
    api: a.run,
    recount: recount(items, a.tracker.successes, providerOfKey),
    serverInFlightAtStop: a.inFlightAtStop,
  };
}
