import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../support/api';
import { allItems } from '../../support/api';
import { decide, EXTEND, UPDATE_FACTS } from '../../support/workflow';
import { REQUEST_INFO } from '../decision-records/helpers';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { APPROVAL_REASON, createEventsHarness, eventNumberOf, startReceiver, statusOf, subscriptionResource, typeOf, type EventsHarness, type Receiver } from './support';

const NPI_A = '1111111111';
const NPI_B = '2222222222';
const provA = as.provider(NPI_A);
const provB = as.provider(NPI_B);

let h: EventsHarness;
let rxA: Receiver;
let rxB: Receiver;

beforeAll(async () => {
  h = await createEventsHarness();
  rxA = await startReceiver();
  rxB = await startReceiver();
});
afterAll(async () => {
  await h?.close();
  await rxA?.close();
  await rxB?.close();
});

async function subscribe(claims = provA, rx = rxA, npi = NPI_A, header?: string[]) {
  const res = await h.call(claims, 'POST', '/fhir/Subscription', subscriptionResource({ endpoint: rx.url, npi, ...(header ? { header } : {}) }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe('requested');
  return res.body.id as string;
}
const read = (id: string, claims = provA) => h.call(claims, 'GET', `/fhir/Subscription/${id}`);
const caseVersion = async (caseId: string) => (await h.gql(as.nurse(), `query($id: ID!) { case(id: $id) { version } }`, { id: caseId })).body.data.case.version as number;
const notificationsFor = (rx: Receiver, caseId: string) =>
  rx.notifications().filter((n) => JSON.stringify(n.body.entry[1].resource).includes(caseId));

describe('subscribing', () => {
  it('handshakes the endpoint, then is active; the handshake carries the channel header, which is never stored in clear nor returned', async () => {
    const token = 'Bearer s3cr3t-token-for-the-receiver';
    const id = await subscribe(provA, rxA, NPI_A, [`Authorization: ${token}`]);
    await rxA.waitFor((r) => r.some((x) => typeOf(x.body) === 'handshake'));
    const hs = rxA.received.find((x) => typeOf(x.body) === 'handshake')!;
    expect(hs.body).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    expect(hs.body.entry[0].resource.resourceType).toBe('Parameters');
    expect(statusOf(hs.body)['events-since-subscription-start'].valueString).toBe('0');
    expect(hs.headers.authorization).toBe(token);
    expect(hs.headers['content-type']).toBe('application/fhir+json');
    await expect.poll(async () => (await read(id)).body.status, { timeout: 5_000 }).toBe('active');
    const got = await read(id);
    expect(JSON.stringify(got.body)).not.toContain('s3cr3t');
    expect(got.body.channel.header).toBeUndefined();
    const stored = JSON.stringify(await allItems(h));
    expect(stored).not.toContain('s3cr3t');
    expect(stored).toContain('local:v1:');
  });

  it('a handshake the endpoint refuses leaves the subscription in error', async () => {
    rxB.failNext(1, 500);
    const id = await subscribe(provB, rxB, NPI_B);
    await expect.poll(async () => (await read(id, provB)).body.status, { timeout: 5_000 }).toBe('error');
    const status = await h.call(provB, 'GET', `/fhir/Subscription/${id}/$status`);
    expect(status.status).toBe(200);
    expect(statusOf(status.body.entry[0] && { entry: [status.body.entry[0]] }).status.valueCode).toBe('error');
    await h.call(provB, 'DELETE', `/fhir/Subscription/${id}`);
  });
});

describe('notifications', () => {
  let subA: string;
  beforeAll(async () => {
    const list = await h.call(provA, 'GET', '/fhir/Subscription');
    subA = list.body.entry.find((e: any) => e.resource.status === 'active').resource.id;
  });

  it('a decision on a pended request reaches the subscriber within seconds, as a full PAS response after the SubscriptionStatus', async () => {
    const caseId = await h.submitPended(NPI_A);
    const before = rxA.notifications().length;
    const t0 = Date.now();
    const denied = await decide(h, as.physician('dr-ev-1'), { caseId, expectedVersion: 1, decision: 'DENIED', reasons: ['Two diagnostic injections with at least 75% relief are not documented.'] });
    expect(denied.payload.userErrors).toEqual([]);
    await rxA.waitFor(() => rxA.notifications().length > before, 5_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const n = rxA.notifications().at(-1)!.body;
    expect(n.type).toBe('history');
    const status = statusOf(n);
    expect(status.type.valueCode).toBe('event-notification');
    expect(status.topic.valueCanonical).toBe('http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic');
    expect(status.subscription.valueReference.reference).toMatch(new RegExp(`/Subscription/${subA}$`));
    expect(status['events-since-subscription-start'].valueString).toBe(String(eventNumberOf(n)));
    const pas = n.entry[1].resource;
    expect(pas.resourceType).toBe('Bundle');
    const claimResponse = pas.entry[0].resource;
    expect(claimResponse.resourceType).toBe('ClaimResponse');
    const action = JSON.stringify(claimResponse.item[0].adjudication);
    expect(action).toContain('"code":"A3"');
    // The focus of the event is the PAS response entry.
    expect(status['notification-event'].part.find((p: any) => p.name === 'focus').valueReference.reference).toBe(n.entry[1].fullUrl);
  });

  it('N changes give N notifications, in order, numbered without gaps or duplicates; the submission itself notifies no one', async () => {
    const caseId = await h.submitPended(NPI_A);
    const nurse = as.nurse('nurse-ev');
    const ext = await h.gql(nurse, EXTEND, { input: { caseId, expectedVersion: 1, days: 7, reason: 'Awaiting the imaging report from the provider.' } });
    expect(ext.body.data.extendDueDate.userErrors).toEqual([]);
    const rfi = await h.gql(nurse, REQUEST_INFO, { input: { caseId, expectedVersion: 2, items: ['Imaging report of the SI joint'] } });
    expect(rfi.body.data.requestAdditionalInformation.userErrors).toEqual([]);
    const upd = await h.gql(provA, UPDATE_FACTS, { input: { caseId, expectedVersion: 3, clinicalFacts: referenceFacts } });
    expect(upd.body.data.updateClinicalFacts.userErrors).toEqual([]);
    const v = await caseVersion(caseId);
    const denied = await decide(h, as.physician('dr-ev-2'), { caseId, expectedVersion: v, decision: 'DENIED', reasons: ['Criteria not met.'] });
    expect(denied.payload.userErrors).toEqual([]);
    await rxA.waitFor(() => notificationsFor(rxA, caseId).length >= 4, 10_000);
    await h.poller.caughtUp();
    const mine = notificationsFor(rxA, caseId);
    expect(mine).toHaveLength(4);
    const actions = mine.map((n) => JSON.stringify(n.body.entry[1].resource.entry[0].resource.item[0].adjudication).match(/"code":"(A\d)"/)![1]);
    expect(actions).toEqual(['A4', 'A4', 'A4', 'A3']);
    // Every notification this subscription ever sent: 1..N, each once, in order.
    const numbers = rxA.notifications().map((n) => eventNumberOf(n.body));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // One event per change, published in case-version order with ids that identify the change.
    const events = h.events.filter((e) => e.caseId === caseId);
    expect(events.map((e) => [e.caseVersion, e.kind])).toEqual([
      [1, 'SUBMITTED'],
      [2, 'EXTENSION'],
      [3, 'INFORMATION_REQUEST'],
      [4, 'DETERMINATION'],
      [5, 'DETERMINATION'],
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => `${caseId}:${e.caseVersion}`));
  });

  it('retries a notification the endpoint refused, with back-off, until it is accepted', async () => {
    const caseId = await h.submitPended(NPI_A);
    rxA.failNext(2, 503);
    const before = rxA.notifications().length;
    await decide(h, as.physician('dr-ev-3'), { caseId, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    await rxA.waitFor(() => rxA.notifications().length === before + 1, 10_000);
    const stored = async () => (await allItems(h)).find((i) => i.type === 'NOTIFICATION' && (i.event as { caseId: string }).caseId === caseId)!;
    await expect.poll(async () => (await stored()).state).toBe('DELIVERED');
    expect(await stored()).toMatchObject({ attempts: 2, lastError: 'HTTP_503' });
  });

  it('keeps and counts a notification the endpoint never accepts, and goes on with the next ones', async () => {
    const caseId = await h.submitPended(NPI_A);
    rxA.failNext(h.delivery.maxAttempts, 500);
    const before = rxA.notifications().length;
    await decide(h, as.physician('dr-ev-4'), { caseId, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    await expect
      .poll(async () => (await allItems(h)).find((i) => i.type === 'NOTIFICATION' && (i.event as { caseId: string }).caseId === caseId)?.state, { timeout: 10_000 })
      .toBe('UNDELIVERABLE');
    const status = await h.call(provA, 'GET', `/fhir/Subscription/${subA}/$status`);
    const p = statusOf({ entry: [status.body.entry[0]] });
    expect(p.error.valueCodeableConcept.text).toMatch(/HTTP_500.*undeliverable: 1/);
    // The next change is delivered with the next number: the lost one is a visible gap for the receiver's recovery.
    const next = await h.submitPended(NPI_A);
    await decide(h, as.physician('dr-ev-5'), { caseId: next, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    await rxA.waitFor(() => rxA.notifications().length === before + 1);
    expect(eventNumberOf(rxA.notifications().at(-1)!.body)).toBe(Number(p['events-since-subscription-start'].valueString) + 1);
  });
});

describe('scope between providers', () => {
  it('a provider cannot subscribe for another organization, read or delete its subscriptions, nor receive its notifications', async () => {
    const other = await h.call(provB, 'POST', '/fhir/Subscription', subscriptionResource({ endpoint: rxB.url, npi: NPI_A }));
    expect(other.status).toBe(403);
    expect(other.body.resourceType).toBe('OperationOutcome');
    const list = await h.call(provA, 'GET', '/fhir/Subscription');
    const idA = list.body.entry[0].resource.id;
    expect((await read(idA, provB)).status).toBe(404);
    expect((await h.call(provB, 'DELETE', `/fhir/Subscription/${idA}`)).status).toBe(404);
    expect((await h.call(provB, 'GET', `/fhir/Subscription/${idA}/$status`)).status).toBe(404);
    expect((await h.call(provB, 'GET', '/fhir/Subscription')).body.entry.map((e: any) => e.resource.id)).not.toContain(idA);
    expect((await h.call(as.nurse(), 'GET', '/fhir/Subscription')).status).toBe(403);
    // B subscribes for itself; a decision on A's case reaches A's receiver only.
    const subB = await subscribe(provB, rxB, NPI_B);
    await expect.poll(async () => (await read(subB, provB)).body.status, { timeout: 5_000 }).toBe('active');
    const caseA = await h.submitPended(NPI_A);
    const beforeA = rxA.notifications().length;
    await decide(h, as.physician('dr-ev-6'), { caseId: caseA, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    await rxA.waitFor(() => rxA.notifications().length > beforeA);
    await h.poller.caughtUp();
    expect(notificationsFor(rxB, caseA)).toEqual([]);
  });
});

describe('deleting', () => {
  it('stops delivery: a change after DELETE sends nothing, and the subscription reads as missing', async () => {
    const list = await h.call(provB, 'GET', '/fhir/Subscription');
    const id = list.body.entry.find((e: any) => e.resource.status === 'active').resource.id;
    expect((await h.call(provB, 'DELETE', `/fhir/Subscription/${id}`)).status).toBe(200);
    expect((await read(id, provB)).status).toBe(404);
    const caseB = await h.submitPended(NPI_B);
    const before = rxB.received.length;
    await decide(h, as.physician('dr-ev-7'), { caseId: caseB, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    await h.poller.caughtUp();
    await new Promise((r) => setTimeout(r, 300));
    expect(rxB.received.length).toBe(before);
    expect(h.events.some((e) => e.caseId === caseB && e.kind === 'DETERMINATION')).toBe(true);
  });
});

describe('refused subscriptions store nothing', () => {
  const cases: [string, Record<string, string>, number, string][] = [
    ['an unknown topic', { topic: 'http://example.org/SubscriptionTopic/other' }, 422, 'Subscription.criteria'],
    ['a websocket channel', { channelType: 'websocket' }, 422, 'Subscription.channel.type'],
    ['id-only content', { content: 'id-only' }, 422, 'Subscription.channel.payload'],
    ['an XML payload', { payload: 'application/fhir+xml' }, 422, 'Subscription.channel.payload'],
    ['another filter', { filter: 'patient=Patient/1' }, 422, 'Subscription.criteria.extension'],
    ['a relative endpoint', { endpoint: '/notify' }, 400, 'Subscription.channel.endpoint'],
  ];
  it.each(cases)('%s', async (_name, override, status, expression) => {
    const before = (await allItems(h)).length;
    const res = await h.call(provA, 'POST', '/fhir/Subscription', subscriptionResource({ endpoint: rxA.url, npi: NPI_A, ...override }));
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].expression).toEqual([expression]);
    expect((await allItems(h)).length).toBe(before);
  });
});
