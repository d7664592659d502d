import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { APPEAL, EXTEND } from '../../support/workflow';
import { AUDIT, CASE_RECORD, decideRecord, provider, REQUEST_INFO, submit, UPDATE_FACTS_RECORD, WITHDRAW } from './helpers';

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
let clock = T0;
let api: TestApi;
const DAY = 24 * 3_600_000;

beforeAll(async () => {
  api = await createTestApi({ now: () => new Date(clock) });
});

const rfi = (who = as.nurse('nurse-rfi'), input: Record<string, unknown>) => api.gql(who, REQUEST_INFO, { input }).then((r) => r.body.data?.requestAdditionalInformation ?? r.body);
const withdraw = (who = provider, input: Record<string, unknown>) => api.gql(who, WITHDRAW, { input }).then((r) => r.body.data?.withdrawCase ?? r.body);
const queue = async (status: string) =>
  (await api.gql(as.nurse(), `query($s: [CaseStatus!]) { cases(filter: { status: $s }, first: 100) { edges { node { id } } } }`, { s: [status] })).body.data.cases.edges.map(
    (e: { node: { id: string } }) => e.node.id,
  );

describe('requests for additional information', () => {
  it('a reviewer asks; the case is PENDING_INFORMATION with the items and respond-by date; updated facts answer and re-evaluate', async () => {
    const { case: c } = await submit(api);
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');
    const asked = await rfi(as.physician('dr-rfi'), { caseId: c.id, expectedVersion: c.version, items: ['  Second diagnostic injection report ', 'SI joint imaging'], respondByDays: 5 });
    expect(asked.userErrors).toEqual([]);
    expect(asked.case).toMatchObject({
      status: 'PENDING_INFORMATION',
      version: c.version + 1,
      informationRequest: {
        items: ['Second diagnostic injection report', 'SI joint imaging'],
        requestedAt: new Date(clock).toISOString(),
        requestedBy: 'dr-rfi',
        respondBy: new Date(clock + 5 * DAY).toISOString(),
      },
    });
    // No determination is appended; the queue moved.
    expect(asked.case.currentDetermination.version).toBe(1);
    expect(await queue('PENDING_INFORMATION')).toContain(c.id);
    expect(await queue('PENDING_PHYSICIAN_REVIEW')).not.toContain(c.id);

    clock += DAY;
    const answered = await api.gql(provider, UPDATE_FACTS_RECORD, { input: { caseId: c.id, expectedVersion: asked.case.version, clinicalFacts: allMetFacts } });
    const u = answered.body.data.updateClinicalFacts;
    expect(u.userErrors).toEqual([]);
    expect(u.case.informationRequest).toBeNull();
    expect(u.case.currentDetermination.version).toBe(2);
    const audit = (await api.gql(as.nurse(), AUDIT, { id: c.id })).body.data.case.auditTrail;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['SUBMIT_CASE', 'REQUEST_ADDITIONAL_INFORMATION', 'UPDATE_CLINICAL_FACTS']);
    expect(audit[1]).toMatchObject({ actor: 'dr-rfi', fromStatus: 'PENDING_PHYSICIAN_REVIEW', toStatus: 'PENDING_INFORMATION', determinationVersion: null });
  });

  it('defaults to 14 days; refuses bad items with their path and changes nothing', async () => {
    const { case: c } = await submit(api);
    const before = (await allItems(api)).length;
    for (const [items, path] of [
      [[], ['input', 'items']],
      [['ok', '\u200b  '], ['input', 'items', '1']],
      [['x'.repeat(501)], ['input', 'items', '0']],
      [Array.from({ length: 21 }, (_, i) => `item ${i}`), ['input', 'items']],
    ] as const) {
      const r = await rfi(undefined, { caseId: c.id, expectedVersion: c.version, items });
      expect(r.case).toBeNull();
      expect(r.userErrors[0].field).toEqual(path);
    }
    const bad = await rfi(undefined, { caseId: c.id, expectedVersion: c.version, items: ['a'], respondByDays: 15 });
    expect(bad.userErrors[0]).toMatchObject({ code: 'OUT_OF_RANGE', field: ['input', 'respondByDays'] });
    expect((await allItems(api)).length).toBe(before);
    const ok = await rfi(undefined, { caseId: c.id, expectedVersion: c.version, items: ['Imaging'] });
    expect(ok.case.informationRequest.respondBy).toBe(new Date(clock + 14 * DAY).toISOString());
  });

  it('is for reviewers, before the first decision only', async () => {
    const { case: c } = await submit(api);
    const byProvider = await api.gql(provider, REQUEST_INFO, { input: { caseId: c.id, expectedVersion: c.version, items: ['x'] } });
    expect(byProvider.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const denied = await decideRecord(api, as.physician('dr-d'), { caseId: c.id, expectedVersion: c.version, decision: 'DENIED', reasons: ['Not met'] });
    const r = await rfi(undefined, { caseId: c.id, expectedVersion: denied.case.version, items: ['x'] });
    expect(r.userErrors[0].code).toBe('CASE_NOT_PENDING');
    const appealed = await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: denied.case.version, reason: 'New records' } });
    const onAppeal = await rfi(undefined, { caseId: c.id, expectedVersion: appealed.body.data.appealCase.case.version, items: ['x'] });
    expect(onAppeal.userErrors[0].code).toBe('CASE_NOT_PENDING');
  });

  it('a decision closes an open request, and the determination records the request it was made under', async () => {
    const { case: c } = await submit(api);
    const asked = await rfi(undefined, { caseId: c.id, expectedVersion: c.version, items: ['Imaging'] });
    const d = await decideRecord(api, as.physician('dr-e'), { caseId: c.id, expectedVersion: asked.case.version, decision: 'APPROVED', reasons: ['Inpatient stay justified'] });
    expect(d.case.informationRequest).toBeNull();
    const stored = (await allItems(api)).find((i) => i.type === 'DETERMINATION' && i.caseId === c.id && i.version === 2);
    expect(stored).toMatchObject({ informationRequest: { items: ['Imaging'] }, onAppeal: false, criterionOverrides: [] });
  });
});

