import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../support/api';
import { decide, EXTEND } from '../../support/workflow';
import { APPROVAL_REASON, createEventsHarness, eventNumberOf, startReceiver, subscriptionResource, type EventsHarness, type Receiver } from './support';

const NPI = '3333333333';
const prov = as.provider(NPI);
let h: EventsHarness;
let rx: Receiver;

beforeAll(async () => {
  h = await createEventsHarness();
  rx = await startReceiver();
});
afterAll(async () => {
  await h?.close();
  await rx?.close();
});

describe('the poller killed mid-delivery', () => {
  it('loses nothing on restart; a notification interrupted after the receiver took it comes again with the same event number', async () => {
    const created = await h.call(prov, 'POST', '/fhir/Subscription', subscriptionResource({ endpoint: rx.url, npi: NPI }));
    const id = created.body.id as string;
    await expect.poll(async () => (await h.call(prov, 'GET', `/fhir/Subscription/${id}`)).body.status, { timeout: 5_000 }).toBe('active');

    // The receiver holds each answer, so a delivery is in flight when the poller dies.
    rx.delay(400);
    const nurse = as.nurse('nurse-restart');
    const cases: string[] = [];
    for (let i = 0; i < 3; i++) cases.push(await h.submitPended(NPI));
    for (const caseId of cases) {
      const r = await h.gql(nurse, EXTEND, { input: { caseId, expectedVersion: 1, days: 5, reason: 'Waiting for the operative plan.' } });
      expect(r.body.data.extendDueDate.userErrors).toEqual([]);
    }
    await rx.waitFor((r) => r.length >= 2, 10_000); // the handshake and the first notification are in
    await h.poller.stop(); // abrupt: in-flight work is abandoned, the queue is dropped
    // More changes while nothing runs.
    for (const caseId of cases) {
      const d = await decide(h, as.physician('dr-restart'), { caseId, expectedVersion: 2, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
      expect(d.payload.userErrors).toEqual([]);
    }
    await new Promise((r) => setTimeout(r, 500)); // the receiver finishes whatever it was holding
    rx.delay(0);
    await h.restartPoller();
    await rx.waitFor(() => new Set(rx.notifications().map((n) => eventNumberOf(n.body))).size === 6, 15_000);
    await h.poller.caughtUp();
    const numbers = rx.notifications().map((n) => eventNumberOf(n.body));
    // Every event number 1..6 arrived; any repeat is an exact repeat (same number, same content) of one already seen.
    expect([...new Set(numbers)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const byNumber = new Map<number, string>();
    for (const n of rx.notifications()) {
      const key = eventNumberOf(n.body);
      const content = JSON.stringify(n.body.entry[1].resource);
      if (byNumber.has(key)) expect(content).toBe(byNumber.get(key));
      byNumber.set(key, content);
    }
    // First arrivals are in order.
    const firsts = numbers.filter((n, i) => numbers.indexOf(n) === i);
    expect(firsts).toEqual([1, 2, 3, 4, 5, 6]);
    // Each case's events were published once per version (a replay after restart repeats ids only).
    for (const caseId of cases) {
      const versions = [...new Set(h.events.filter((e) => e.caseId === caseId).map((e) => e.caseVersion))];
      expect(versions).toEqual([1, 2, 3]);
    }
  });
});
