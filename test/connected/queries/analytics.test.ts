import { shippedPolicies } from '../../../policies';
import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, countRequests, createTestApi, type TestApi } from '../../support/api';
import { publishSecondPolicy, randomJourney, rng, submitRandom, type Made } from '../../support/population';

const HOUR = 3_600_000;
const providers = ['PRV-A', 'PRV-B'];
const cpts = ['27279', '22899'];

const STATS = /* GraphQL */ `
  query S($filter: StatsFilter!) {
    determinationStats(filter: $filter) {
      total automaticApprovals
      byStatus { status count }
      criteria { policyId criterionId met notMet unsure notApplicable }
      turnaround { standard { count averageHours medianHours p90Hours } expedited { count averageHours medianHours p90Hours } }
    }
  }
`;
const METRICS = /* GraphQL */ `
  query M($year: Int!) {
    priorAuthMetrics(year: $year) {
      year itemsRequiringPriorAuth
      standard { requests approvedPercent deniedPercent approvedAfterAppealPercent extendedAndApprovedPercent averageDecisionHours medianDecisionHours }
      expedited { requests approvedPercent deniedPercent approvedAfterAppealPercent extendedAndApprovedPercent averageDecisionHours medianDecisionHours }
    }
  }
`;

const REQUEST_INFO = /* GraphQL */ `
  mutation R($input: RequestAdditionalInformationInput!) { requestAdditionalInformation(input: $input) { case { version status } userErrors { code } } }
`;
const WITHDRAW = /* GraphQL */ `
  mutation W($input: WithdrawCaseInput!) { withdrawCase(input: $input) { case { version } userErrors { code } } }
`;

/**
 * Before the shared random journey: sometimes a request for information (which the journey's
 * updated facts may answer), sometimes a withdrawal by the provider (which ends the journey).
 */
async function journeyWithInformationAndWithdrawal(api: TestApi, r: () => number, m: Made, advance: (hours: number) => void): Promise<void> {
  let made = m;
  if (r() < 0.15) {
    const asked = await api.gql(as.nurse(), REQUEST_INFO, { input: { caseId: m.id, expectedVersion: m.version, items: ['Imaging report'], respondByDays: 7 } });
    const c = asked.body.data?.requestAdditionalInformation.case;
    if (c) made = { ...m, version: c.version };
    advance(Math.floor(r() * 24));
  }
  if (r() < 0.1) {
    const w = await api.gql(as.provider(m.providerId), WITHDRAW, { input: { caseId: m.id, expectedVersion: made.version, reason: 'Patient declined surgery' } });
    if (w.body.data?.withdrawCase.case) return;
  }
  await randomJourney(api, r, made, advance);
}

/** Populates a table: `n` cases received across Jan–Mar 2026, a random journey for each. */
async function populate(n: number, seed: number, journeys: boolean): Promise<TestApi> {
  let clock = Date.parse('2026-01-05T06:00:00.000Z');
  const api = await createTestApi({ now: () => new Date(clock) });
  await publishSecondPolicy(api);
  const r = rng(seed);
  const span = Date.parse('2026-03-28T00:00:00Z') - clock;
  const start = clock;
  for (let i = 0; i < n; i++) {
    clock = start + Math.floor((span * i) / n);
    const made: Made = await submitRandom(api, r, providers, cpts);
    if (journeys) await journeyWithInformationAndWithdrawal(api, r, made, (h) => (clock += h * HOUR + Math.floor(r() * HOUR)));
  }
  return api;
}

type Item = Record<string, any>;

