// R4 Subscriptions Backport notification Bundles for the PAS topic: a `history` Bundle whose
// first entry is the SubscriptionStatus (a Parameters resource, profile
// backport-subscription-status-r4), then, for an event, the full PAS response Bundle built by
// the same builder $submit and $inquire use (pas-response.ts through decision-view.ts).
import { createHash } from 'node:crypto';
import type { Bundle, Parameters, ParametersParameter } from '@medplum/fhirtypes';
import type { CaseRecord } from '../core/model/case';
import type { DeterminationRecord } from '../core/model/determination';
import { PAS_SUBSCRIPTION_TOPIC, type SubscriptionRecord } from '../core/model/subscription';
import { decisionView } from './decision-view';
import { NPI_SYSTEM, type PasRequestContext } from './pas-request';
import { buildPasResponseBundle, type PasResponseOptions } from './pas-response';

export const BACKPORT_SD = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
export const SUBSCRIPTION_STATUS_PROFILE = `${BACKPORT_SD}/backport-subscription-status-r4`;
export const NOTIFICATION_PROFILE = `${BACKPORT_SD}/backport-subscription-notification-r4`;

export type NotificationType = 'handshake' | 'heartbeat' | 'event-notification' | 'query-status';

const uuid = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export type StatusSubject = Pick<SubscriptionRecord, 'id' | 'status' | 'eventCount' | 'lastError' | 'undeliverableCount'>;

/** The SubscriptionStatus of a notification or of $status. */
export function subscriptionStatus(args: {
  baseUrl: string;
  subscription: StatusSubject;
  type: NotificationType;
  eventsSinceSubscriptionStart: number;
  event?: { eventNumber: number; timestamp: string; focus: string };
}): Parameters {
  const { baseUrl, subscription: s, type } = args;
  const parameter: ParametersParameter[] = [
    { name: 'subscription', valueReference: { reference: `${baseUrl}/Subscription/${s.id}` } },
    { name: 'topic', valueCanonical: PAS_SUBSCRIPTION_TOPIC },
    { name: 'status', valueCode: s.status },
    { name: 'type', valueCode: type },
    // Not counted for handshakes and heartbeats (profile: "NOT incremented for handshake and heartbeat").
    { name: 'events-since-subscription-start', valueString: String(args.eventsSinceSubscriptionStart) },
  ];
  if (args.event) {
    parameter.push({
      name: 'notification-event',
      part: [
        { name: 'event-number', valueString: String(args.event.eventNumber) },
        { name: 'timestamp', valueInstant: args.event.timestamp },
        { name: 'focus', valueReference: { reference: args.event.focus } },
      ],
    });
  }
  if (type === 'query-status' && s.lastError) {
    parameter.push({
      name: 'error',
      valueCodeableConcept: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscription-error', code: 'delivery-failed' }],
        text: `Last delivery problem: ${s.lastError}; notifications kept as undeliverable: ${s.undeliverableCount}.`,
      },
    });
  }
  return { resourceType: 'Parameters', id: uuid(`status|${s.id}|${type}|${args.event?.eventNumber ?? args.eventsSinceSubscriptionStart}`), meta: { profile: [SUBSCRIPTION_STATUS_PROFILE] }, parameter };
}

function statusEntry(baseUrl: string, status: Parameters) {
  const id = /Subscription\/([^/]+)$/.exec(status.parameter![0]!.valueReference!.reference!)?.[1] ?? '';
  return {
    fullUrl: `urn:uuid:${status.id}`,
    resource: status,
    // History bundles need a request per entry; the status entry's is a $status call (Backport IG).
    request: { method: 'GET' as const, url: `${baseUrl}/Subscription/${id}/$status` },
    response: { status: '200' },
  };
}

/** The handshake a new rest-hook subscription gets before it is `active`. */
export function handshakeBundle(baseUrl: string, s: StatusSubject, now: string): Bundle {
  const status = subscriptionStatus({ baseUrl, subscription: s, type: 'handshake', eventsSinceSubscriptionStart: 0 });
  return { resourceType: 'Bundle', id: uuid(`handshake|${s.id}`), meta: { profile: [NOTIFICATION_PROFILE] }, type: 'history', timestamp: now, entry: [statusEntry(baseUrl, status)] };
}

/** The request context of a stored case: the member, the requesting organization (by NPI), the case as the Claim's reference. */
export function pasContextOfCase(c: CaseRecord): PasRequestContext {
  const patient = {
    fullUrl: `urn:uuid:${uuid(`Patient|${c.id}`)}`,
    resource: {
      resourceType: 'Patient',
      identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] }, value: c.memberId }],
    },
  };
  const requestor = {
    fullUrl: `urn:uuid:${uuid(`Organization|${c.providerId}`)}`,
    resource: { resourceType: 'Organization', identifier: [{ system: NPI_SYSTEM, value: c.providerId }] },
  };
  return {
    bundleIdentifier: { system: 'urn:medical-necessity:case-id', value: c.id },
    claim: { fullUrl: null, identifier: null, type: null },
    patient: patient,
    requestor: requestor,
    insurer: null,
    memberId: c.memberId,
    memberExpression: 'Patient.identifier',
    providerNpi: c.providerId,
    providerExpression: 'Organization.identifier',
  };
}

/** The PAS response Bundle for one case version: its current determination is the last one that version had. */
export function pasResponseOfCase(c: CaseRecord, determinations: readonly DeterminationRecord[], now: string, payer?: PasResponseOptions['payer']): Bundle {
  const current = determinations.filter((d) => d.version <= c.determinationCount).at(-1) ?? null;
  // One case is one Claim item: sequence 1.
  return buildPasResponseBundle(pasContextOfCase(c), [decisionView(c, current, 1)], [], { now, ...(payer ? { payer } : {}) });
}

/** An event notification: the status (with the event number), then the full PAS response Bundle. */
export function eventNotificationBundle(args: {
  baseUrl: string;
  subscription: StatusSubject;
  eventNumber: number;
  occurredAt: string;
  pasResponse: Bundle;
  now: string;
}): Bundle {
  const { baseUrl, subscription: s, eventNumber, pasResponse } = args;
  const focus = `urn:uuid:${uuid(`focus|${s.id}|${eventNumber}`)}`;
  const status = subscriptionStatus({
    baseUrl,
    subscription: s,
    type: 'event-notification',
    // The event's own number: the count at this event, inclusive (the IG's missing-event check relies on it).
    eventsSinceSubscriptionStart: eventNumber,
    event: { eventNumber, timestamp: args.occurredAt, focus },
  });
  return {
    resourceType: 'Bundle',
    id: uuid(`notification|${s.id}|${eventNumber}`),
    meta: { profile: [NOTIFICATION_PROFILE] },
    type: 'history',
    timestamp: args.now,
    entry: [
      statusEntry(baseUrl, status),
      { fullUrl: focus, resource: pasResponse, request: { method: 'GET', url: `${baseUrl}/Bundle/${pasResponse.identifier?.value ?? 'pas-response'}` }, response: { status: '200' } },
    ],
  };
}

/** $status: a searchset with the subscription's status (type query-status). */
export function statusBundle(baseUrl: string, s: StatusSubject, now: string): Bundle {
  const status = subscriptionStatus({ baseUrl, subscription: s, type: 'query-status', eventsSinceSubscriptionStart: s.eventCount });
  return { resourceType: 'Bundle', type: 'searchset', timestamp: now, total: 1, entry: [{ fullUrl: `urn:uuid:${status.id}`, resource: status, search: { mode: 'match' } }] };
}
