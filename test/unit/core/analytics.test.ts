import { describe, expect, it } from 'vitest';
import { counterContributions } from '../../../lambda/core/analytics/counters';
import { criteriaOf, exactMedianHours, requestMetrics, sumCounters, type CounterItem } from '../../../lambda/core/analytics/stats';
import type { CaseRecord } from '../../../lambda/core/model/case';

const HOUR = 3_600_000;
const received = '2026-03-20T09:00:00.000Z';
const caseOf = (over: Partial<CaseRecord>): CaseRecord =>
  ({
    id: 'c',
    status: 'APPROVED',
    urgency: 'STANDARD',
    policyId: 'knee-arthroplasty',
    receivedAt: received,
    decidedAt: null,
    automaticApproval: false,
    engineCriteria: {},
    extension: null,
    ...over,
  }) as CaseRecord;
const item = (...cases: CaseRecord[]): CounterItem => {
  const out: CounterItem = { cptCode: '27447', urgency: 'STANDARD' };
  for (const c of cases) for (const [k, v] of Object.entries(counterContributions(c))) out[k] = ((out[k] as number | undefined) ?? 0) + v;
  return out;
};

describe('criterion counters', () => {
  it('keep one row per policy and criterion: two policies that both name GLYCEMIC_CONTROL give two rows', () => {
    const knee = caseOf({ policyId: 'knee-arthroplasty', engineCriteria: { GLYCEMIC_CONTROL: 'MET' } });
    const fusion = caseOf({ policyId: 'lumbar-fusion', engineCriteria: { GLYCEMIC_CONTROL: 'NOT_APPLICABLE', NICOTINE_FREE: 'NOT_MET' } });
    expect(criteriaOf(sumCounters([item(knee, fusion)]))).toEqual([
      { policyId: 'knee-arthroplasty', criterionId: 'GLYCEMIC_CONTROL', met: 1, notMet: 0, unsure: 0, notApplicable: 0 },
      { policyId: 'lumbar-fusion', criterionId: 'GLYCEMIC_CONTROL', met: 0, notMet: 0, unsure: 0, notApplicable: 1 },
      { policyId: 'lumbar-fusion', criterionId: 'NICOTINE_FREE', met: 0, notMet: 1, unsure: 0, notApplicable: 0 },
    ]);
  });

  it('leave out counters written before they named the policy', () => {
    expect(criteriaOf(new Map([['cr_GLYCEMIC_CONTROL_MET', 3]]))).toEqual([]);
  });
});

describe('decision hours in priorAuthMetrics', () => {
  const decided = (hours: number) => caseOf({ decidedAt: new Date(Date.parse(received) + hours * HOUR).toISOString() });

  it('has an exact median, not whole hours', () => {
    expect(requestMetrics([item(decided(1.5), decided(2.25))]).medianDecisionHours).toBe(1.875);
    expect(requestMetrics([item(decided(0.25), decided(1.75), decided(30.5))]).medianDecisionHours).toBe(1.75);
  });

  it('falls back to whole hours where the exact histogram is incomplete (older counters)', () => {
    const c = sumCounters([item(decided(1.5), decided(2.25))]);
    for (const k of [...c.keys()]) if (k.startsWith('decT_')) c.delete(k);
    expect(exactMedianHours(c)).toBeNull();
  });

  it('counts a partial approval on appeal as an approval after appeal, and among the adverse initial decisions', () => {
    const m = requestMetrics([item(caseOf({ status: 'PARTIALLY_APPROVED_ON_APPEAL', decidedAt: received }), caseOf({ status: 'APPROVED', decidedAt: received }))]);
    expect(m).toMatchObject({ approvedPercent: 50, deniedPercent: 50, approvedAfterAppealPercent: 50 });
  });
});
