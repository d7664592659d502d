// The FHIR door's Subscription routes (R4 Subscriptions Backport, Da Vinci PAS): read the
// Subscription resource, call the core's subscription use cases, translate their codes into
// OperationOutcomes. Who may do what is decided in the core
// (lambda/core/use-cases/subscriptions.ts); this file names no role.
import type { Bundle, OperationOutcome, Subscription } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import type { CoreContext } from '../core';
import type { CoreError } from '../core/errors/failure';
import type { SubscriptionDeps, SubscriptionRequest } from '../core/model/subscription';
import { createSubscription, deleteSubscription, listSubscriptions, readSubscription, type SubscriptionView } from '../core/use-cases/subscriptions';
import { httpStatusForIssues, issue, issueFromCoreError, operationOutcome, type FhirIssue, type FhirIssueCode } from './operation-outcome';
import { BACKPORT_SD, statusBundle } from './subscription-notification';

export type SubscriptionOperation = 'create' | 'list' | 'read' | 'delete' | 'status';
export type SubscriptionAnswer = { status: number; resource: Subscription | Bundle | OperationOutcome; issueCodes: string[] };

/** The Subscription routes (infra/constructs/api.ts declares the same on the HTTP API). */
export function subscriptionRoute(method: string, path: string): { op: SubscriptionOperation; id?: string } | null {
  const p = path.replace(/\/+$/, '');
  if (p === '/fhir/Subscription') return method === 'POST' ? { op: 'create' } : method === 'GET' ? { op: 'list' } : null;
  const m = /^\/fhir\/Subscription\/([A-Za-z0-9-]{1,64})(\/\$status)?$/.exec(p);
  if (!m) return null;
  if (m[2]) return method === 'GET' ? { op: 'status', id: m[1]! } : null;
  return method === 'GET' ? { op: 'read', id: m[1]! } : method === 'DELETE' ? { op: 'delete', id: m[1]! } : null;
}

const EXT = {
  filter: `${BACKPORT_SD}/backport-filter-criteria`,
  content: `${BACKPORT_SD}/backport-payload-content`,
  channelType: `${BACKPORT_SD}/backport-channel-type`,
  timeout: `${BACKPORT_SD}/backport-timeout`,
} as const;
const BACKPORT_PROFILE = `${BACKPORT_SD}/backport-subscription`;

const extension = z.looseObject({
  url: z.string(),
  valueString: z.optional(z.string()),
  valueCode: z.optional(z.string()),
  valueUnsignedInt: z.optional(z.number()),
  valueCoding: z.optional(z.looseObject({ system: z.optional(z.string()), code: z.optional(z.string()) })),
});
const short = (max: number) => z.string().check(z.maxLength(max));
const subscriptionShape = z.looseObject({
  resourceType: z.literal('Subscription'),
  status: z.optional(z.string()),
  reason: z.optional(short(1000)),
  end: z.optional(z.string()),
  criteria: short(2048),
  _criteria: z.optional(z.looseObject({ extension: z.optional(z.array(extension).check(z.maxLength(10))) })),
  channel: z.looseObject({
    type: short(64),
    _type: z.optional(z.looseObject({ extension: z.optional(z.array(extension).check(z.maxLength(10))) })),
    endpoint: z.optional(short(2048)),
    payload: z.optional(short(128)),
    _payload: z.optional(z.looseObject({ extension: z.optional(z.array(extension).check(z.maxLength(10))) })),
    header: z.optional(z.array(short(4096)).check(z.maxLength(20))),
    extension: z.optional(z.array(extension).check(z.maxLength(10))),
  }),
});

/** Subscription.criteria's filter: `[ResourceType?]name=value[,value…]`, several joined by `&`. */
function filtersOf(values: string[]): { name: string; values: string[] }[] {
  return values.flatMap((v) =>
    v
      .replace(/^[A-Za-z]+\?/, '')
      .split('&')
      .filter((part) => part.length > 0)
      .map((part) => {
        const at = part.indexOf('=');
        return at < 0 ? { name: part, values: [] } : { name: part.slice(0, at), values: part.slice(at + 1).split(',') };
      }),
  );
}

/** The Subscription resource as the core's request, or the issues that refuse it. */
export function readSubscriptionRequest(body: unknown): { ok: true; value: SubscriptionRequest } | { ok: false; issues: FhirIssue[] } {
  const parsed = subscriptionShape.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const path = first ? ['Subscription', ...first.path.map(String)].join('.') : 'Subscription';
    return { ok: false, issues: [issue('structure', `The body must be a FHIR R4 Subscription (${first?.message ?? 'invalid'}).`, path)] };
  }
  const s = parsed.data;
  const ext = (list: readonly z.infer<typeof extension>[] | undefined, url: string) => (list ?? []).filter((e) => e.url === url);
  const customType = ext(s.channel._type?.extension, EXT.channelType)[0]?.valueCoding?.code;
  const timeout = ext(s.channel.extension, EXT.timeout)[0]?.valueUnsignedInt;
  return {
    ok: true,
    value: {
      topic: s.criteria,
      channelType: customType ?? s.channel.type,
      endpoint: s.channel.endpoint ?? '',
      payloadMimeType: s.channel.payload ?? null,
      content: ext(s.channel._payload?.extension, EXT.content)[0]?.valueCode ?? null,
      filters: filtersOf(ext(s._criteria?.extension, EXT.filter).flatMap((e) => (e.valueString ? [e.valueString] : []))),
      headers: s.channel.header ?? [],
      timeoutSeconds: timeout ?? null,
      reason: s.reason ?? null,
      end: s.end ?? null,
    },
  };
}

