// Case.notices through the GraphQL handler against DynamoDB Local: every event issues the
// contract's notices, in the same transaction as the change, read with the case in one Query,
// with each line of business's own appeal rights.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../lambda/store/table';
import { allItems, as, countRequests, createTestApi, type TestApi } from '../../support/api';
import { fleschKincaidGrade } from '../../support/readability';
import { APPEAL, EXTEND } from '../../support/workflow';
import { decideRecord, provider, REQUEST_INFO, submit, WITHDRAW } from './helpers';

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
let clock = T0;
let api: TestApi;
const HOUR = 3_600_000;

beforeAll(async () => {
  api = await createTestApi({ now: () => new Date(clock) });
});

type Notice = { kind: string; audience: string; issuedAt: string; determinationVersion: number | null; text: string };
const NOTICES = /* GraphQL */ `query N($id: ID!) { case(id: $id) { id version lineOfBusiness notices { kind audience issuedAt determinationVersion text } } }`;
const notices = async (id: string): Promise<{ lineOfBusiness: string; notices: Notice[] }> => (await api.gql(as.nurse(), NOTICES, { id })).body.data.case;
const kinds = (ns: Notice[]) => ns.map((n) => `${n.kind} ${n.audience}`);
const one = (ns: Notice[], kind: string, audience: string): Notice => {
  const n = ns.find((x) => x.kind === kind && x.audience === audience);
  if (!n) throw new Error(`no ${kind} notice to the ${audience}`);
  return n;
};
const tick = () => (clock += HOUR);

async function deny(id: string, version: number, who = as.physician('dr-first')) {
  tick();
  const r = await decideRecord(api, who, { caseId: id, expectedVersion: version, decision: 'DENIED', reasons: ['The records do not show two qualifying injections.'] });
  expect(r.userErrors).toEqual([]);
  return r;
}