/** The brute-force recount: straight from every stored case and determination. */
function recount(items: Item[], from: string, to: string, cptCode: string | null) {
  const dets = items.filter((i) => i.type === 'DETERMINATION');
  const cases = items.filter((i) => i.type === 'CASE' && i.receivedAt.slice(0, 10) >= from && i.receivedAt.slice(0, 10) <= to && (!cptCode || i.requestedService.cptCode === cptCode));
  const statuses = [
    'PENDING_INFORMATION',
    'PENDING_PHYSICIAN_REVIEW',
    'APPROVED',
    'PARTIALLY_APPROVED',
    'DENIED',
    'APPEAL_PENDING',
    'APPROVED_ON_APPEAL',
    'PARTIALLY_APPROVED_ON_APPEAL',
    'DENIAL_UPHELD',
    'WITHDRAWN',
  ];
  // One row per policy and criterion.
  const crit = new Map<string, { policyId: string; criterionId: string; met: number; notMet: number; unsure: number; notApplicable: number }>();
  for (const c of cases) {
    const latest = dets.filter((d) => d.caseId === c.id && d.source === 'ENGINE').sort((a, b) => b.version - a.version)[0];
    for (const r of latest!.criteriaResults) {
      const id = `${latest!.policyId} ${r.criterionId}`;
      const row = crit.get(id) ?? { policyId: latest!.policyId, criterionId: r.criterionId, met: 0, notMet: 0, unsure: 0, notApplicable: 0 };
      const key = ({ MET: 'met', NOT_MET: 'notMet', UNSURE: 'unsure', NOT_APPLICABLE: 'notApplicable' } as const)[r.status as 'MET'];
      row[key] += 1;
      crit.set(id, row);
    }
  }
  const turnaround = (u: string) => {
    const hours = cases.filter((c) => c.urgency === u && c.decidedAt).map((c) => Date.parse(c.decidedAt) - Date.parse(c.receivedAt));
    const whole = hours.map((ms) => Math.floor(ms / HOUR)).sort((a, b) => a - b);
    const exact = hours.map((ms) => ms / HOUR).sort((a, b) => a - b);
    const n = whole.length;
    if (n === 0) return { count: 0, averageHours: null, medianHours: null, p90Hours: null, exactMedianHours: null };
    return {
      count: n,
      averageHours: hours.reduce((s, x) => s + x, 0) / n / HOUR,
      medianHours: n % 2 ? whole[(n - 1) / 2] : (whole[n / 2 - 1]! + whole[n / 2]!) / 2,
      p90Hours: whole[Math.ceil(0.9 * n) - 1],
      exactMedianHours: n % 2 ? exact[(n - 1) / 2] : (exact[n / 2 - 1]! + exact[n / 2]!) / 2,
    };
  };
  return {
    cases,
    stats: {
      total: cases.length,
      automaticApprovals: cases.filter((c) => c.automaticApproval).length,
      byStatus: statuses.map((status) => ({ status, count: cases.filter((c) => c.status === status).length })),
      criteria: [...crit.values()].sort((a, b) => a.policyId.localeCompare(b.policyId) || a.criterionId.localeCompare(b.criterionId)),
      turnaround: { standard: withoutExact(turnaround('STANDARD')), expedited: withoutExact(turnaround('EXPEDITED')) },
    },
    metrics(u: string) {
      const mine = cases.filter((c) => c.urgency === u);
      const decided = mine.filter((c) => c.decidedAt);
      const pct = (k: (c: Item) => boolean) => (decided.length ? (100 * decided.filter(k).length) / decided.length : 0);
      const t = turnaround(u);
      return {
        requests: mine.length,
        approvedPercent: pct((c) => c.status === 'APPROVED'),
        deniedPercent: pct((c) => ['DENIED', 'PARTIALLY_APPROVED', 'APPEAL_PENDING', 'APPROVED_ON_APPEAL', 'PARTIALLY_APPROVED_ON_APPEAL', 'DENIAL_UPHELD'].includes(c.status)),
        // A partial approval on appeal counts as an approval after appeal (partial).
        approvedAfterAppealPercent: pct((c) => ['APPROVED_ON_APPEAL', 'PARTIALLY_APPROVED_ON_APPEAL'].includes(c.status)),
        extendedAndApprovedPercent: pct((c) => !!c.extension && ['APPROVED', 'APPROVED_ON_APPEAL', 'PARTIALLY_APPROVED_ON_APPEAL'].includes(c.status)),
        averageDecisionHours: t.averageHours,
        // Exact, not whole hours.
        medianDecisionHours: t.exactMedianHours,
      };
    },
  };
}

const withoutExact = <T extends { exactMedianHours: unknown }>({ exactMedianHours: _e, ...rest }: T) => rest;

function expectClose(actual: any, expected: any) {
  expect(JSON.parse(JSON.stringify(actual, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)))).toEqual(
    JSON.parse(JSON.stringify(expected, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))),
  );
}

