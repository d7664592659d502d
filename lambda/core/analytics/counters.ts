import type { CaseRecord } from '../model/case';

/**
 * What one case contributes to the analytics counters of its (received day, CPT, urgency)
 * item. Every write adds `contributions(after) - contributions(before)` in the same
 * transaction, so the counters always equal a recount over the cases, and a
 * re-evaluation moves the criterion counts from the old determination to the new one.
 */
export function counterContributions(c: CaseRecord): Record<string, number> {
  const out: Record<string, number> = { cases: 1, [`st_${c.status}`]: 1 };
  if (c.automaticApproval) out.auto = 1;
  // Keyed by policy too: two policies may both name a criterion (GLYCEMIC_CONTROL).
  for (const [criterionId, status] of Object.entries(c.engineCriteria ?? {})) out[criterionKey(c.policyId, criterionId, status)] = 1;
  if (c.decidedAt) {
    const ms = Math.max(0, Date.parse(c.decidedAt) - Date.parse(c.receivedAt));
    out.dec = 1;
    out.decMs = ms;
    out[`decH_${decisionHours(ms)}`] = 1;
    // Exact decision times, for an exact median (priorAuthMetrics): one attribute per distinct
    // millisecond value in a (day, code, urgency) item, far below DynamoDB's item size limit
    // at prior-authorization volumes.
    out[`decT_${ms}`] = 1;
  }
  if (c.extension) {
    out.ext = 1;
    if (c.status === 'APPROVED' || c.status === 'APPROVED_ON_APPEAL' || c.status === 'PARTIALLY_APPROVED_ON_APPEAL') out.extApproved = 1;
  }
  return out;
}

/** `cr_<policyId>#<criterionId>_<status>`: policy ids are kebab-case and criterion ids UPPER_SNAKE, so `#` separates them. */
export const criterionKey = (policyId: string, criterionId: string, status: string) => `cr_${policyId}#${criterionId}_${status}`;

/** Turnaround is reported in whole hours (rounded down), which makes medians exact from histograms. */
export const decisionHours = (ms: number) => Math.max(0, Math.floor(ms / 3_600_000));

export function counterDelta(before: CaseRecord | null, after: CaseRecord): Record<string, number> {
  const a = counterContributions(after);
  const b = before ? counterContributions(before) : {};
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (a[k] ?? 0) - (b[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

export const receivedDay = (c: Pick<CaseRecord, 'receivedAt'>) => c.receivedAt.slice(0, 10);