describe('a Medicare Advantage case through information request, extension, denial, appeal and approval on appeal', () => {
  let id = '';
  let read: { lineOfBusiness: string; notices: Notice[] };
  let reports: { version: number; report: string }[] = [];

  beforeAll(async () => {
    const { case: c } = await submit(api, { input: { lineOfBusiness: 'MEDICARE_ADVANTAGE' } });
    id = c.id;
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');
    tick();
    const asked = (await api.gql(as.nurse('nurse-rfi'), REQUEST_INFO, { input: { caseId: id, expectedVersion: c.version, items: ['Second diagnostic injection report', 'SI joint imaging report'], respondByDays: 5 } })).body.data
      .requestAdditionalInformation;
    expect(asked.userErrors).toEqual([]);
    tick();
    const extended = (await api.gql(as.nurse('nurse-rfi'), EXTEND, { input: { caseId: id, expectedVersion: asked.case.version, days: 5, reason: 'Waiting for the imaging report from another clinic.' } })).body.data.extendDueDate;
    expect(extended.userErrors).toEqual([]);
    const denied = await deny(id, extended.case.version);
    tick();
    const appealed = (await api.gql(provider, APPEAL, { input: { caseId: id, expectedVersion: denied.case.version, reason: 'The second injection report is attached.' } })).body.data.appealCase;
    expect(appealed.userErrors).toEqual([]);
    tick();
    const approved = await decideRecord(api, as.physician('dr-appeal'), { caseId: id, expectedVersion: appealed.case.version, decision: 'APPROVED', reasons: ['The second injection confirms the diagnosis.'] });
    expect(approved.userErrors).toEqual([]);
    read = await notices(id);
    reports = (await api.gql(as.nurse(), `query($id: ID!) { case(id: $id) { determinations { version report } } }`, { id })).body.data.case.determinations;
  });

  it('has every notice the contract names, to the audiences it names, oldest first', () => {
    expect(read.lineOfBusiness).toBe('MEDICARE_ADVANTAGE');
    expect(kinds(read.notices)).toEqual([
      'INFORMATION_REQUEST PROVIDER',
      'EXTENSION MEMBER',
      'EXTENSION PROVIDER',
      'DETERMINATION MEMBER',
      'DETERMINATION PROVIDER',
      'APPEAL_RECEIVED PROVIDER',
      'APPEAL_DECISION MEMBER',
      'APPEAL_DECISION PROVIDER',
    ]);
    const issued = read.notices.map((n) => Date.parse(n.issuedAt));
    expect([...issued].sort((a, b) => a - b)).toEqual(issued);
    // The pended submission issued none; decisions name their determination.
    expect(read.notices.map((n) => n.determinationVersion)).toEqual([null, null, null, 2, 2, null, 3, 3]);
  });

  it('says what each event needs said', () => {
    const ns = read.notices;
    const rfi = one(ns, 'INFORMATION_REQUEST', 'PROVIDER').text;
    expect(rfi).toContain('1. Second diagnostic injection report');
    expect(rfi).toContain('2. SI joint imaging report');
    expect(rfi).toContain('Respond by **2026-05-09 10:00 UTC**');
    expect(one(ns, 'EXTENSION', 'PROVIDER').text).toContain('- Reason: Waiting for the imaging report from another clinic.');
    expect(one(ns, 'EXTENSION', 'MEMBER').text).toContain('We will decide by May 16, 2026.');
    const memberDenial = one(ns, 'DETERMINATION', 'MEMBER').text;
    expect(memberDenial).toMatch(/\*\*We denied your request for surgery to fuse your SI joint/);
    expect(memberDenial).toContain('65 days');
    expect(memberDenial).toContain('independent review entity');
    expect(memberDenial).toContain('civil rights');
    expect(fleschKincaidGrade(memberDenial)).toBeLessThanOrEqual(8);
    expect(one(ns, 'DETERMINATION', 'PROVIDER').text).toContain('**Peer-to-peer discussion:**');
    expect(one(ns, 'APPEAL_RECEIVED', 'PROVIDER').text).toContain('The reconsideration was received on');
    expect(one(ns, 'APPEAL_DECISION', 'MEMBER').text).toMatch(/\*\*We approved your request for /);
    const appealDecision = one(ns, 'APPEAL_DECISION', 'PROVIDER').text;
    expect(appealDecision).toContain('**Determination: Approved on appeal — medically necessary.**');
    expect(appealDecision).toMatch(/- Appeal received: 2026-05-04 13:00 UTC; appeal decision due: 2026-06-03 13:00 UTC/);
    expect(appealDecision).not.toMatch(/not medically necessary|updateClinicalFacts|appealCase|UNSURE|NOT_MET/);
  });

  it("the provider's notice of a decision is its determination's report", () => {
    expect(one(read.notices, 'DETERMINATION', 'PROVIDER').text).toBe(reports.find((r) => r.version === 2)?.report);
    expect(one(read.notices, 'APPEAL_DECISION', 'PROVIDER').text).toBe(reports.find((r) => r.version === 3)?.report);
  });

  it('reads the case with its notices in one Query, and stores each notice as an item of its own', async () => {
    const { requests } = await countRequests(() => api.gql(as.nurse(), NOTICES, { id }));
    expect(requests).toBe(1);
    const items = (await allItems(api)).filter((i) => i['pk'] === `CASE#${id}` && i['type'] === 'NOTICE');
    expect(items.map((i) => i['sk'])).toEqual([
      'NOTICE#0002#INFORMATION_REQUEST#PROVIDER',
      'NOTICE#0003#EXTENSION#MEMBER',
      'NOTICE#0003#EXTENSION#PROVIDER',
      'NOTICE#0004#DETERMINATION#MEMBER',
      'NOTICE#0004#DETERMINATION#PROVIDER',
      'NOTICE#0005#APPEAL_RECEIVED#PROVIDER',
      'NOTICE#0006#APPEAL_DECISION#MEMBER',
      'NOTICE#0006#APPEAL_DECISION#PROVIDER',
    ]);
  });

  it('the provider reads the notices of its case; an analyst reads none', async () => {
    expect((await api.gql(provider, NOTICES, { id })).body.data.case.notices).toHaveLength(8);
    const analyst = await api.gql(as.analyst(), NOTICES, { id });
    expect(analyst.body.data?.case?.notices).toBeUndefined();
    expect(analyst.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('each line of business shows its own appeal rights', () => {
  const cases = [
    { lob: undefined, expected: 'COMMERCIAL', rights: ['internal appeal', '180 days', 'external review', '4 months'], statements: false },
    { lob: 'EXCHANGE', expected: 'EXCHANGE', rights: ['internal appeal', '180 days', 'external review', '4 months'], statements: true },
    { lob: 'MEDICAID', expected: 'MEDICAID', rights: ['60 days', 'State fair hearing', '120 days'], statements: true },
  ] as const;
  for (const t of cases) {
    it(`${t.expected}${t.lob ? '' : ' (by default)'}`, async () => {
      const { case: c } = await submit(api, { input: t.lob ? { lineOfBusiness: t.lob } : {} });
      await deny(c.id, c.version);
      const read = await notices(c.id);
      expect(read.lineOfBusiness).toBe(t.expected);
      expect(kinds(read.notices)).toEqual(['DETERMINATION MEMBER', 'DETERMINATION PROVIDER']);
      for (const n of read.notices) {
        for (const r of t.rights) expect(n.text, `${n.audience}: ${r}`).toContain(r);
        expect(n.text).not.toContain(t.expected === 'MEDICAID' ? 'external review' : 'State fair hearing');
        expect(n.text).not.toContain('independent review entity');
      }
      expect(one(read.notices, 'DETERMINATION', 'MEMBER').text.includes('civil rights')).toBe(t.statements);
    });
  }
});

describe('other events', () => {
  it('an automatic approval issues its determination to both; a pended submission issues none', async () => {
    const { case: approved } = await submit(api, { approve: true });
    expect(approved.status).toBe('APPROVED');
    expect(kinds((await notices(approved.id)).notices)).toEqual(['DETERMINATION MEMBER', 'DETERMINATION PROVIDER']);
    const { case: pended } = await submit(api);
    expect((await notices(pended.id)).notices).toEqual([]);
  });

  it('a withdrawal issues its notice to the provider: withdrawn, nothing decided', async () => {
    const { case: c } = await submit(api);
    tick();
    const w = (await api.gql(provider, WITHDRAW, { input: { caseId: c.id, expectedVersion: c.version, reason: 'The patient chose physical therapy.' } })).body.data.withdrawCase;
    expect(w.userErrors).toEqual([]);
    const [n, ...rest] = (await notices(c.id)).notices;
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ kind: 'WITHDRAWAL', audience: 'PROVIDER', determinationVersion: null });
    expect(n?.text).toContain('no determination was made');
    expect(n?.text).not.toContain('Pending additional information');
  });

  it('a change that loses a race writes none of its notices', async () => {
    const { case: c } = await submit(api);
    tick();
    const ask = (sub: string) => api.gql(as.nurse(sub), REQUEST_INFO, { input: { caseId: c.id, expectedVersion: c.version, items: [`Report asked by ${sub}`] } });
    const results = await Promise.all([ask('nurse-a'), ask('nurse-b'), ask('nurse-c')]);
    const won = results.filter((r) => r.body.data?.requestAdditionalInformation?.userErrors?.length === 0);
    expect(won).toHaveLength(1);
    const ns = (await notices(c.id)).notices;
    expect(kinds(ns)).toEqual(['INFORMATION_REQUEST PROVIDER']);
    expect(ns[0]?.text).toContain(won[0]!.body.data.requestAdditionalInformation.case.informationRequest.items[0]);
  });

  it("member notices give the configured plan's name and phone (PLAN_NAME, PLAN_PHONE)", async () => {
    const configured = await createTestApi({ now: () => new Date(clock), plan: { name: 'Acme Health', phone: '1-888-555-0199' } });
    const { case: c } = await submit(configured, { approve: true, input: { lineOfBusiness: 'MEDICAID' } });
    const member = (await configured.gql(as.nurse(), NOTICES, { id: c.id })).body.data.case.notices.find((n: Notice) => n.audience === 'MEMBER');
    expect(member.text).toContain('Call Acme Health at 1-888-555-0199.');
    expect(member.text).toContain('Acme Health follows federal civil rights laws.');
  });

  it('a case stored before lines of business existed reads as COMMERCIAL', async () => {
    const { case: c } = await submit(api);
    await api.handler.db.send(new UpdateCommand({ TableName: api.tableName, Key: keys.case(c.id), UpdateExpression: 'REMOVE lineOfBusiness' }));
    expect((await notices(c.id)).lineOfBusiness).toBe('COMMERCIAL');
  });
});
