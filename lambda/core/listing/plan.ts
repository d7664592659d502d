import type { Actor } from '../access/roles';
import { caseScope } from '../access/table';
import type { CaseRecord, CaseStatus, Urgency } from '../model/case';
import { pendingStatuses } from '../workflow/table';

/** Page size of `cases` when `first` is not given, and the largest page served. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type CaseListingFilter = {
  status?: CaseStatus[] | null;
  cptCode?: string | null;
  providerId?: string | null;
  urgency?: Urgency | null;
  receivedFrom?: string | null;
  receivedTo?: string | null;
  overdue?: boolean | null;
};

/**
 * One ordered sequence of cases the store can read with a key condition, named by what it
 * holds (the store turns it into an index and key values, lambda/store/table.ts), with an
 * optional range of its order: received time, or for status queues the queue due date.
 */
export type ListingPartition = (
  | { by: 'provider'; providerId: string }
  | { by: 'status'; status: CaseStatus }
  | { by: 'cpt'; cptCode: string }
  | { by: 'urgency'; urgency: Urgency }
  | { by: 'received' }
) & {
  /** Inclusive bounds on the order (ISO instants); `to` includes every case at that instant. */
  from?: string;
  to?: string;
  /** Exclusive upper bound on the order (overdue queues: due before now). */
  before?: string;
  /** false = descending (newest first). */
  ascending: boolean;
};

/** Conditions the chosen key cannot express, applied while each page is filled. */
export type ListingFilter = {
  statuses?: string[];
  cptCode?: string;
  urgency?: string;
  receivedFrom?: string;
  receivedTo?: string;
  /** The work-queue due date is before this instant. */
  queueDueBefore?: string;
};

/**
 * A listing: partitions read one after another (`sequence`) or merged by their order
 * (`merge`, e.g. several status queues ordered by due date).
 */
export type ListingPlan = {
  partitions: ListingPartition[];
  mode: 'sequence' | 'merge';
  filter: ListingFilter;
  /** Identifies the listing a cursor belongs to; a cursor from another listing is refused. */
  fingerprint: string;
};

export type ListingPage = { edges: { cursor: string; node: CaseRecord }[]; hasNextPage: boolean };

const EMPTY: ListingPlan = { fingerprint: 'none', mode: 'sequence', partitions: [], filter: {} };

/**
 * Chooses the partition that answers a listing with a key condition, most selective first:
 * provider, then status/overdue (work queues, ordered by due date), then CPT code, then
 * urgency, then received time. Filters the chosen key cannot express are applied as a
 * FilterExpression while the page is filled, so pages are never short. Providers are
 * always confined to their own partition, whatever they ask for.
 */
export function planCaseListing(args: { filter: CaseListingFilter; caller: Actor; now: Date }): ListingPlan {
  const f = args.filter;
  const nowIso = args.now.toISOString();
  // Own-provider scope (lambda/core/access/table.ts): the listing is of the actor's own cases.
  const own = caseScope[args.caller.role] === 'OWN';
  if (own && f.providerId && f.providerId !== args.caller.providerId) return EMPTY;
  const providerId = own ? args.caller.providerId : (f.providerId ?? null);

  let statuses = f.status?.length ? [...new Set(f.status)] : null;
  if (f.overdue) {
    const pending = pendingStatuses as readonly string[];
    statuses = (statuses ?? [...pendingStatuses]).filter((s) => pending.includes(s));
    if (statuses.length === 0) return EMPTY;
  }
  const range = {
    ...(f.receivedFrom ? { from: f.receivedFrom } : {}),
    ...(f.receivedTo ? { to: f.receivedTo } : {}),
  };
  const residual: ListingFilter = {};
  const fingerprint = JSON.stringify({ ...f, providerId, status: statuses, role: own ? 'P' : 'R' });

  if (providerId) {
    if (statuses) residual.statuses = statuses;
    if (f.cptCode) residual.cptCode = f.cptCode;
    if (f.urgency) residual.urgency = f.urgency;
    if (f.overdue) residual.queueDueBefore = nowIso;
    return { fingerprint, mode: 'sequence', filter: residual, partitions: [{ by: 'provider', providerId, ascending: false, ...range }] };
  }

  if (statuses) {
    if (f.cptCode) residual.cptCode = f.cptCode;
    if (f.urgency) residual.urgency = f.urgency;
    if (f.receivedFrom) residual.receivedFrom = f.receivedFrom;
    if (f.receivedTo) residual.receivedTo = f.receivedTo;
    return {
      fingerprint,
      mode: 'merge',
      filter: residual,
      // Overdue: the queue's due date is before now.
      partitions: statuses.map((status) => ({ by: 'status' as const, status, ascending: true, ...(f.overdue ? { before: nowIso } : {}) })),
    };
  }

  if (f.cptCode) {
    if (f.urgency) residual.urgency = f.urgency;
    return { fingerprint, mode: 'sequence', filter: residual, partitions: [{ by: 'cpt', cptCode: f.cptCode, ascending: false, ...range }] };
  }

  const partition: ListingPartition = f.urgency
    ? { by: 'urgency', urgency: f.urgency, ascending: false, ...range }
    : { by: 'received', ascending: false, ...range };
  return { fingerprint, mode: 'sequence', filter: residual, partitions: [partition] };
}
