/**
 * Warm latency of the API's operations through the Lambda handler (in process, built by
 * createHandler as in Lambda) against DynamoDB Local, each op interleaved with the
 * minimal handler doing one GetItem on the same DynamoDB, so both share the machine's
 * noise. The figure of merit is the handler's own time: latency minus the time spent
 * waiting for DynamoDB (measured per request by a middleware on each document client).
 * Also counts the DynamoDB requests of every operation (requestTally; deterministic).
 */
import { randomUUID } from 'node:crypto';
import { createHandler, type AppHandler } from '../lambda/handlers/graphql-app';
import { bootstrapTable } from '../lambda/store/bootstrap';
import { createMinimalHandler, type MinimalHandler } from './minimal/app';
import { callers, expectOk, failureOf, invoke, parseResult, PROVIDERS, Q, statsOperation, submitInput, type GqlResult, type Invocable } from './lib/api';
import { instrumentDynamoTiming, measured, type BenchTally } from './lib/dynamo-timing';
import { mode, round, seededRandom, shuffle, summarize, type Summary } from './lib/stats';
import { graphqlEvent, lambdaContext, type Claims } from '../scripts/local/invoke';

export type WarmOptions = {
  endpoint: string;
  iterations?: number;
  warmup?: number;
  /** Cases stored before measuring (cases(first: 50) needs at least 50). */
  population?: number;
  log?: (line: string) => void;
};

type Sample = { ms: number; dynamoMs: number; requests: number };

export type LatencyFigures = {
  latency: Summary;
  dynamo: Summary;
  /** latency - DynamoDB time, per request: what the handler itself costs. */
  handler: Summary;
  requests: { typical: number; min: number; max: number };
};

export type WarmOpResult = {
  op: string;
  available: boolean;
  note?: string;
  api?: LatencyFigures;
  /** The minimal handler's samples taken right beside this op's (paired, same rounds). */
  minimal?: LatencyFigures;
  /** api.handler.p50 / minimal.handler.p50 (goal <= 1.2). */
  overheadP50?: number;
  overheadP99?: number;
  failures: number;
  firstFailure?: string;
  /** The request budget the connected tests hold the op to, when there is one. */
  requestBudget?: number;
};

export type RequestCount = { op: string; typical: number; min: number; max: number; samples: number; budget?: number };

export type WarmResult = {
  tableName: string;
  iterations: number;
  warmup: number;
  population: number;
  ops: WarmOpResult[];
  requestCounts: RequestCount[];
  logBytes?: number;
};

type Op = {
  name: string;
  field: string;
  claims: Claims;
  /** Builds the next request (submitCase needs a new idempotency key each time). */
  next: () => { query: string; variables: Record<string, unknown> };
  budget?: number;
};

const figures = (samples: Sample[]): LatencyFigures => ({
  latency: summarize(samples.map((s) => s.ms)),
  dynamo: summarize(samples.map((s) => s.dynamoMs)),
  handler: summarize(samples.map((s) => Math.max(0, s.ms - s.dynamoMs))),
  requests: {
    typical: mode(samples.map((s) => s.requests)),
    min: Math.min(...samples.map((s) => s.requests)),
    max: Math.max(...samples.map((s) => s.requests)),
  },
});

/** Times the handler call alone: the event is built before, the response parsed after. */
async function timed(handler: Invocable, claims: Claims | null, req: { query: string; variables: Record<string, unknown> }, countField: 'dynamoDbRequests' | 'timedCalls') {
  const event = graphqlEvent({ query: req.query, variables: req.variables }, claims);
  const context = lambdaContext();
  const { result, ms, tally } = await measured(() => handler(event, context));
  return { result: parseResult(result), sample: { ms, dynamoMs: tally.dynamoMs, requests: (tally as BenchTally)[countField] } satisfies Sample };
}

const monthsBetween = (from: Date, to: Date) =>
  (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth()) + 1;

