import type { Caller } from '../auth/caller';
import type { ListingPlan } from '../store/case-listing';

export type CaseListingFilter = {
  providerId?: string | null;
};

/** Months from `to` back to `from` inclusive, as YYYY-MM, newest first. */
export function monthsDescending(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = to.split('-').map(Number) as [number, number];
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  while (y > fy || (y === fy && m >= fm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/**
 * Chooses the index partitions that answer a listing. Providers are always confined
 * to their own partition, whatever they ask for.
 */
export function planCaseListing(args: {
  filter: CaseListingFilter;
  caller: Caller;
  now: Date;
  firstMonth: string;
}): ListingPlan {
  const asked = args.filter.providerId ?? null;
  if (args.caller.role === 'PROVIDER' && asked !== null && asked !== args.caller.providerId) {
    // Another provider's cases read as missing: an empty listing, not an error.
    return { fingerprint: 'none', partitions: [] };
  }
  const providerId = args.caller.role === 'PROVIDER' ? args.caller.providerId : asked;
  if (providerId) {
    return {
      fingerprint: `provider:${providerId}`,
      partitions: [{ index: 'byProvider', partitionValue: `PROVIDER#${providerId}`, ascending: false }],
    };
  }
  const months = monthsDescending(args.firstMonth, args.now.toISOString().slice(0, 7));
  return {
    fingerprint: 'all',
    partitions: months.map((m) => ({ index: 'byReceivedMonth', partitionValue: `RECEIVED#${m}`, ascending: false })),
  };
}
