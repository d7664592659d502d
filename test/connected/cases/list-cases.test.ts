import { beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';

const LIST = /* GraphQL */ `
  query List($first: Int, $after: String, $filter: CaseFilter) {
    cases(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id providerId receivedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

let api: TestApi;
let t = Date.parse('2026-01-30T10:00:00.000Z');
const ids: Record<string, string[]> = { A: [], B: [] };

beforeAll(async () => {
  // Cases received across two months, an hour apart, newest last.
  api = await createTestApi({ now: () => new Date(t) });
  for (let i = 0; i < 7; i++) {
    const p = i % 2 === 0 ? 'A' : 'B';
    const res = await api.gql(as.provider(`PRV-${p}`), SUBMIT, { input: submitInput({ providerId: `PRV-${p}` }) });
    ids[p]!.push(res.body.data.submitCase.case.id);
    t += 24 * 3_600_000;
  }
});

async function listAll(claims: Parameters<TestApi['gql']>[0], first: number, filter?: object) {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { body: { data?: any } } = await api.gql(claims, LIST, { first, after, filter });
    const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.body.data.cases;
    seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

describe('cases listing', () => {
  it('lists every case newest first across month partitions, page by page, without gaps or repeats', async () => {
    const all = await listAll(as.nurse(), 3);
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    const expected = [0, 1, 2, 3, 4, 5, 6].map((i) => (i % 2 === 0 ? ids.A![i / 2] : ids.B![(i - 1) / 2])).reverse();
    expect(all).toEqual(expected);
  });

  it('confines a provider to its own cases', async () => {
    const mine = await listAll(as.provider('PRV-A'), 2);
    expect([...mine].sort()).toEqual([...ids.A!].sort());
    const asksOther = await api.gql(as.provider('PRV-A'), LIST, { filter: { providerId: 'PRV-B' } });
    expect(asksOther.body.data.cases.edges).toEqual([]);
  });

  it('refuses first outside 1..100 and a tampered cursor with BAD_USER_INPUT', async () => {
    for (const first of [0, 101]) {
      const res = await api.gql(as.nurse(), LIST, { first });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const page = (await api.gql(as.nurse(), LIST, { first: 2 })).body.data.cases;
    const decoded = JSON.parse(Buffer.from(page.pageInfo.endCursor, 'base64url').toString());
    decoded.k.gsi4pk = 'RECEIVED#1999-01';
    const tampered = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    for (const after of [tampered, 'not-a-cursor', '']) {
      const res = await api.gql(as.nurse(), LIST, { first: 2, after: after || 'e30' });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