describe('stats and metrics after a randomized workflow of 320 cases', () => {
  let api: TestApi;
  let items: Item[];
  beforeAll(async () => {
    api = await populate(320, 7, true);
    items = await allItems(api);
  }, 300_000);

  it.each([
    ['the whole range', '2026-01-01', '2026-03-31', null],
    ['one CPT code', '2026-01-01', '2026-03-31', '22899'],
    ['part of February', '2026-02-03', '2026-02-20', null],
    ['a single day', '2026-01-20', '2026-01-20', null],
  ] as const)('determinationStats over %s equals the recount', async (_n, from, to, cptCode) => {
    const res = await api.gql(as.analyst(), STATS, { filter: { from, to, ...(cptCode ? { cptCode } : {}) } });
    const expected = recount(items, from, to, cptCode);
    expect(expected.cases.length).toBeGreaterThan(0);
    expectClose(res.body.data.determinationStats, expected.stats);
  });

  it('the population exercises every status (withdrawn included), appeals, extensions, requests for information and automatic approvals', () => {
    const { stats } = recount(items, '2026-01-01', '2026-12-31', null);
    for (const s of stats.byStatus) expect(s.count, s.status).toBeGreaterThan(0);
    expect(stats.automaticApprovals).toBeGreaterThan(0);
    expect(items.some((i) => i.type === 'AUDIT' && i.action === 'REQUEST_ADDITIONAL_INFORMATION')).toBe(true);
    expect(items.some((i) => i.type === 'CASE' && i.extension && ['APPROVED', 'APPROVED_ON_APPEAL'].includes(i.status))).toBe(true);
  });

  it('priorAuthMetrics equals the recount for standard and expedited requests', async () => {
    const res = await api.gql(as.analyst(), METRICS, { year: 2026 });
    const m = res.body.data.priorAuthMetrics;
    const expected = recount(items, '2026-01-01', '2026-12-31', null);
    expect(m.year).toBe(2026);
    // Every code of every shipped policy, and the one the test published.
    // Every code of every shipped policy, their add-on codes, and the one the test published.
    const addOns = shippedPolicies.flatMap((p) => Object.values((p as { addOnCodes?: Record<string, { code: string }> }).addOnCodes ?? {}).map((a) => a.code));
    expect(m.itemsRequiringPriorAuth).toEqual([...new Set([...shippedPolicies.flatMap((p) => p.cptCodes), ...addOns, '22899'])].sort());
    expect(m.itemsRequiringPriorAuth).toEqual(expect.arrayContaining(['27279', '72148', '22612', '22614', '22630', '22632', '22633', '22634']));
    // The median is exact: the decisions land at arbitrary minutes, so it is not a whole number of hours.
    expect([m.standard.medianDecisionHours, m.expedited.medianDecisionHours].some((h: number) => !Number.isInteger(h))).toBe(true);
    expectClose(m.standard, expected.metrics('STANDARD'));
    expectClose(m.expedited, expected.metrics('EXPEDITED'));
    const empty = (await api.gql(as.analyst(), METRICS, { year: 2025 })).body.data.priorAuthMetrics;
    expect(empty.standard).toMatchObject({ requests: 0, approvedPercent: 0, averageDecisionHours: null });
  });

  it('gives analysts aggregates only: no case, no member id, no clinical facts', async () => {
    for (const q of ['{ cases { edges { node { id } } } }', '{ case(id: "x") { id } }', '{ determination(id: "x:1") { id } }']) {
      const res = await api.gql(as.analyst(), q);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res.body.data ?? {})).not.toMatch(/MBR-|painScore/);
    }
    const providerTries = await api.gql(as.provider('PRV-A'), STATS, { filter: { from: '2026-01-01', to: '2026-01-31' } });
    expect(providerTries.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an inverted or oversized range', async () => {
    const res = await api.gql(as.analyst(), STATS, { filter: { from: '2026-03-01', to: '2026-02-01' } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('analytics cost does not grow with the number of cases', () => {
  it('makes the same number of DynamoDB requests at 50 and at 500 cases', async () => {
    const counts: number[] = [];
    for (const n of [50, 500]) {
      const api = await populate(n, n, false);
      await api.gql(as.analyst(), METRICS, { year: 2026 }); // warm (policy cache), as a running Lambda would be
      const stats = await countRequests(() => api.gql(as.analyst(), STATS, { filter: { from: '2026-01-01', to: '2026-03-31' } }));
      const metrics = await countRequests(() => api.gql(as.analyst(), METRICS, { year: 2026 }));
      expect(stats.result.body.data.determinationStats.total).toBe(n);
      expect(metrics.result.body.data.priorAuthMetrics.standard.requests + metrics.result.body.data.priorAuthMetrics.expedited.requests).toBe(n);
      counts.push(stats.requests, metrics.requests);
    }
    expect(counts.slice(0, 2)).toEqual(counts.slice(2));
    expect(counts[0]).toBe(3); // one Query per month of the range
  }, 300_000);
});
