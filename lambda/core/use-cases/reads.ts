import type { CompiledPolicy } from '../../engine';
import { reachesCase, roleRefusal } from '../access/decide';
import { determinationStats as statsOf, requestMetrics } from '../analytics/stats';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { coreError, ok, type Result } from '../errors/failure';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, planCaseListing, type CaseListingFilter, type ListingPage } from '../listing/plan';
import type { DeterminationRecord } from '../model/determination';
import type { CaseRecord } from '../model/case';
import type { CaseCollection, CaseSearch } from '../ports';
import { observed } from './shared';

/**
 * Reads with rules: the role (FORBIDDEN when it may not read at all), case scope (a case
 * the actor may not see is reported exactly like a missing one: null), page sizes, date
 * ranges. A case's determinations and audit are read with the case they belong to.
 */

/** The case and its history (null when missing or out of the actor's scope). */
export async function getCase(ctx: CoreContext, caseId: string): Promise<Result<CaseCollection | null, CodeOf<'getCase'>>> {
  const refused = roleRefusal(ctx.actor, 'getCase');
  if (refused) return observed(ctx, 'getCase', refused);
  const c = await ctx.repos.cases.getCollection(caseId);
  return ok(c && reachesCase(ctx.actor, c.case) ? c : null);
}

/** The case holding an authorization number, with its history: two reads (the number's item, the case); null when none is in the actor's scope. */
export async function caseByAuthorizationNumber(ctx: CoreContext, number: string): Promise<Result<CaseCollection | null, CodeOf<'getCase'>>> {
  const refused = roleRefusal(ctx.actor, 'getCase');
  if (refused) return observed(ctx, 'getCase', refused);
  if (number.length === 0 || number.length > 64) return ok(null);
  const caseId = await ctx.repos.cases.caseIdForAuthorization(number);
  const c = caseId ? await ctx.repos.cases.getCollection(caseId) : null;
  return ok(c && reachesCase(ctx.actor, c.case) ? c : null);
}

/** The most cases findMemberCases returns. */
export const MAX_MEMBER_CASES = 25;

/**
 * A member's requests with one provider, newest first, optionally of one service code: one
 * index query. Only cases in the actor's scope.
 */
export async function findMemberCases(ctx: CoreContext, search: CaseSearch, limit = MAX_MEMBER_CASES): Promise<Result<CaseRecord[], CodeOf<'listCases'>>> {
  const refused = roleRefusal(ctx.actor, 'listCases');
  if (refused) return observed(ctx, 'listCases', refused);
  const found = await ctx.repos.cases.findByMember(search, Math.max(1, Math.min(limit, MAX_MEMBER_CASES)));
  return ok(found.filter((c) => reachesCase(ctx.actor, c)));
}

/** A determination by id (null when missing or its case is out of the actor's scope). */
export async function getDetermination(ctx: CoreContext, determinationId: string): Promise<Result<DeterminationRecord | null, CodeOf<'getDetermination'>>> {
  const refused = roleRefusal(ctx.actor, 'getDetermination');
  if (refused) return observed(ctx, 'getDetermination', refused);
  const det = (await ctx.repos.determinations.getMany([determinationId])).get(determinationId) ?? null;
  if (!det) return ok(null);
  // The collection, not the case alone: a door that batches collections reads it once for both.
  const c = await ctx.repos.cases.getCollection(det.caseId);
  return ok(c && reachesCase(ctx.actor, c.case) ? det : null);
}

/** One page of the cases the actor may see (providers: their own only), newest or most urgent first. */
export async function listCases(
  ctx: CoreContext,
  args: { filter?: CaseListingFilter | null; first?: number | null; after?: string | null },
): Promise<Result<ListingPage, CodeOf<'listCases'>>> {
  const refused = roleRefusal(ctx.actor, 'listCases');
  if (refused) return observed(ctx, 'listCases', refused);
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    return observed(ctx, 'listCases', { ok: false, errors: [coreError('OUT_OF_RANGE', { field: ['first'], message: `first must be between 1 and ${MAX_PAGE_SIZE}` })] });
  }
  const f = args.filter ?? {};
  if (f.receivedFrom && f.receivedTo && Date.parse(f.receivedFrom) > Date.parse(f.receivedTo)) {
    return observed(ctx, 'listCases', {
      ok: false,
      errors: [coreError('INVALID_DATE_RANGE', { field: ['filter', 'receivedTo'], message: 'receivedTo must be on or after receivedFrom.' })],
    });
  }
  const plan = planCaseListing({ filter: f, caller: ctx.actor, now: ctx.clock() });
  const page = await ctx.repos.listing.page(plan, first, args.after);
  if (!page.ok) return observed(ctx, 'listCases', { ok: false, errors: [coreError('INVALID_CURSOR')] });
  return ok(page.page);
}

