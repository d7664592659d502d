import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, as } from '../../support/api';
import { decide } from '../../support/workflow';
import { APPROVAL_REASON, createEventsHarness, startReceiver, subscriptionResource, type EventsHarness, type Receiver } from './support';

const SLOW = '4444444444';
const FAST = '5555555555';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
let h: EventsHarness;
let slow: Receiver;
let fast: Receiver;

beforeAll(async () => {
  h = await createEventsHarness({ delivery: { maxAttempts: 50, backoffBaseMs: 200, backoffMaxMs: 200 } });
  slow = await startReceiver();
  fast = await startReceiver();
});
afterAll(async () => {
  await h?.close();
  await slow?.close();
  await fast?.close();
});

async function subscribeActive(npi: string, rx: Receiver, timeoutSeconds?: number) {
  const body = subscriptionResource({ endpoint: rx.url, npi }) as any;
  if (timeoutSeconds) body.channel.extension = [{ url: `${BACKPORT}/backport-timeout`, valueUnsignedInt: timeoutSeconds }];
  const res = await h.call(as.provider(npi), 'POST', '/fhir/Subscription', body);
  expect(res.status).toBe(201);
  await expect.poll(async () => (await h.call(as.provider(npi), 'GET', `/fhir/Subscription/${res.body.id}`)).body.status, { timeout: 5_000 }).toBe('active');
  return res.body.id as string;
}

describe('a subscriber whose endpoint hangs', () => {
  it('costs its own deliveries the timeout each, and never delays another subscriber or the API', async () => {
    await subscribeActive(SLOW, slow, 1);
    await subscribeActive(FAST, fast);
    slow.delay(5_000); // longer than its 1 s timeout: every attempt times out
    const [slowCase, fastCase] = [await h.submitPended(SLOW), await h.submitPended(FAST)];
    const t0 = Date.now();
    await decide(h, as.physician('dr-iso'), { caseId: slowCase, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    const apiStarted = Date.now();
    await decide(h, as.physician('dr-iso'), { caseId: fastCase, expectedVersion: 1, decision: 'APPROVED', reasons: [APPROVAL_REASON] });
    // The API answered without waiting for any subscriber.
    expect(Date.now() - apiStarted).toBeLessThan(1_000);
    await fast.waitFor(() => fast.notifications().length === 1, 5_000);
    expect(Date.now() - t0).toBeLessThan(2_500);
    // Meanwhile the slow subscriber's notification is being retried, each attempt cut at 1 s.
    await expect
      .poll(async () => (await allItems(h)).find((i) => i.type === 'NOTIFICATION' && (i.event as { caseId: string }).caseId === slowCase)?.lastError, { timeout: 5_000 })
      .toBe('TIMEOUT');
    slow.delay(0);
  });
});