describe('withdrawal', () => {
  it('the provider withdraws a pending case: WITHDRAWN, out of the work queues, audited, counted, and closed to every change', async () => {
    const { case: c } = await submit(api);
    expect(await queue('PENDING_PHYSICIAN_REVIEW')).toContain(c.id);
    const w = await withdraw(provider, { caseId: c.id, expectedVersion: c.version, reason: 'Patient chose conservative care' });
    expect(w.userErrors).toEqual([]);
    expect(w.case).toMatchObject({
      status: 'WITHDRAWN',
      decidedAt: null,
      authorization: null,
      withdrawal: { reason: 'Patient chose conservative care', withdrawnAt: new Date(clock).toISOString(), withdrawnBy: `prov-user-PRV-DEMO-001` },
    });
    expect(await queue('PENDING_PHYSICIAN_REVIEW')).not.toContain(c.id);
    expect(await queue('WITHDRAWN')).toContain(c.id);
    const overdue = (await api.gql(as.nurse(), `{ cases(filter: { overdue: true }, first: 100) { edges { node { id } } } }`)).body.data.cases.edges;
    expect(overdue.map((e: { node: { id: string } }) => e.node.id)).not.toContain(c.id);
    const audit = (await api.gql(as.nurse(), AUDIT, { id: c.id })).body.data.case.auditTrail;
    expect(audit.at(-1)).toMatchObject({ action: 'WITHDRAW_CASE', fromStatus: 'PENDING_PHYSICIAN_REVIEW', toStatus: 'WITHDRAWN' });

    const day = new Date(clock).toISOString().slice(0, 10);
    const stats = await api.gql(as.analyst(), `query($f: StatsFilter!) { determinationStats(filter: $f) { byStatus { status count } } }`, { f: { from: day, to: day } });
    expect(stats.body.data.determinationStats.byStatus.find((s: { status: string }) => s.status === 'WITHDRAWN').count).toBeGreaterThanOrEqual(1);

    const v = w.case.version;
    const before = (await allItems(api)).length;
    const attempts = [
      await api.gql(provider, UPDATE_FACTS_RECORD, { input: { caseId: c.id, expectedVersion: v, clinicalFacts: referenceFacts } }).then((r) => r.body.data.updateClinicalFacts),
      await decideRecord(api, as.physician('dr-w'), { caseId: c.id, expectedVersion: v, decision: 'APPROVED' }),
      await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: v, reason: 'x' } }).then((r) => r.body.data.appealCase),
      await api.gql(as.nurse(), EXTEND, { input: { caseId: c.id, expectedVersion: v, days: 2, reason: 'x' } }).then((r) => r.body.data.extendDueDate),
      await rfi(undefined, { caseId: c.id, expectedVersion: v, items: ['x'] }),
      await withdraw(provider, { caseId: c.id, expectedVersion: v, reason: 'again' }),
    ];
    for (const a of attempts) expect(a.userErrors.map((e: { code: string }) => e.code)).toEqual(['CASE_CLOSED']);
    expect((await allItems(api)).length).toBe(before);
  });

  it('needs a visible reason, the case’s own provider, and a case awaiting its first decision', async () => {
    const { case: c } = await submit(api);
    const blank = await withdraw(provider, { caseId: c.id, expectedVersion: c.version, reason: ' \u200b ' });
    expect(blank.userErrors).toMatchObject([{ code: 'REASON_REQUIRED', field: ['input', 'reason'] }]);
    const other = await withdraw(as.provider('PRV-OTHER'), { caseId: c.id, expectedVersion: c.version, reason: 'mine' });
    expect(other.userErrors[0].code).toBe('CASE_NOT_FOUND');
    const nurse = await api.gql(as.nurse(), WITHDRAW, { input: { caseId: c.id, expectedVersion: c.version, reason: 'x' } });
    expect(nurse.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { case: approved } = await submit(api, { approve: true });
    expect((await withdraw(provider, { caseId: approved.id, expectedVersion: approved.version, reason: 'x' })).userErrors[0].code).toBe('CASE_ALREADY_DECIDED');
    const read = await api.gql(provider, CASE_RECORD, { id: c.id });
    expect(read.body.data.case.status).toBe('PENDING_PHYSICIAN_REVIEW');
  });
});
