import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, countRequests, createTestApi, type TestApi } from '../../support/api';
import { publishSecondPolicy, randomJourney, rng, submitRandom, type Made } from '../../support/population';

const HOUR = 3_600_000;
let clock = Date.parse('2026-01-10T08:00:00.000Z');
let api: TestApi;
const providers = ['PRV-A', 'PRV-B', 'PRV-C'];
const cpts = ['27279', '22899'];
type Row = { id: string; status: string; providerId: string; urgency: string; receivedAt: string; dueAt: string; gsi2sk: string; requestedService: { cptCode: string } };
let rows: Row[] = [];

const LIST = /* GraphQL */ `
  query L($first: Int, $after: String, $filter: CaseFilter) {
    cases(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id status } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

async function listAll(claims: Parameters<TestApi['gql']>[0], filter: object, first = 7): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const res: { body: { data?: any; errors?: unknown } } = await api.gql(claims, LIST, { first, after, filter });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    const page = res.body.data.cases;
    ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
  throw new Error('listing did not end');
}

beforeAll(async () => {
  api = await createTestApi({ now: () => new Date(clock) });
  await publishSecondPolicy(api);
  const r = rng(42);
  const made: Made[] = [];
  for (let i = 0; i < 250; i++) {
    made.push(await submitRandom(api, r, providers, cpts));
    clock += 8 * HOUR + Math.floor(r() * HOUR);
  }
  for (const m of made.filter((_, i) => i % 3 === 0)) await randomJourney(api, r, m, (h) => (clock += h * 0));
  rows = (await allItems(api)).filter((i) => i.type === 'CASE') as unknown as Row[];
}, 240_000);

const newestFirst = (a: Row, b: Row) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : a.id < b.id ? 1 : -1);
const byQueue = (a: Row, b: Row) => (a.gsi2sk < b.gsi2sk ? -1 : 1);
const pending = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW', 'APPEAL_PENDING'];

describe('cases: Relay pagination', () => {
  it('pages 250 cases as 100/100/50 with no duplicate and no gap, newest first', async () => {
    const sizes: number[] = [];
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { body: { data?: any } } = await api.gql(as.nurse(), LIST, { first: 100, after });
      const page = res.body.data.cases;
      sizes.push(page.edges.length);
      ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(ids).size).toBe(250);
    expect(ids).toEqual([...rows].sort(newestFirst).map((r) => r.id));
  });

  it('continues from any edge cursor', async () => {
    const page = (await api.gql(as.nurse(), LIST, { first: 10 })).body.data.cases;
    const fromFifth = (await api.gql(as.nurse(), LIST, { first: 5, after: page.edges[4].cursor })).body.data.cases;
    expect(fromFifth.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(page.edges.slice(5, 10).map((e: { node: { id: string } }) => e.node.id));
  });

  it('defaults to 20 and refuses first outside 1..100', async () => {
    expect((await api.gql(as.nurse(), LIST, {})).body.data.cases.edges).toHaveLength(20);
    for (const first of [0, -1, 101]) {
      const res = await api.gql(as.nurse(), LIST, { first });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses malformed, tampered and foreign cursors with BAD_USER_INPUT', async () => {
    const page = (await api.gql(as.nurse(), LIST, { first: 3, filter: { status: ['PENDING_PHYSICIAN_REVIEW', 'DENIED'] } })).body.data.cases;
    const decoded = JSON.parse(Buffer.from(page.pageInfo.endCursor, 'base64url').toString());
    const tampered = structuredClone(decoded);
    const k = tampered.m.find((x: unknown) => x && x !== 'done');
    k.gsi2pk = 'STATUS#APPROVED';
    const bad = [
      'garbage!!',
      Buffer.from('{"f":1}').toString('base64url'),
      Buffer.from(JSON.stringify(tampered)).toString('base64url'),
      (await api.gql(as.nurse(), LIST, { first: 2 })).body.data.cases.pageInfo.endCursor, // another listing's cursor
    ];
    for (const after of bad) {
      const res = await api.gql(as.nurse(), LIST, { first: 3, after, filter: { status: ['PENDING_PHYSICIAN_REVIEW', 'DENIED'] } });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.extensions?.field).toEqual(['after']);
    }
  });
});

describe('cases: every filter equals a brute-force filter of all stored cases', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const cases: [string, () => object, (r: Row) => boolean, (a: Row, b: Row) => number][] = [
    ['status (two queues merged by due date)', () => ({ status: ['PENDING_PHYSICIAN_REVIEW', 'DENIED'] }), (r) => ['PENDING_PHYSICIAN_REVIEW', 'DENIED'].includes(r.status), byQueue],
    ['cptCode', () => ({ cptCode: '22899' }), (r) => r.requestedService.cptCode === '22899', newestFirst],
    ['providerId', () => ({ providerId: 'PRV-B' }), (r) => r.providerId === 'PRV-B', newestFirst],
    ['urgency', () => ({ urgency: 'EXPEDITED' }), (r) => r.urgency === 'EXPEDITED', newestFirst],
    [
      'received range',
      () => ({ receivedFrom: '2026-02-01T00:00:00Z', receivedTo: '2026-03-01T00:00:00Z' }),
      (r) => r.receivedAt >= '2026-02-01T00:00:00.000Z' && r.receivedAt <= '2026-03-01T00:00:00.000Z',
      newestFirst,
    ],
    ['overdue (work queue)', () => ({ overdue: true }), (r) => pending.includes(r.status) && r.gsi2sk < iso(clock), byQueue],
    ['provider + status + cpt', () => ({ providerId: 'PRV-A', status: ['APPROVED'], cptCode: '27279' }), (r) => r.providerId === 'PRV-A' && r.status === 'APPROVED' && r.requestedService.cptCode === '27279', newestFirst],
    ['cpt + urgency', () => ({ cptCode: '27279', urgency: 'STANDARD' }), (r) => r.requestedService.cptCode === '27279' && r.urgency === 'STANDARD', newestFirst],
    ['urgency + received range', () => ({ urgency: 'STANDARD', receivedFrom: '2026-01-20T00:00:00Z' }), (r) => r.urgency === 'STANDARD' && r.receivedAt >= '2026-01-20T00:00:00.000Z', newestFirst],
    ['status + overdue', () => ({ status: ['PENDING_PHYSICIAN_REVIEW', 'APPROVED'], overdue: true }), (r) => r.status === 'PENDING_PHYSICIAN_REVIEW' && r.gsi2sk < iso(clock), byQueue],
  ];
  it.each(cases)('%s', async (_name, filter, keep, order) => {
    const expected = rows.filter(keep).sort(order).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await listAll(as.nurse(), filter())).toEqual(expected);
  });

  it('confines providers to their own cases whatever the filter', async () => {
    const mine = await listAll(as.provider('PRV-C'), { status: ['PENDING_PHYSICIAN_REVIEW'] });
    expect(mine).toEqual(rows.filter((r) => r.providerId === 'PRV-C' && r.status === 'PENDING_PHYSICIAN_REVIEW').sort(newestFirst).map((r) => r.id));
    expect(await listAll(as.provider('PRV-C'), { providerId: 'PRV-A' })).toEqual([]);
  });
});

describe('request budgets (counted DynamoDB requests)', () => {
  it('case(id) with its whole determination history is one request', async () => {
    const id = rows.find((r) => r.status === 'DENIAL_UPHELD' || r.status === 'APPROVED_ON_APPEAL')!.id;
    const Q = `query($id: ID!) { case(id: $id) { id status determinations { id version source criteriaResults { criterionId status } levelOfCare { recommendedSetting } } currentDetermination { id } } }`;
    await api.gql(as.nurse(), Q, { id }); // warm the container (as in Lambda)
    const { result, requests } = await countRequests(() => api.gql(as.nurse(), Q, { id }));
    expect(result.body.data.case.determinations.length).toBeGreaterThanOrEqual(3);
    expect(requests).toBe(1);
  });

  it('a page of 50 cases with their current determinations and criteria results is at most 2 requests', async () => {
    const Q = `{ cases(first: 50) { edges { node { id status currentDetermination { id recommendation criteriaResults { criterionId status } } } } } }`;
    await api.gql(as.nurse(), Q);
    const { result, requests } = await countRequests(() => api.gql(as.nurse(), Q));
    const edges = result.body.data.cases.edges;
    expect(edges).toHaveLength(50);
    for (const e of edges) expect(e.node.currentDetermination.criteriaResults).toHaveLength(8);
    expect(requests).toBeLessThanOrEqual(2);
  });
});