const MAX_RANGE_DAYS = 3 * 366;

/** Determination statistics over received days from..to (inclusive), optionally for one service code. */
export async function determinationStats(
  ctx: CoreContext,
  filter: { from: string; to: string; cptCode?: string | null },
): Promise<Result<ReturnType<typeof statsOf>, CodeOf<'determinationStats'>>> {
  const refused = roleRefusal(ctx.actor, 'determinationStats');
  if (refused) return observed(ctx, 'determinationStats', refused);
  const days = (Date.parse(filter.to) - Date.parse(filter.from)) / 86_400_000;
  if (!(days >= 0 && days <= MAX_RANGE_DAYS)) return observed(ctx, 'determinationStats', { ok: false, errors: [coreError('INVALID_DATE_RANGE')] });
  return ok(statsOf(await ctx.repos.stats.read(filter.from, filter.to), filter.cptCode ?? null));
}

/** CMS-0057-F prior-authorization metrics of one calendar year. */
export async function priorAuthMetrics(
  ctx: CoreContext,
  year: number,
): Promise<Result<{ year: number; itemsRequiringPriorAuth: string[]; standard: ReturnType<typeof requestMetrics>; expedited: ReturnType<typeof requestMetrics> }, CodeOf<'priorAuthMetrics'>>> {
  const refused = roleRefusal(ctx.actor, 'priorAuthMetrics');
  if (refused) return observed(ctx, 'priorAuthMetrics', refused);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    return observed(ctx, 'priorAuthMetrics', { ok: false, errors: [coreError('OUT_OF_RANGE', { field: ['year'], message: 'year must be between 2000 and 2100' })] });
  }
  const [items, policies] = await Promise.all([ctx.repos.stats.read(`${year}-01-01`, `${year}-12-31`), ctx.repos.policies.list()]);
  // A policy's add-on codes (further fusion levels) are certified, so they need prior authorization too.
  const codes = new Set(
    policies.filter((p) => p.effectiveFrom <= `${year}-12-31`).flatMap((p) => [...p.cptCodes, ...Object.values(p.addOnCodes).map((a) => a.code)]),
  );
  return ok({
    year,
    itemsRequiringPriorAuth: [...codes].sort(),
    standard: requestMetrics(items.filter((i) => i.urgency === 'STANDARD')),
    expedited: requestMetrics(items.filter((i) => i.urgency === 'EXPEDITED')),
  });
}

/** Policy ids are lower-kebab-case (the policy document schema); any other id names no policy. */
const POLICY_ID = /^[a-z][a-z0-9-]{0,199}$/;

/** A policy version (the latest when `version` is omitted); null when there is none. */
export async function getPolicy(ctx: CoreContext, id: string, version?: number | null): Promise<Result<CompiledPolicy | null, CodeOf<'getPolicy'>>> {
  const refused = roleRefusal(ctx.actor, 'getPolicy');
  if (refused) return observed(ctx, 'getPolicy', refused);
  if (!POLICY_ID.test(id) || (version != null && !(Number.isInteger(version) && version >= 1))) return ok(null);
  return ok(await (version == null ? ctx.repos.policies.latest(id) : ctx.repos.policies.get(id, version)));
}

/** The most policies `policies` lists (ordered by id): the cost estimate counts on this bound. */
export const MAX_POLICIES_LISTED = 100;

/** The latest version of every policy, at most MAX_POLICIES_LISTED. */
export async function listPolicies(ctx: CoreContext): Promise<Result<CompiledPolicy[], CodeOf<'listPolicies'>>> {
  const refused = roleRefusal(ctx.actor, 'listPolicies');
  if (refused) return observed(ctx, 'listPolicies', refused);
  return ok((await ctx.repos.policies.list()).sort((a, b) => a.id.localeCompare(b.id)).slice(0, MAX_POLICIES_LISTED));
}
