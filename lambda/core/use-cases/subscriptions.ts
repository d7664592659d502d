import { randomUUID } from 'node:crypto';
import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { coreError, ok, type CoreError, type Result } from '../errors/failure';
import {
  DEFAULT_DELIVERY_TIMEOUT_SECONDS,
  MAX_DELIVERY_TIMEOUT_SECONDS,
  MAX_SUBSCRIPTION_HEADERS,
  PAS_SUBSCRIPTION_TOPIC,
  SUBSCRIPTION_CHANNEL,
  SUBSCRIPTION_CONTENT,
  SUBSCRIPTION_PAYLOAD_MIME,
  type SubscriptionDeps,
  type SubscriptionRecord,
  type SubscriptionRequest,
} from '../model/subscription';
import { observed } from './shared';

/**
 * Da Vinci PAS subscriptions: who may subscribe, to what, and what is refused. The core
 * decides; a door translates the codes (FORBIDDEN, SUBSCRIPTION_NOT_FOUND, the UNSUPPORTED_*
 * ones) into its own format.
 *
 * Access: the roles are the access table's (lambda/core/access/table.ts); beyond the role, a
 * subscription belongs to the organization it reports on (PAS spec-59: "only created or
 * modified by that sending system"): the filter must name the caller's own provider id, and
 * another organization's subscription reads as missing.
 */

/** PAS names the filter `orgIdentifier` in its topic and `org-identifier` in its text: both are read. */
const ORG_FILTER_NAMES = new Set(['org-identifier', 'orgIdentifier']);
const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}:[ \t]*[^\r\n\0]{1,2048}$/;
/** Headers the delivery sets itself; a subscriber may not replace them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'transfer-encoding', 'connection']);

const forbidden = (message: string, field: string[] | null = null): CoreError<'FORBIDDEN'> => coreError('FORBIDDEN', { message, field });
const fail = <C extends CodeOf<'createSubscription'>>(e: CoreError<C>) => ({ ok: false as const, errors: [e] as [CoreError<C>] });

/** What a reader gets: the record without its sealed headers. */
export type SubscriptionView = Omit<SubscriptionRecord, 'sealedHeaders'>;
export const viewOf = (s: SubscriptionRecord): SubscriptionView => {
  const { sealedHeaders: _sealed, ...rest } = s;
  return rest;
};

const visibleTo = (ctx: CoreContext, s: SubscriptionRecord | null) => (s && s.status !== 'off' && ctx.actor.providerId !== null && s.orgNpi === ctx.actor.providerId ? s : null);

/** The whole request checked; the first refusal is returned and nothing is stored. */
async function check(ctx: CoreContext, deps: SubscriptionDeps, r: SubscriptionRequest): Promise<Result<{ orgNpi: string; headers: string[]; timeoutSeconds: number }, CodeOf<'createSubscription'>>> {
  if (r.topic !== PAS_SUBSCRIPTION_TOPIC) return fail(coreError('UNSUPPORTED_TOPIC'));
  if (r.channelType !== SUBSCRIPTION_CHANNEL) return fail(coreError('UNSUPPORTED_CHANNEL'));
  if ((r.payloadMimeType ?? '').split(';')[0]!.trim() !== SUBSCRIPTION_PAYLOAD_MIME) return fail(coreError('UNSUPPORTED_PAYLOAD', { field: ['channel', 'payload'] }));
  if (r.content !== SUBSCRIPTION_CONTENT) return fail(coreError('UNSUPPORTED_PAYLOAD', { field: ['channel', 'payload', 'content'] }));
  // Exactly one filter, org-identifier, naming one organization: the caller's own.
  const [filter, ...more] = r.filters;
  if (!filter || more.length > 0 || !ORG_FILTER_NAMES.has(filter.name)) return fail(coreError('UNSUPPORTED_FILTER'));
  const orgs = [...new Set(filter.values.map((v) => v.trim()))];
  if (orgs.length !== 1 || !/^[0-9A-Za-z-]{1,64}$/.test(orgs[0]!)) return fail(coreError('UNSUPPORTED_FILTER'));
  const orgNpi = orgs[0]!;
  if (orgNpi !== ctx.actor.providerId) return fail(forbidden('A provider may subscribe only for its own organization.', ['criteria', 'filter']));
  if (r.headers.length > MAX_SUBSCRIPTION_HEADERS) return fail(coreError('INVALID_HEADER'));
  for (const [i, h] of r.headers.entries()) {
    if (!HEADER_LINE.test(h) || RESERVED_HEADERS.has(h.split(':')[0]!.trim().toLowerCase())) return fail(coreError('INVALID_HEADER', { field: ['channel', 'header', String(i)] }));
  }
  if (r.headers.length > 0 && !deps.sealer) return fail(coreError('INVALID_HEADER', { message: 'This server keeps no channel headers: no key is configured for them.' }));
  if (r.timeoutSeconds !== null && !(Number.isInteger(r.timeoutSeconds) && r.timeoutSeconds >= 1 && r.timeoutSeconds <= MAX_DELIVERY_TIMEOUT_SECONDS)) {
    return fail(coreError('OUT_OF_RANGE', { field: ['channel', 'timeout'], message: `timeout must be 1..${MAX_DELIVERY_TIMEOUT_SECONDS} seconds.` }));
  }
  if (r.end !== null && !(Date.parse(r.end) > ctx.clock().getTime())) return fail(coreError('OUT_OF_RANGE', { field: ['end'], message: 'end must be a future instant.' }));
  const verdict = await deps.endpoints.check(r.endpoint);
  if (verdict !== 'OK') {
    const why = {
      NOT_A_URL: 'The endpoint is not an absolute URL.',
      NOT_HTTPS: 'The endpoint must use https.',
      PRIVATE_ADDRESS: 'The endpoint resolves to a private, loopback or link-local address.',
      UNRESOLVABLE: 'The endpoint’s host name does not resolve.',
    }[verdict];
    return fail(coreError('INVALID_ENDPOINT', { message: why }));
  }
  return ok({ orgNpi, headers: r.headers.map((h) => h.trim()), timeoutSeconds: r.timeoutSeconds ?? DEFAULT_DELIVERY_TIMEOUT_SECONDS });
}

