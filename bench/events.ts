/**
 * Case events and PAS subscription delivery on DynamoDB Local, through the code `npm start`
 * runs (the stream poller, lambda/events/stream-processor.ts and deliver.ts) and a receiver
 * on 127.0.0.1:
 *  1. commit → notification: a physician's decision on a pended case (GraphQL handler), from
 *     the moment its response returns (the transaction committed before) to the moment the
 *     receiver has the notification Bundle; one change at a time. Includes the stream read
 *     (poll interval `pollMs`), the event-number claim, the Bundle and the POST.
 *  2. deliverer throughput: notifications already claimed (PENDING in the table) delivered by
 *     lambda/events/deliver.ts to the receiver, one worker per subscription side by side (as
 *     the SQS FIFO groups run): reads, the PAS response Bundle, the POST, the settle.
 *
 * Standalone: `node --import tsx bench/events.ts` (starts DynamoDB Local); the suite calls benchEvents.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { REPO_ROOT } from '../infra/paths';
import { handleDeliveryMessage, type DeliveryConfig } from '../lambda/events/deliver';
import { endpointPolicyFor } from '../lambda/events/endpoint-guard';
import { createHttpSender } from '../lambda/events/http-sender';
import { noDeliveryMetrics } from '../lambda/events/ports';
import { loadOrCreateLocalKey, localSealer } from '../lambda/events/secrets';
import { createFhirHandler } from '../lambda/handlers/fhir-app';
import { createHandler } from '../lambda/handlers/graphql-app';
import { bootstrapTable } from '../lambda/store/bootstrap';
import { SubscriptionStore } from '../lambda/store/subscriptions';
import { apiEvent, invokeGraphql, lambdaContext } from '../scripts/local/invoke';
import { startStreamPoller } from '../scripts/local/stream-poller';
import { summarize, type Summary } from './lib/stats';

export type EventsBenchResult = {
  pollMs: number;
  commitToNotification: Summary;
  deliverer: { subscriptions: number; notifications: number; seconds: number; perSecond: number; perSubscriptionPerSecond: number };
};

const NPI = '7777777777';
const TOPIC = 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic';
const BP = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
const REFERENCE_FACTS = (JSON.parse(readFileSync(join(REPO_ROOT, 'policies', 'sij-fusion', 'v1.json'), 'utf8')) as { examples: { facts: unknown }[] }).examples[0]!.facts;
const provider = { sub: 'bench-prov', role: 'PROVIDER', providerId: NPI };
const physician = { sub: 'bench-dr', role: 'PHYSICIAN_REVIEWER' };

const SUBMIT = `mutation S($input: SubmitCaseInput!) { submitCase(input: $input) { case { id status } userErrors { code } } }`;
const DECIDE = `mutation D($input: RecordDecisionInput!) { recordDecision(input: $input) { case { id version } userErrors { code } } }`;

export async function benchEvents(o: { endpoint: string; iterations: number; notifications: number; subscriptions: number; pollMs?: number; log: (s: string) => void }): Promise<EventsBenchResult> {
  const pollMs = o.pollMs ?? 100;
  const tableName = `bench-events-${randomUUID()}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-events-'));
  const sealer = localSealer(loadOrCreateLocalKey(join(dir, 'key')));
  const common = { tableName, endpoint: o.endpoint, region: 'us-east-1', stage: 'local' as const, roleClaim: 'role', providerClaim: 'providerId' };
  const gql = createHandler(common);
  const fhir = createFhirHandler({ ...common, subscriptionSealer: sealer });
  await bootstrapTable({ db: gql.db, tableName });
  const store = new SubscriptionStore(gql.db, tableName);

  // The receiver: records the arrival time of each event number, per subscription.
  const arrivals = new Map<string, number>();
  let refuse = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (refuse) return void res.writeHead(503).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { entry: { resource: { parameter: { name: string; valueString?: string; valueReference?: { reference: string }; part?: { name: string; valueString?: string }[] }[] } }[] };
      const p = body.entry[0]!.resource.parameter;
      const sub = p.find((x) => x.name === 'subscription')!.valueReference!.reference.split('/').at(-1)!;
      const n = p.find((x) => x.name === 'notification-event')?.part?.find((x) => x.name === 'event-number')?.valueString;
      if (n) arrivals.set(`${sub}:${n}`, performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  const delivery: DeliveryConfig = { baseUrl: 'http://localhost/fhir', maxAttempts: 8, backoffBaseMs: 3_600_000, backoffMaxMs: 3_600_000 };
  let poller = await startStreamPoller({ db: gql.db, endpoint: o.endpoint, tableName, stage: 'local', sealer, delivery, pollMs, publisher: { publish: async () => undefined } });

  const subscribe = async () => {
    const body = {
      resourceType: 'Subscription',
      status: 'requested',
      criteria: TOPIC,
      _criteria: { extension: [{ url: `${BP}/backport-filter-criteria`, valueString: `org-identifier=${NPI}` }] },
      channel: { type: 'rest-hook', endpoint: url, payload: 'application/fhir+json', _payload: { extension: [{ url: `${BP}/backport-payload-content`, valueCode: 'full-resource' }] }, header: ['Authorization: Bearer bench'] },
    };
    const res = await fhir(apiEvent({ method: 'POST', path: '/fhir/Subscription', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body), claims: provider }), lambdaContext());
    const id = JSON.parse((res as { body: string }).body).id as string;
    for (let i = 0; i < 200 && (await store.get(id))?.status !== 'active'; i++) await new Promise((r) => setTimeout(r, 25));
    return id;
  };
  const pendedCase = async () => {
    const input = {
      idempotencyKey: randomUUID(),
      memberId: 'M-BENCH-1',
      providerId: NPI,
      urgency: 'STANDARD',
      requestedService: { cptCode: '27279', icd10Codes: ['M53.3'] },
      requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 2 },
      clinicalFacts: REFERENCE_FACTS,
    };
    const r = await invokeGraphql<{ submitCase: { case: { id: string } } }>(gql, provider as never, SUBMIT, { input });
    return r.body.data!.submitCase.case.id;
  };
  const decide = (caseId: string) => invokeGraphql(gql, physician as never, DECIDE, { input: { caseId, expectedVersion: 1, decision: 'APPROVED', reasons: [] } });

  try {
    // 1. commit → notification, one change at a time.
    o.log('  table ready; subscribing');
    const first = await subscribe();
    o.log(`  commit → notification: ${o.iterations} decisions, poll every ${pollMs} ms`);
    const latencies: number[] = [];
    for (let i = 1; i <= o.iterations; i++) {
      const caseId = await pendedCase();
      await decide(caseId);
      const committed = performance.now();
      const key = `${first}:${i}`;
      while (!arrivals.has(key)) await new Promise((r) => setTimeout(r, 1));
      latencies.push(arrivals.get(key)! - committed);
    }

    // 2. deliverer throughput: claim notifications while the endpoint refuses (first attempt
    //    fails, the retry waits an hour), stop the poller, then deliver them all at once.
    const subs = [first];
    while (subs.length < o.subscriptions) subs.push(await subscribe());
    refuse = true;
    const changes = Math.ceil(o.notifications / subs.length);
    o.log(`  deliverer: ${changes} changes × ${subs.length} subscriptions`);
    for (let i = 0; i < changes; i++) await decide(await pendedCase());
    // (not caughtUp(): the queue's first retry waits an hour by design)
    for (let i = 0; i < 2_000; i++) {
      const counts = await Promise.all(subs.map(async (id) => (await store.get(id))!.eventCount));
      if (counts.every((c, j) => c >= (j === 0 ? o.iterations : 0) + changes)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await poller.stop();
    refuse = false;
    const deps = { store, sender: createHttpSender(endpointPolicyFor('local')), sealer, metrics: noDeliveryMetrics, clock: () => new Date(), config: { ...delivery, backoffBaseMs: 10 } };
    const before = arrivals.size;
    const t0 = performance.now();
    await Promise.all(
      subs.map(async (id) => {
        const s = (await store.get(id))!;
        for (;;) {
          const out = await handleDeliveryMessage({ kind: 'notify', subscriptionId: id, eventNumber: s.eventCount }, deps);
          if (out.done) return;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const delivered = arrivals.size - before;
    poller = await startStreamPoller({ db: gql.db, endpoint: o.endpoint, tableName, stage: 'local', sealer, delivery, pollMs, publisher: { publish: async () => undefined } });
    return {
      pollMs,
      commitToNotification: summarize(latencies),
      deliverer: { subscriptions: subs.length, notifications: delivered, seconds, perSecond: delivered / seconds, perSubscriptionPerSecond: delivered / seconds / subs.length },
    };
  } finally {
    await poller.stop();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { startDynamoLocal } = await import('../scripts/local/dynamodb-local');
  const { createLogger, setLogger } = await import('../lambda/observability/log');
  setLogger(createLogger({ logLevel: 'SILENT' }));
  const d = await startDynamoLocal();
  try {
    const quick = process.argv.includes("--quick");
    const r = await benchEvents({ endpoint: d.endpoint, iterations: quick ? 5 : 50, notifications: quick ? 20 : 200, subscriptions: 4, log: console.log });
    console.log(JSON.stringify(r, null, 2));
  } finally {
    await d.stop();
  }
}