/** The stored subscription as FHIR; its channel headers are never returned. */
export function toFhirSubscription(v: SubscriptionView): Subscription {
  return {
    resourceType: 'Subscription',
    id: v.id,
    meta: { profile: [BACKPORT_PROFILE, 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-subscription'], lastUpdated: v.updatedAt },
    status: v.status,
    ...(v.end ? { end: v.end } : {}),
    reason: v.reason ?? 'Da Vinci PAS: changes of pended prior-authorization requests',
    criteria: v.topic,
    _criteria: { extension: [{ url: EXT.filter, valueString: `org-identifier=${v.orgNpi}` }] },
    ...(v.lastError ? { error: v.lastError } : {}),
    channel: {
      extension: [{ url: EXT.timeout, valueUnsignedInt: v.timeoutSeconds }],
      type: v.channelType,
      endpoint: v.endpoint,
      payload: v.payloadMimeType,
      _payload: { extension: [{ url: EXT.content, valueCode: v.content }] },
    },
  } as Subscription;
}

/** Where each code's issue points in the Subscription. */
const EXPRESSION: Record<string, string> = {
  UNSUPPORTED_TOPIC: 'Subscription.criteria',
  UNSUPPORTED_CHANNEL: 'Subscription.channel.type',
  UNSUPPORTED_PAYLOAD: 'Subscription.channel.payload',
  UNSUPPORTED_FILTER: 'Subscription.criteria.extension',
  INVALID_ENDPOINT: 'Subscription.channel.endpoint',
  INVALID_HEADER: 'Subscription.channel.header',
};

function refused(errors: readonly CoreError[]): SubscriptionAnswer {
  const issues = errors.map((e) => {
    const field = e.field?.join('.');
    const expression = e.code === 'SUBSCRIPTION_NOT_FOUND' || (e.code === 'FORBIDDEN' && !field) ? undefined : (EXPRESSION[e.code] ?? (field ? `Subscription.${field}` : undefined));
    return issueFromCoreError(e.code, e.message, expression);
  });
  return { status: httpStatusForIssues(issues), resource: operationOutcome(issues), issueCodes: [...new Set(issues.map((i) => i.code))] };
}

const answer = (status: number, resource: SubscriptionAnswer['resource']): SubscriptionAnswer => ({ status, resource, issueCodes: [] });

export async function serveSubscription(
  ctx: CoreContext,
  deps: SubscriptionDeps,
  route: { op: SubscriptionOperation; id?: string },
  body: () => { ok: true; value: unknown } | { ok: false; answer: { status: number; resource: unknown; issueCodes: string[] } },
  baseUrl: string,
): Promise<SubscriptionAnswer> {
  const now = ctx.clock().toISOString();
  switch (route.op) {
    case 'create': {
      const b = body();
      if (!b.ok) return b.answer as SubscriptionAnswer;
      const request = readSubscriptionRequest(b.value);
      if (!request.ok) return { status: httpStatusForIssues(request.issues), resource: operationOutcome(request.issues), issueCodes: [...new Set(request.issues.map((i) => i.code))] };
      const r = await createSubscription(ctx, deps, request.value);
      return r.ok ? answer(201, toFhirSubscription(r.value)) : refused(r.errors);
    }
    case 'list': {
      const r = await listSubscriptions(ctx, deps);
      if (!r.ok) return refused(r.errors);
      return answer(200, {
        resourceType: 'Bundle',
        type: 'searchset',
        total: r.value.length,
        entry: r.value.map((v) => ({ fullUrl: `${baseUrl}/Subscription/${v.id}`, resource: toFhirSubscription(v), search: { mode: 'match' as const } })),
      });
    }
    case 'read': {
      const r = await readSubscription(ctx, deps, route.id!);
      return r.ok ? answer(200, toFhirSubscription(r.value)) : refused(r.errors);
    }
    case 'status': {
      const r = await readSubscription(ctx, deps, route.id!);
      return r.ok ? answer(200, statusBundle(baseUrl, { ...r.value }, now)) : refused(r.errors);
    }
    case 'delete': {
      const r = await deleteSubscription(ctx, deps, route.id!);
      return r.ok ? answer(200, operationOutcome([{ severity: 'information', code: 'informational' as FhirIssueCode, diagnostics: 'The subscription was deleted; no further notification is sent.' }])) : refused(r.errors);
    }
  }
}