/** POST /Subscription: stored `requested`; the handshake (lambda/events/deliver.ts) makes it `active` or `error`. */
export async function createSubscription(ctx: CoreContext, deps: SubscriptionDeps, request: SubscriptionRequest): Promise<Result<SubscriptionView, CodeOf<'createSubscription'>>> {
  const refused = roleRefusal(ctx.actor, 'createSubscription');
  if (refused) return observed(ctx, 'createSubscription', refused);
  const checked = await check(ctx, deps, request);
  if (!checked.ok) return observed(ctx, 'createSubscription', checked);
  const { orgNpi, headers, timeoutSeconds } = checked.value;
  const id = randomUUID();
  const at = ctx.clock().toISOString();
  const record: SubscriptionRecord = {
    id,
    status: 'requested',
    topic: PAS_SUBSCRIPTION_TOPIC,
    orgNpi,
    endpoint: request.endpoint,
    channelType: SUBSCRIPTION_CHANNEL,
    payloadMimeType: SUBSCRIPTION_PAYLOAD_MIME,
    content: SUBSCRIPTION_CONTENT,
    // Sealed with the subscription id as context: a sealed value copied to another subscription does not open.
    sealedHeaders: headers.length > 0 ? await deps.sealer!.seal(JSON.stringify(headers), { subscriptionId: id }) : null,
    headerCount: headers.length,
    timeoutSeconds,
    reason: request.reason,
    end: request.end,
    createdAt: at,
    createdBy: ctx.actor.sub,
    eventCount: 0,
    deliveredThrough: 0,
    undeliverableCount: 0,
    lastError: null,
    updatedAt: at,
  };
  await deps.subscriptions.create(record);
  return ok(viewOf(record));
}

/** GET /Subscription/{id} and its $status. */
export async function readSubscription(ctx: CoreContext, deps: SubscriptionDeps, id: string): Promise<Result<SubscriptionView, CodeOf<'readSubscription'>>> {
  const refused = roleRefusal(ctx.actor, 'readSubscription');
  if (refused) return observed(ctx, 'readSubscription', refused);
  const s = visibleTo(ctx, await deps.subscriptions.get(id));
  if (!s) return observed(ctx, 'readSubscription', { ok: false, errors: [coreError('SUBSCRIPTION_NOT_FOUND')] });
  return ok(viewOf(s));
}

/** GET /Subscription: the caller's organization's live subscriptions. */
export async function listSubscriptions(ctx: CoreContext, deps: SubscriptionDeps): Promise<Result<SubscriptionView[], CodeOf<'listSubscriptions'>>> {
  const refused = roleRefusal(ctx.actor, 'listSubscriptions');
  if (refused) return observed(ctx, 'listSubscriptions', refused);
  if (!ctx.actor.providerId) return ok([]);
  const all = await deps.subscriptions.listByOrg(ctx.actor.providerId);
  return ok(all.filter((s) => visibleTo(ctx, s)).map((s) => viewOf(s)));
}

/** DELETE /Subscription/{id}: delivery stops; notifications already assigned are not sent. */
export async function deleteSubscription(ctx: CoreContext, deps: SubscriptionDeps, id: string): Promise<Result<{ id: string }, CodeOf<'deleteSubscription'>>> {
  const refused = roleRefusal(ctx.actor, 'deleteSubscription');
  if (refused) return observed(ctx, 'deleteSubscription', refused);
  const s = visibleTo(ctx, await deps.subscriptions.get(id));
  if (!s) return observed(ctx, 'deleteSubscription', { ok: false, errors: [coreError('SUBSCRIPTION_NOT_FOUND')] });
  await deps.subscriptions.remove(id, ctx.clock().toISOString());
  return ok({ id });
}
