import { describe, expect, it } from 'vitest';
import { eventNotificationBundle, handshakeBundle, pasResponseOfCase, statusBundle } from '../../../lambda/fhir/subscription-notification';
import { readSubscriptionRequest, subscriptionRoute, toFhirSubscription } from '../../../lambda/fhir/subscription-door';
import { r4Issues } from '../fhir/r4-validator';
import type { CaseRecord } from '../../../lambda/core/model/case';
import type { SubscriptionRecord } from '../../../lambda/core/model/subscription';

const sub: SubscriptionRecord = {
  id: '0f8d7c44-6a1e-4a39-9c59-1a4a8c3f2b10',
  status: 'active',
  topic: 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic',
  orgNpi: '1234567893',
  endpoint: 'https://ehr.example.org/notify',
  channelType: 'rest-hook',
  payloadMimeType: 'application/fhir+json',
  content: 'full-resource',
  sealedHeaders: 'local:v1:xx',
  headerCount: 1,
  timeoutSeconds: 10,
  reason: null,
  end: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  createdBy: 'prov-user',
  eventCount: 7,
  deliveredThrough: 6,
  undeliverableCount: 0,
  lastError: null,
  updatedAt: '2026-03-01T10:00:00.000Z',
};
const pended = {
  id: 'c-1',
  version: 2,
  status: 'PENDING_PHYSICIAN_REVIEW',
  urgency: 'STANDARD',
  memberId: 'M123',
  providerId: '1234567893',
  requestedService: { cptCode: '27279', icd10Codes: ['M53.3'], description: null },
  requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 2 },
  clinicalFacts: {},
  receivedAt: '2026-03-01T10:00:00.000Z',
  dueAt: '2026-03-08T10:00:00.000Z',
  decidedAt: null,
  determinationCount: 1,
  appeal: null,
  extension: null,
  authorization: null,
  informationRequest: null,
  withdrawal: null,
  updatedAt: '2026-03-02T10:00:00.000Z',
} as unknown as CaseRecord;
const BASE = 'https://api.example.org/fhir';

describe('notification Bundles (R4 Subscriptions Backport)', () => {
  it('an event notification: a history Bundle, SubscriptionStatus first with the event number, then the PAS response; valid R4', () => {
    const pas = pasResponseOfCase(pended, [], '2026-03-02T10:00:00.000Z');
    const b = eventNotificationBundle({ baseUrl: BASE, subscription: sub, eventNumber: 7, occurredAt: '2026-03-02T10:00:00.000Z', pasResponse: pas, now: '2026-03-02T10:00:01.000Z' });
    expect(b.type).toBe('history');
    expect(b.entry![0]!.resource!.resourceType).toBe('Parameters');
    expect(b.entry![0]!.request).toEqual({ method: 'GET', url: `${BASE}/Subscription/${sub.id}/$status` });
    const p = Object.fromEntries((b.entry![0]!.resource as any).parameter.map((x: any) => [x.name, x]));
    expect(p['events-since-subscription-start'].valueString).toBe('7');
    expect(p['notification-event'].part[0]).toEqual({ name: 'event-number', valueString: '7' });
    expect(b.entry![1]!.resource).toBe(pas);
    expect(JSON.stringify(pas)).toContain('"code":"A4"');
    expect(r4Issues(b)).toEqual([]);
  });

  it('a handshake has no event and counts none; $status is a searchset with the current count', () => {
    const h = handshakeBundle(BASE, { ...sub, status: 'requested' }, '2026-03-01T10:00:00.000Z');
    const hp = Object.fromEntries((h.entry![0]!.resource as any).parameter.map((x: any) => [x.name, x]));
    expect([hp.type.valueCode, hp.status.valueCode, hp['events-since-subscription-start'].valueString, hp['notification-event']]).toEqual(['handshake', 'requested', '0', undefined]);
    expect(r4Issues(h)).toEqual([]);
    const st = statusBundle(BASE, sub, '2026-03-03T00:00:00.000Z');
    expect(st.type).toBe('searchset');
    expect(r4Issues(st)).toEqual([]);
  });
});

describe('the Subscription resource', () => {
  it('reads the Backport extensions (filter, content, timeout) and the headers', () => {
    const r = readSubscriptionRequest({
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'x',
      criteria: sub.topic,
      _criteria: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria', valueString: 'ClaimResponse?org-identifier=1234567893' }] },
      channel: {
        type: 'rest-hook',
        endpoint: 'https://ehr.example.org/notify',
        payload: 'application/fhir+json',
        _payload: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content', valueCode: 'full-resource' }] },
        extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-timeout', valueUnsignedInt: 5 }],
        header: ['Authorization: Bearer t'],
      },
    });
    expect(r.ok && r.value).toMatchObject({ filters: [{ name: 'org-identifier', values: ['1234567893'] }], content: 'full-resource', timeoutSeconds: 5, headers: ['Authorization: Bearer t'] });
  });

  it('is returned without its headers, as valid R4', () => {
    const { sealedHeaders: _s, ...view } = sub;
    const fhir = toFhirSubscription(view);
    expect(JSON.stringify(fhir)).not.toMatch(/header|local:v1/);
    expect(r4Issues(fhir)).toEqual([]);
  });

  it('routes', () => {
    expect(subscriptionRoute('POST', '/fhir/Subscription')).toEqual({ op: 'create' });
    expect(subscriptionRoute('GET', `/fhir/Subscription/${sub.id}/$status`)).toEqual({ op: 'status', id: sub.id });
    expect(subscriptionRoute('DELETE', `/fhir/Subscription/${sub.id}`)).toEqual({ op: 'delete', id: sub.id });
    expect(subscriptionRoute('PUT', `/fhir/Subscription/${sub.id}`)).toBeNull();
    expect(subscriptionRoute('GET', '/fhir/Subscription/../../x')).toBeNull();
  });
});

describe('the CapabilityStatement', () => {
  it('declares Subscription (create, read, delete, search) with $status, the Backport profile and the PAS topic (PAS spec-55)', async () => {
    const { buildCapabilityStatement } = await import('../../../lambda/fhir/capability-statement');
    const cs = buildCapabilityStatement({ baseUrl: BASE, date: '2026-03-01' });
    const sub = cs.rest![0]!.resource!.find((r) => r.type === 'Subscription')!;
    expect(sub.interaction!.map((i) => i.code)).toEqual(['create', 'read', 'delete', 'search-type']);
    expect(sub.operation!.map((o) => o.name)).toEqual(['status']);
    expect(JSON.stringify(sub.extension)).toContain('PASSubscriptionTopic');
    expect(r4Issues(cs)).toEqual([]);
  });
});
