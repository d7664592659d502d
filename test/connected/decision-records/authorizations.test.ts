import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorizationNumber } from '../../../lambda/core/decision-records/authorization';
import { allItems, as, countRequests, createTestApi, type TestApi } from '../../support/api';
import { CASE_RECORD, decideRecord, provider, submit, SUBMIT_RECORD } from './helpers';

let clock = Date.parse('2026-05-04T09:00:00.000Z');
let api: TestApi;
const dr = as.physician('dr-auth');

beforeAll(async () => {
  api = await createTestApi({ now: () => new Date(clock) });
});

const authItems = async () => (await allItems(api)).filter((i) => i.type === 'AUTH');

describe('authorizations', () => {
  it('an automatic approval has a number and a validity period from the policy, the same on every read', async () => {
    const { case: c } = await submit(api, { approve: true });
    expect(c.status).toBe('APPROVED');
    const a = c.authorization;
    expect(a).toEqual({
      number: expect.stringMatching(/^PA-2026-[0-9A-HJKMNP-TV-Z]{8}$/),
      validFrom: '2026-05-04',
      // sij-fusion v1 declares 90 days.
      validTo: '2026-08-02',
      cptCode: '27279',
      units: 1,
      approvedSetting: 'OUTPATIENT',
      approvedInpatientDays: 0,
      lines: [{ cptCode: '27279', units: 1, approvedSetting: 'OUTPATIENT', approvedInpatientDays: 0 }],
    });
    expect(c.currentDetermination).toMatchObject({ source: 'ENGINE', reviewAction: 'A1', authorization: a, denialReasons: [], reviewer: null });
    for (let i = 0; i < 2; i++) {
      const read = await api.gql(provider, CASE_RECORD, { id: c.id });
      expect(read.body.data.case.authorization).toEqual(a);
      expect(read.body.data.case.determinations[0].authorization).toEqual(a);
    }
    const claimed = await authItems();
    expect(claimed.filter((i) => i.caseId === c.id).map((i) => i.pk)).toEqual([`AUTH#${a.number}`]);
  });

  it('starts on the planned service date when it is later than the decision day', async () => {
    const { case: c } = await submit(api, { approve: true, input: { plannedServiceDate: '2026-06-15' } });
    expect(c.plannedServiceDate).toBe('2026-06-15');
    expect(c.authorization).toMatchObject({ validFrom: '2026-06-15', validTo: '2026-09-13' });
  });

  it('refuses a planned service date that is not a date, and writes nothing', async () => {
    const before = (await allItems(api)).length;
    const res = await api.gql(provider, SUBMIT_RECORD, { input: (await import('../../support/fixtures')).submitInput({ plannedServiceDate: '2026-02-30' }) });
    expect(res.body.errors?.[0]?.extensions?.code ?? res.body.data.submitCase.userErrors[0].code).toMatch(/BAD_USER_INPUT|INVALID_FORMAT/);
    expect((await allItems(api)).length).toBe(before);
  });

  it('a retried submission (same idempotency key) returns the same number and claims nothing more', async () => {
    const { case: c, input } = await submit(api, { approve: true });
    const n = (await authItems()).length;
    const again = await api.gql(provider, SUBMIT_RECORD, { input });
    expect(again.body.data.submitCase.case.id).toBe(c.id);
    expect(again.body.data.submitCase.case.authorization).toEqual(c.authorization);
    expect((await authItems()).length).toBe(n);
  });

  it('a physician’s approval issues one; the same request again changes nothing and the number stays', async () => {
    const { case: c } = await submit(api);
    expect(c.authorization).toBeNull();
    const approve = { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['Criteria met on review'] };
    const { result: first, requests } = await countRequests(() => decideRecord(api, dr, approve));
    expect(first.userErrors).toEqual([]);
    const a = first.determination.authorization;
    expect(a).toMatchObject({ approvedSetting: 'INPATIENT', approvedInpatientDays: 2, cptCode: '27279', units: 1 });
    expect(first.case.authorization).toEqual(a);
    expect(first.determination.denialReasons).toEqual([]);
    // Budget: the case collection read, the policy read (cached) and the one transaction.
    expect(requests).toBeLessThanOrEqual(3);
    const items = (await allItems(api)).length;
    const retry = await decideRecord(api, dr, approve);
    expect(retry.userErrors.map((e: { code: string }) => e.code)).toEqual(['VERSION_CONFLICT']);
    expect((await allItems(api)).length).toBe(items);
    const read = await api.gql(provider, CASE_RECORD, { id: c.id });
    expect(read.body.data.case.authorization.number).toBe(a.number);
  });

  it('50 concurrent approvals of 50 cases give 50 distinct numbers, each claimed once', async () => {
    const cases = await Promise.all(Array.from({ length: 50 }, () => submit(api).then((s) => s.case)));
    const decided = await Promise.all(
      // Inpatient care against the engine's outpatient verdict: each physician gives a reason.
      cases.map((c, i) => decideRecord(api, as.physician(`dr-${i % 5}`), { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['Inpatient stay justified'] })),
    );
    const numbers = decided.map((d) => d.case.authorization.number as string);
    expect(new Set(numbers).size).toBe(50);
    const claimed = new Map((await authItems()).map((i) => [String(i.pk).slice(5), i.caseId]));
    decided.forEach((d) => expect(claimed.get(d.case.authorization.number)).toBe(d.case.id));
  });

  it('on a number already held by another case, the next salt is used and the holder is untouched', async () => {
    const { case: c } = await submit(api);
    const taken = authorizationNumber(c.id, 2, 0, 2026);
    await api.handler.db.send(
      new PutCommand({ TableName: api.tableName, Item: { pk: `AUTH#${taken}`, sk: 'AUTH', type: 'AUTH', caseId: 'another-case', determinationVersion: 1 } }),
    );
    const d = await decideRecord(api, dr, { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['Inpatient stay justified'] });
    expect(d.userErrors).toEqual([]);
    expect(d.case.authorization.number).toBe(authorizationNumber(c.id, 2, 1, 2026));
    const holder = (await authItems()).find((i) => i.pk === `AUTH#${taken}`);
    expect(holder?.caseId).toBe('another-case');
  });

  it('a partial approval to outpatient is A6 with an authorization for 0 inpatient days', async () => {
    const { case: c } = await submit(api);
    const d = await decideRecord(api, dr, {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'PARTIALLY_APPROVED',
      approvedSetting: 'OUTPATIENT',
      reasons: ['Outpatient fusion is adequate for this patient'],
    });
    expect(d.userErrors).toEqual([]);
    expect(d.determination.reviewAction).toBe('A6');
    expect(d.determination.authorization).toMatchObject({ approvedSetting: 'OUTPATIENT', approvedInpatientDays: 0 });
    expect(d.case.status).toBe('PARTIALLY_APPROVED');
    const codes = d.determination.denialReasons.map((r: { code: string }) => r.code);
    expect(codes).toContain('LEVEL_OF_CARE');
    expect(codes.at(-1)).toBe('REVIEWER_REASON');
  });

  it('a partial approval with the same setting and fewer days is A2', async () => {
    const { case: c } = await submit(api);
    const d = await decideRecord(api, dr, {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'PARTIALLY_APPROVED',
      approvedSetting: 'INPATIENT',
      approvedInpatientDays: 1,
      reasons: ['One night suffices'],
    });
    expect(d.determination.reviewAction).toBe('A2');
    expect(d.determination.authorization).toMatchObject({ approvedSetting: 'INPATIENT', approvedInpatientDays: 1 });
    expect(d.determination.denialReasons.find((r: { code: string }) => r.code === 'LEVEL_OF_CARE').text).toContain('1 inpatient day is certified');
  });

  it('a denial issues none; approval on appeal issues a new one that becomes the case’s', async () => {
    const { case: c } = await submit(api);
    const denied = await decideRecord(api, dr, { caseId: c.id, expectedVersion: c.version, decision: 'DENIED', reasons: ['Only one injection documented'] });
    expect(denied.determination.authorization).toBeNull();
    expect(denied.case.authorization).toBeNull();
    const appeal = await api.gql(provider, 'mutation A($i: AppealCaseInput!) { appealCase(input: $i) { case { version } } }', {
      i: { caseId: c.id, expectedVersion: denied.case.version, reason: 'Second injection done' },
    });
    clock += 24 * 3_600_000;
    const onAppeal = await decideRecord(api, as.physician('dr-other'), {
      caseId: c.id,
      expectedVersion: appeal.body.data.appealCase.case.version,
      decision: 'APPROVED',
      reasons: ['Overturned'],
    });
    expect(onAppeal.case.status).toBe('APPROVED_ON_APPEAL');
    expect(onAppeal.determination.reviewAction).toBe('A1');
    expect(onAppeal.case.authorization).toEqual(onAppeal.determination.authorization);
    expect(onAppeal.case.authorization.validFrom).toBe('2026-05-05');
  });
});