export async function benchWarm(o: WarmOptions): Promise<WarmResult & { api: AppHandler; minimal: MinimalHandler; targetCaseId: string }> {
  const log = o.log ?? (() => undefined);
  const iterations = o.iterations ?? 200;
  const warmup = o.warmup ?? 30;
  const population = o.population ?? 60;
  const tableName = `bench-warm-${randomUUID()}`;
  const common = { tableName, endpoint: o.endpoint, region: 'us-east-1' };
  const api = createHandler({ ...common, stage: 'prod', roleClaim: 'role', providerClaim: 'providerId' });
  await bootstrapTable({ db: api.db, tableName });
  const minimal = createMinimalHandler(common);
  instrumentDynamoTiming(api.db);
  instrumentDynamoTiming(minimal.db);
  const runId = randomUUID().slice(0, 8);
  let keyN = 0;
  const nextKey = () => `bench-${runId}-${keyN++}`;

  // A population for the listing, and the case read by case(id): resubmitted facts give it two determinations.
  log(`  seeding ${population} cases`);
  const submit = async (n: number, providerId: string) => {
    const r = await invoke(api, callers.provider(providerId), Q.submit, { input: submitInput(n, providerId, nextKey()) });
    expectOk(r, 'submitCase', 'seeding submitCase');
    return r.body.data!.submitCase.case as { id: string; version: number; status: string };
  };
  const made: { id: string; version: number; status: string; providerId: string }[] = [];
  for (let i = 0; i < population; i++) {
    const providerId = PROVIDERS[i % PROVIDERS.length]!;
    made.push({ ...(await submit(i, providerId)), providerId });
  }
  const target = await submit(0, PROVIDERS[0]);
  const updated = await invoke(api, callers.provider(PROVIDERS[0]), Q.updateFacts, {
    input: { caseId: target.id, expectedVersion: target.version, clinicalFacts: submitInput(3, PROVIDERS[0], 'x').clinicalFacts },
  });
  expectOk(updated, 'updateClinicalFacts', 'seeding updateClinicalFacts');

  const today = new Date();
  const from = new Date(today.getTime() - 29 * 86_400_000);
  const stats = statsOperation(from, today);

  const ops: Op[] = [
    { name: 'case(id)', field: 'case', claims: callers.nurse(), next: () => ({ query: Q.case, variables: { id: target.id } }), budget: 1 },
    { name: 'cases(first: 50)', field: 'cases', claims: callers.nurse(), next: () => ({ query: Q.cases, variables: {} }), budget: 2 },
    {
      name: 'submitCase',
      field: 'submitCase',
      claims: callers.provider(PROVIDERS[1]),
      next: () => ({ query: Q.submit, variables: { input: submitInput(keyN, PROVIDERS[1], nextKey()) } }),
    },
  ];
  const results: WarmOpResult[] = [];
  if (stats) {
    const statsOp: Op = {
      name: 'determinationStats',
      field: 'determinationStats',
      claims: callers.analyst(),
      next: () => stats,
      budget: monthsBetween(from, today),
    };
    const probe = await invoke(api, statsOp.claims, stats.query, stats.variables);
    const why = failureOf(probe, statsOp.field);
    if (why) results.push({ op: statsOp.name, available: false, note: `n/a: the handler answers ${why}`, failures: 0 });
    else ops.push(statsOp);
  } else {
    results.push({ op: 'determinationStats', available: false, note: 'n/a: not in the schema yet', failures: 0 });
  }
  const minimalReq = { query: Q.minimal, variables: { id: target.id } };
  const minimalProbe = await invoke(minimal, null, minimalReq.query, minimalReq.variables);
  if (failureOf(minimalProbe, 'item') || minimalProbe.body.data?.item?.id !== target.id) {
    throw new Error(`the minimal handler does not answer: ${JSON.stringify(minimalProbe.body)}`);
  }

  // Interleaved rounds: each op right beside a minimal request, order shuffled per round,
  // which of the pair goes first alternating, so drift and noise hit both alike.
  const samples = new Map(ops.map((op) => [op.name, { api: [] as Sample[], minimal: [] as Sample[], failures: 0, first: '' }]));
  const random = seededRandom(20261126);
  const total = warmup + iterations;
  log(`  ${ops.length} ops x ${total} rounds (${warmup} warm-up), each beside a minimal GetItem request`);
  for (let round = 0; round < total; round++) {
    for (const [i, op] of shuffle(ops, random).entries()) {
      const s = samples.get(op.name)!;
      const runOp = async () => {
        const { result, sample } = await timed(api, op.claims, op.next(), 'dynamoDbRequests');
        check(result, op.field, s);
        if (round >= warmup) s.api.push(sample);
      };
      const runMinimal = async () => {
        const { result, sample } = await timed(minimal, null, minimalReq, 'timedCalls');
        check(result, 'item', s);
        if (round >= warmup) s.minimal.push(sample);
      };
      if ((round + i) % 2 === 0) {
        await runMinimal();
        await runOp();
      } else {
        await runOp();
        await runMinimal();
      }
    }
  }
  for (const op of ops) {
    const s = samples.get(op.name)!;
    const a = figures(s.api);
    const m = figures(s.minimal);
    results.push({
      op: op.name,
      available: true,
      api: a,
      minimal: m,
      overheadP50: round(a.handler.p50 / m.handler.p50),
      overheadP99: round(a.handler.p99 / m.handler.p99),
      failures: s.failures,
      ...(s.first ? { firstFailure: s.first } : {}),
      ...(op.budget !== undefined ? { requestBudget: op.budget } : {}),
    });
  }
  const order = ['case(id)', 'cases(first: 50)', 'submitCase', 'determinationStats'];
  results.sort((x, y) => order.indexOf(x.op) - order.indexOf(y.op));

  // DynamoDB requests of the other mutations, on fresh pending cases (one sample per case).
  log('  counting DynamoDB requests of updateClinicalFacts and recordDecision');
  const requestCounts: RequestCount[] = results
    .filter((r) => r.api)
    .map((r) => ({ op: r.op, ...r.api!.requests, samples: r.api!.latency.n, ...(r.requestBudget !== undefined ? { budget: r.requestBudget } : {}) }));
  const countOf = async (name: string, field: string, runs: { claims: Claims; req: () => Promise<{ query: string; variables: Record<string, unknown> }> }[]) => {
    const counts: number[] = [];
    for (const run of runs) {
      const req = await run.req();
      const { result, sample } = await timed(api, run.claims, req, 'dynamoDbRequests');
      expectOk(result, field, name);
      counts.push(sample.requests);
    }
    requestCounts.push({ op: name, typical: mode(counts), min: Math.min(...counts), max: Math.max(...counts), samples: counts.length });
  };
  const fresh = async () => {
    const providerId = PROVIDERS[2];
    return { providerId, c: await submit(0, providerId) };
  };
  await countOf(
    'updateClinicalFacts',
    'updateClinicalFacts',
    Array.from({ length: 10 }, () => ({
      claims: callers.provider(PROVIDERS[2]),
      req: async () => {
        const { providerId, c } = await fresh();
        return { query: Q.updateFacts, variables: { input: { caseId: c.id, expectedVersion: c.version, clinicalFacts: submitInput(1, providerId, 'x').clinicalFacts } } };
      },
    })),
  );
  await countOf(
    'recordDecision',
    'recordDecision',
    Array.from({ length: 10 }, () => ({
      claims: callers.physician(),
      req: async () => {
        const { c } = await fresh();
        return { query: Q.recordDecision, variables: { input: { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['benchmark'] } } };
      },
    })),
  );
  return { tableName, iterations, warmup, population, ops: results, requestCounts, api, minimal, targetCaseId: target.id };
}

function check(result: GqlResult, field: string, s: { failures: number; first: string }) {
  const why = failureOf(result, field);
  if (!why) return;
  s.failures += 1;
  if (!s.first) s.first = why;
}
