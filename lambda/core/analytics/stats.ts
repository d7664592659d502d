import { caseStatuses, criterionStatuses, type CaseStatus } from '../model/case';

/** Counter items as stored (see lambda/core/analytics/counters.ts for what each attribute counts). */
export type CounterItem = Record<string, unknown> & { cptCode: string; urgency: string };

// Longest first: `_NOT_MET` also ends with `_MET`.
const BY_SUFFIX = [...criterionStatuses].sort((a, b) => b.length - a.length);

export type Turnaround = { count: number; averageHours: number | null; medianHours: number | null; p90Hours: number | null };

/** Sums the counters of several items into one map. */
export function sumCounters(items: CounterItem[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    for (const [k, v] of Object.entries(item)) {
      if (typeof v === 'number' && k !== 'version') out.set(k, (out.get(k) ?? 0) + v);
    }
  }
  return out;
}

/** Median and p90 (nearest rank) from an hour histogram; exact over whole hours. */
export function turnaroundOf(c: Map<string, number>): Turnaround {
  const count = c.get('dec') ?? 0;
  if (count === 0) return { count: 0, averageHours: null, medianHours: null, p90Hours: null };
  const hist = [...c.entries()]
    .filter(([k, v]) => k.startsWith('decH_') && v > 0)
    .map(([k, v]) => [Number(k.slice(5)), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const at = (rank: number) => {
    let seen = 0;
    for (const [h, n] of hist) {
      seen += n;
      if (seen > rank) return h;
    }
    return hist.at(-1)![0];
  };
  const median = count % 2 === 1 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
  return {
    count,
    averageHours: (c.get('decMs') ?? 0) / count / 3_600_000,
    medianHours: median,
    p90Hours: at(Math.ceil(0.9 * count) - 1),
  };
}

/** The exact median decision time in hours, from the millisecond histogram (`decT_`); null when none or incomplete. */
export function exactMedianHours(c: Map<string, number>): number | null {
  const count = c.get('dec') ?? 0;
  const hist = [...c.entries()]
    .filter(([k, v]) => k.startsWith('decT_') && v > 0)
    .map(([k, v]) => [Number(k.slice(5)), v] as const)
    .sort((a, b) => a[0] - b[0]);
  // Counters written before the exact histogram existed: the hour histogram answers instead.
  if (count === 0 || hist.reduce((n, [, v]) => n + v, 0) !== count) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [ms, n] of hist) {
      seen += n;
      if (seen > rank) return ms;
    }
    return hist.at(-1)![0];
  };
  const median = count % 2 === 1 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
  return median / 3_600_000;
}

export type CriterionCounts = { policyId: string; criterionId: string; met: number; notMet: number; unsure: number; notApplicable: number };

/** One row per policy and criterion, ordered by policy then criterion. */
export function criteriaOf(c: Map<string, number>): CriterionCounts[] {
  const byId = new Map<string, CriterionCounts>();
  for (const [k, v] of c) {
    if (!k.startsWith('cr_')) continue;
    const status = BY_SUFFIX.find((s) => k.endsWith(`_${s}`));
    if (!status) continue;
    const qualified = k.slice(3, -(status.length + 1));
    const sep = qualified.indexOf('#');
    // Keys without a policy predate per-policy counters; they cannot be told apart, so they are left out.
    if (sep < 0) continue;
    const policyId = qualified.slice(0, sep);
    const id = qualified.slice(sep + 1);
    const row = byId.get(qualified) ?? { policyId, criterionId: id, met: 0, notMet: 0, unsure: 0, notApplicable: 0 };
    if (status === 'MET') row.met += v;
    else if (status === 'NOT_MET') row.notMet += v;
    else if (status === 'UNSURE') row.unsure += v;
    else row.notApplicable += v;
    byId.set(qualified, row);
  }
  return [...byId.values()]
    .filter((r) => r.met + r.notMet + r.unsure + r.notApplicable > 0)
    .sort((a, b) => a.policyId.localeCompare(b.policyId) || a.criterionId.localeCompare(b.criterionId));
}

export function determinationStats(items: CounterItem[], cptCode: string | null) {
  const scoped = cptCode ? items.filter((i) => i.cptCode === cptCode) : items;
  const all = sumCounters(scoped);
  return {
    total: all.get('cases') ?? 0,
    byStatus: caseStatuses.map((status: CaseStatus) => ({ status, count: all.get(`st_${status}`) ?? 0 })),
    automaticApprovals: all.get('auto') ?? 0,
    criteria: criteriaOf(all),
    turnaround: {
      standard: turnaroundOf(sumCounters(scoped.filter((i) => i.urgency === 'STANDARD'))),
      expedited: turnaroundOf(sumCounters(scoped.filter((i) => i.urgency === 'EXPEDITED'))),
    },
  };
}

const ADVERSE_INITIAL: CaseStatus[] = ['DENIED', 'PARTIALLY_APPROVED', 'APPEAL_PENDING', 'APPROVED_ON_APPEAL', 'PARTIALLY_APPROVED_ON_APPEAL', 'DENIAL_UPHELD'];

/** CMS-0057-F metrics for one urgency; definitions in the schema (Query.priorAuthMetrics). */
export function requestMetrics(items: CounterItem[]) {
  const c = sumCounters(items);
  const decided = c.get('dec') ?? 0;
  const pct = (n: number) => (decided === 0 ? 0 : (100 * n) / decided);
  const t = turnaroundOf(c);
  return {
    requests: c.get('cases') ?? 0,
    approvedPercent: pct(c.get('st_APPROVED') ?? 0),
    deniedPercent: pct(ADVERSE_INITIAL.reduce((s, st) => s + (c.get(`st_${st}`) ?? 0), 0)),
    // A partial approval on appeal certified more after the appeal: an approval after appeal, partial.
    approvedAfterAppealPercent: pct((c.get('st_APPROVED_ON_APPEAL') ?? 0) + (c.get('st_PARTIALLY_APPROVED_ON_APPEAL') ?? 0)),
    extendedAndApprovedPercent: pct(c.get('extApproved') ?? 0),
    averageDecisionHours: t.averageHours,
    medianDecisionHours: exactMedianHours(c) ?? t.medianHours,
  };
}

