// Subscriptions end to end on DynamoDB Local: the FHIR handler (stage local: http and
// loopback endpoints allowed), the stream poller npm start runs (same stream processor and
// deliverer as the Lambdas), and a receiver on 127.0.0.1 that records what arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFhirHandler, type FhirAppHandler } from '../../../lambda/handlers/fhir-app';
import { loadOrCreateLocalKey, localSealer } from '../../../lambda/events/secrets';
import type { CaseEvent } from '../../../lambda/events/case-events';
import type { DeliveryConfig } from '../../../lambda/events/deliver';
import { startStreamPoller, type StreamPoller } from '../../../scripts/local/stream-poller';
import { lambdaContext, type Claims } from '../../../scripts/local/invoke';
import { as, createTestApi, type TestApi } from '../../support/api';
import { submitInput, SUBMIT } from '../../support/fixtures';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { fhirEvent } from '../fhir/support';

export const PAS_TOPIC = 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';

export type Received = { at: number; headers: IncomingHttpHeaders; body: any };

/** A subscriber's endpoint on loopback: records every POST; can fail or stall on demand. */
export type Receiver = {
  url: string;
  received: Received[];
  /** Answer the next n requests with this status. */
  failNext: (n: number, status?: number) => void;
  /** Hold every response this long (ms). */
  delay: (ms: number) => void;
  /** The event notifications received, in arrival order. */
  notifications: () => Received[];
  waitFor: (predicate: (r: Received[]) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let failures = 0;
  let failStatus = 503;
  let delayMs = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const respond = () => {
        if (failures > 0) {
          failures -= 1;
          res.writeHead(failStatus).end();
          return;
        }
        received.push({ at: Date.now(), headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200).end();
      };
      if (delayMs > 0) setTimeout(respond, delayMs);
      else respond();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const notifications = () => received.filter((r) => typeOf(r.body) === 'event-notification');
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    failNext: (n, status = 503) => {
      failures = n;
      failStatus = status;
    },
    delay: (ms) => {
      delayMs = ms;
    },
    notifications,
    waitFor: async (predicate, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`receiver: condition not met in ${timeoutMs} ms (${received.length} received)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The SubscriptionStatus parameters of a notification, by name. */
export function statusOf(bundle: any): Record<string, any> {
  const params = bundle.entry[0].resource.parameter as { name: string }[];
  return Object.fromEntries(params.map((p) => [p.name, p]));
}
export const typeOf = (bundle: any): string => statusOf(bundle).type?.valueCode;
export const eventNumberOf = (bundle: any): number =>
  Number(statusOf(bundle)['notification-event'].part.find((p: any) => p.name === 'event-number').valueString);

export function subscriptionResource(opts: { endpoint: string; npi: string; header?: string[]; channelType?: string; content?: string; topic?: string; filter?: string; payload?: string }) {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'PAS responses for my organization',
    criteria: opts.topic ?? PAS_TOPIC,
    _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: opts.filter ?? `org-identifier=${opts.npi}` }] },
    channel: {
      type: opts.channelType ?? 'rest-hook',
      endpoint: opts.endpoint,
      payload: opts.payload ?? 'application/fhir+json',
      _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: opts.content ?? 'full-resource' }] },
      ...(opts.header ? { header: opts.header } : {}),
    },
  };
}

export type EventsHarness = TestApi & {
  fhir: FhirAppHandler;
  keyFile: string;
  checkpointFile: string;
  events: CaseEvent[];
  poller: StreamPoller;
  delivery: DeliveryConfig;
  call: (claims: Claims | null, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  /** Starts the poller again (after stop), on the same checkpoint file. */
  restartPoller: () => Promise<StreamPoller>;
  /** Submits the reference case (pended for physician review) for a provider; returns its id. */
  submitPended: (providerId: string) => Promise<string>;
  close: () => Promise<void>;
};

export async function createEventsHarness(opts: { stage?: 'local' | 'dev'; delivery?: Partial<DeliveryConfig>; now?: () => Date } = {}): Promise<EventsHarness> {
  const api = await createTestApi(opts.now ? { now: opts.now } : {});
  const dir = mkdtempSync(join(tmpdir(), 'events-'));
  const keyFile = join(dir, 'subscription-secret.key');
  const checkpointFile = join(dir, 'stream-checkpoint.json');
  const sealer = localSealer(loadOrCreateLocalKey(keyFile));
  const stage = opts.stage ?? 'local';
  const fhir = createFhirHandler({
    tableName: api.tableName,
    endpoint: api.endpoint,
    region: 'us-east-1',
    stage,
    roleClaim: 'role',
    providerClaim: 'providerId',
    subscriptionSealer: sealer,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const events: CaseEvent[] = [];
  const delivery: DeliveryConfig = { baseUrl: 'http://localhost/fhir', maxAttempts: 4, backoffBaseMs: 50, backoffMaxMs: 400, ...opts.delivery };
  const start = () =>
    startStreamPoller({
      db: api.handler.db,
      endpoint: api.endpoint,
      tableName: api.tableName,
      stage,
      sealer,
      delivery,
      checkpointFile,
      pollMs: 25,
      publisher: { publish: async (es) => void events.push(...es) },
    });
  const h: EventsHarness = {
    ...api,
    fhir,
    keyFile,
    checkpointFile,
    events,
    delivery,
    poller: await start(),
    call: async (claims, method, path, body) => {
      const res = await fhir(fhirEvent(method, path, body, claims), lambdaContext());
      if (typeof res === 'string') throw new Error('structured result expected');
      return { status: res.statusCode ?? 200, body: res.body ? JSON.parse(res.body) : undefined };
    },
    restartPoller: async () => {
      h.poller = await start();
      return h.poller;
    },
    submitPended: async (providerId) => {
      const input = submitInput({ providerId, clinicalFacts: referenceFacts, requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 2 } });
      const res = await api.gql(as.provider(providerId), SUBMIT, { input });
      const c = res.body.data.submitCase.case;
      if (!c || !String(c.status).startsWith('PENDING')) throw new Error(`expected a pended case, got ${JSON.stringify(res.body)}`);
      return c.id as string;
    },
    close: async () => {
      await h.poller.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A reviewer's reason for an approval: approving more than the engine's verdict needs one (the workflow's reviewer-authority rows). */
export const APPROVAL_REASON = 'The documentation supports the requested care.';
