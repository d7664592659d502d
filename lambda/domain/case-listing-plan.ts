import type { Caller } from '../auth/caller';
import type { CaseStatus, Urgency } from './case';
import { pendingStatuses } from './workflow';
import type { ListingFilter, ListingPartition, ListingPlan } from '../store/case-listing';

export type CaseListingFilter = {
  status?: CaseStatus[] | null;
  cptCode?: string | null;
  providerId?: string | null;
  urgency?: Urgency | null;
  receivedFrom?: string | null;
  receivedTo?: string | null;
  overdue?: boolean | null;
};

const EMPTY: ListingPlan = { fingerprint: 'none', mode: 'sequence', partitions: [], filter: {} };

/**
 * Chooses the index that answers a listing with a key condition, most selective first:
 * provider, then status/overdue (work queues, ordered by due date), then CPT code, then
 * urgency, then received time. Filters the chosen key cannot express are applied as a
 * FilterExpression while the page is filled, so pages are never short. Providers are
 * always confined to their own partition, whatever they ask for.
 */
export function planCaseListing(args: { filter: CaseListingFilter; caller: Caller; now: Date }): ListingPlan {
  const f = args.filter;
  const nowIso = args.now.toISOString();
  if (args.caller.role === 'PROVIDER' && f.providerId && f.providerId !== args.caller.providerId) return EMPTY;
  const providerId = args.caller.role === 'PROVIDER' ? args.caller.providerId : (f.providerId ?? null);

  let statuses = f.status?.length ? [...new Set(f.status)] : null;
  if (f.overdue) {
    const pending = pendingStatuses as readonly string[];
    statuses = (statuses ?? [...pendingStatuses]).filter((s) => pending.includes(s));
    if (statuses.length === 0) return EMPTY;
  }
  const receivedFrom = f.receivedFrom ?? undefined;
  // Sort keys are `<receivedAt>#<id>`: the upper bound must include every id at that instant.
  const receivedTo = f.receivedTo ? `${f.receivedTo}#\uffff` : undefined;
  const residual: ListingFilter = {};
  const fingerprint = JSON.stringify({ ...f, providerId, status: statuses, role: args.caller.role === 'PROVIDER' ? 'P' : 'R' });

  if (providerId) {
    if (statuses) residual.statuses = statuses;
    if (f.cptCode) residual.cptCode = f.cptCode;
    if (f.urgency) residual.urgency = f.urgency;
    if (f.overdue) residual.queueDueBefore = nowIso;
    return {
      fingerprint,
      mode: 'sequence',
      filter: residual,
      partitions: [withRange({ index: 'byProvider', partitionValue: `PROVIDER#${providerId}`, ascending: false }, receivedFrom, receivedTo)],
    };
  }

  if (statuses) {
    if (f.cptCode) residual.cptCode = f.cptCode;
    if (f.urgency) residual.urgency = f.urgency;
    if (receivedFrom) residual.receivedFrom = receivedFrom;
    if (f.receivedTo) residual.receivedTo = f.receivedTo;
    return {
      fingerprint,
      mode: 'merge',
      filter: residual,
      partitions: statuses.map((s) => ({
        index: 'byStatus' as const,
        partitionValue: `STATUS#${s}`,
        ascending: true,
        // Overdue: the queue's due date is before now.
        ...(f.overdue ? { sortTo: nowIso } : {}),
      })),
    };
  }

  if (f.cptCode) {
    if (f.urgency) residual.urgency = f.urgency;
    return {
      fingerprint,
      mode: 'sequence',
      filter: residual,
      partitions: [withRange({ index: 'byCpt', partitionValue: `CPT#${f.cptCode}`, ascending: false }, receivedFrom, receivedTo)],
    };
  }

  const partition: ListingPartition = f.urgency
    ? { index: 'byUrgency', partitionValue: `URGENCY#${f.urgency}`, ascending: false }
    : { index: 'byReceived', partitionValue: 'RECEIVED', ascending: false };
  return { fingerprint, mode: 'sequence', filter: residual, partitions: [withRange(partition, receivedFrom, receivedTo)] };
}

function withRange(p: ListingPartition, from: string | undefined, to: string | undefined): ListingPartition {
  return { ...p, ...(from !== undefined ? { sortFrom: from } : {}), ...(to !== undefined ? { sortTo: to } : {}) };
}
