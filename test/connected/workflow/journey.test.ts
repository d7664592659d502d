import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { CASE_HISTORY, SUBMIT_WITH_DETERMINATION, submitInput } from '../../support/fixtures';
import { APPEAL, EXTEND, UPDATE_FACTS, decide } from '../../support/workflow';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';

let clock = Date.parse('2026-05-04T09:00:00.000Z');
const HOUR = 3_600_000;
let api: TestApi;
const provider = as.provider('PRV-DEMO-001');
const drA = as.physician('dr-a');
const drB = as.physician('dr-b');

beforeAll(async () => {
  api = await createTestApi({ now: () => new Date(clock) });
});

async function submitReference(overrides: Record<string, unknown> = {}) {
  const res = await api.gql(provider, SUBMIT_WITH_DETERMINATION, {
    input: submitInput({ clinicalFacts: referenceFacts, requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 }, ...overrides }),
  });
  return res.body.data.submitCase.case as { id: string; version: number; status: string };
}

describe('the reference case’s whole journey', () => {
  it('submit → physician review → denial with a reason → appeal → approval on appeal by another physician', async () => {
    const submittedAt = clock;
    const c = await submitReference();
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');

    clock += 20 * HOUR;
    const denial = await decide(api, drA, {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'DENIED',
      reasons: ['Criterion TWO_DIAGNOSTIC_INJECTIONS not met: only one diagnostic injection is documented.'],
    });
    expect(denial.payload.userErrors).toEqual([]);
    expect(denial.payload.case).toMatchObject({ status: 'DENIED', version: 2, decidedAt: new Date(submittedAt + 20 * HOUR).toISOString() });
    expect(denial.payload.determination).toMatchObject({ source: 'REVIEWER', decision: 'DENIED', decidedBy: 'dr-a', reviewAction: 'A3', version: 2 });
    expect(denial.payload.determination.levelOfCare).toMatchObject({ approvedInpatientDays: 0, inpatientIndicated: false });

    clock += 2 * HOUR;
    const appeal = await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: 2, reason: 'A second injection was performed.' } });
    const appealed = appeal.body.data.appealCase.case;
    expect(appealed.status).toBe('APPEAL_PENDING');
    expect(appealed.appeal.dueAt).toBe(new Date(clock + 30 * 24 * HOUR).toISOString());

    const sameDoctor = await decide(api, drA, { caseId: c.id, expectedVersion: 3, decision: 'APPROVED' });
    expect(sameDoctor.payload.userErrors[0].code).toBe('SAME_REVIEWER_ON_APPEAL');
    const nurse = await decide(api, as.nurse(), { caseId: c.id, expectedVersion: 3, decision: 'APPROVED' });
    expect(nurse.code).toBe('FORBIDDEN');

    clock += 5 * HOUR;
    const overturned = await decide(api, drB, {
      caseId: c.id,
      expectedVersion: 3,
      decision: 'APPROVED',
      reasons: ['Second confirmatory injection documented on appeal.'],
      criterionOverrides: [{ criterionId: 'TWO_DIAGNOSTIC_INJECTIONS', status: 'MET', rationale: 'Second injection with 85% relief submitted on appeal.' }],
    });
    expect(overturned.payload.userErrors).toEqual([]);
    expect(overturned.payload.case).toMatchObject({ status: 'APPROVED_ON_APPEAL', version: 4 });
    expect(overturned.payload.case.appeal).toEqual({ decidedAt: new Date(clock).toISOString(), decidedBy: 'dr-b' });
    expect(overturned.payload.determination).toMatchObject({ decision: 'APPROVED', reviewAction: 'A1', decidedBy: 'dr-b', metCount: 4 });

    const hist = (await api.gql(as.nurse(), CASE_HISTORY, { id: c.id })).body.data.case;
    expect(hist.determinations.map((d: { version: number; source: string; decision: string | null }) => [d.version, d.source, d.decision])).toEqual([
      [1, 'ENGINE', null],
      [2, 'REVIEWER', 'DENIED'],
      [3, 'REVIEWER', 'APPROVED'],
    ]);
    expect(hist.currentDetermination).toMatchObject({ version: 3, source: 'REVIEWER' });
    expect(hist.auditTrail.map((a: { action: string; toStatus: string; actor: string }) => [a.action, a.toStatus, a.actor])).toEqual([
      ['SUBMIT_CASE', 'PENDING_PHYSICIAN_REVIEW', 'prov-user-PRV-DEMO-001'],
      ['RECORD_DECISION', 'DENIED', 'dr-a'],
      ['APPEAL_CASE', 'APPEAL_PENDING', 'prov-user-PRV-DEMO-001'],
      ['RECORD_DECISION', 'APPROVED_ON_APPEAL', 'dr-b'],
    ]);
    for (const a of hist.auditTrail) expect(a.correlationId).toBeTruthy();
    // The first determination is never rewritten.
    expect(hist.determinations[0].criteriaResults.find((r: { criterionId: string }) => r.criterionId === 'TWO_DIAGNOSTIC_INJECTIONS').status).toBe('NOT_MET');
    // The appeal is decided once.
    const again = await decide(api, drB, { caseId: c.id, expectedVersion: 4, decision: 'DENIED', reasons: ['x'] });
    expect(again.payload.userErrors[0].code).toBe('CASE_ALREADY_DECIDED');
  });
});

describe('decision rules', () => {
  it('lets a nurse approve what the criteria support but never deny or partially approve', async () => {
    const c = await submitReference();
    const deny = await decide(api, as.nurse(), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['no'] });
    expect(deny.code).toBe('FORBIDDEN');
    const partial = await decide(api, as.nurse(), { caseId: c.id, expectedVersion: 1, decision: 'PARTIALLY_APPROVED', reasons: ['x'], approvedSetting: 'OUTPATIENT' });
    expect(partial.code).toBe('FORBIDDEN');
    // The reference case has criteria NOT_MET and asks for more than the verdict: a physician's decision.
    const beyond = await decide(api, as.nurse(), { caseId: c.id, expectedVersion: 1, decision: 'APPROVED' });
    expect(beyond.payload.userErrors.map((e: { code: string }) => e.code)).toEqual(['PHYSICIAN_REVIEW_REQUIRED']);
    // Every criterion met but nicotine status (UNSURE), outpatient: the nurse confirms it and approves.
    const unsure = await submitReference({ clinicalFacts: { ...allMetFacts, nicotine: { status: 'UNKNOWN' } }, requestedLevelOfCare: { setting: 'OUTPATIENT' } });
    expect(unsure.status).toBe('PENDING_INFORMATION');
    const ok = await decide(api, as.nurse(), {
      caseId: unsure.id,
      expectedVersion: 1,
      decision: 'APPROVED',
      criterionOverrides: [{ criterionId: 'NICOTINE_FREE', status: 'MET', rationale: 'Never smoked, confirmed by phone with the surgeon’s office' }],
    });
    expect(ok.payload.case.status).toBe('APPROVED');
    expect(ok.payload.determination.reviewAction).toBe('A1');
  });

  it('needs a reason for denials and partial approvals (REASON_REQUIRED)', async () => {
    const c = await submitReference();
    for (const decision of ['DENIED', 'PARTIALLY_APPROVED']) {
      const r = await decide(api, drA, { caseId: c.id, expectedVersion: 1, decision, reasons: [], approvedSetting: 'OUTPATIENT' });
      expect(r.payload.userErrors[0].code).toBe('REASON_REQUIRED');
    }
  });

  it('records a partial approval with the approved setting and days (a changed setting is A6, Da Vinci PAS 2.2)', async () => {
    const c = await submitReference({ requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 3 } });
    const r = await decide(api, drA, { caseId: c.id, expectedVersion: 1, decision: 'PARTIALLY_APPROVED', reasons: ['MCG: ambulatory procedure'], approvedSetting: 'OUTPATIENT' });
    expect(r.payload.case.status).toBe('PARTIALLY_APPROVED');
    expect(r.payload.determination).toMatchObject({ reviewAction: 'A6', levelOfCare: { recommendedSetting: 'OUTPATIENT', approvedInpatientDays: 0 } });
    const same = await decide(api, drA, { caseId: c.id, expectedVersion: 2, decision: 'APPROVED' });
    expect(same.payload.userErrors[0].code).toBe('CASE_ALREADY_DECIDED');
  });

  it('refuses a stale expectedVersion with VERSION_CONFLICT and an unknown override criterion', async () => {
    const c = await submitReference();
    const stale = await decide(api, drA, { caseId: c.id, expectedVersion: 7, decision: 'APPROVED' });
    expect(stale.payload.userErrors[0]).toMatchObject({ code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] });
    const bad = await decide(api, drA, {
      caseId: c.id,
      expectedVersion: 1,
      decision: 'APPROVED',
      reasons: ['Reviewed'],
      criterionOverrides: [{ criterionId: 'NOPE', status: 'MET', rationale: 'r' }],
    });
    expect(bad.payload.userErrors[0]).toMatchObject({ code: 'UNKNOWN_CRITERION' });
  });

  it('lets only the case’s provider appeal, only an adverse decision', async () => {
    const c = await submitReference();
    const early = await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: 1, reason: 'r' } });
    expect(early.body.data.appealCase.userErrors[0].code).toBe('NOT_APPEALABLE');
    await decide(api, drA, { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] });
    const other = await api.gql(as.provider('PRV-OTHER'), APPEAL, { input: { caseId: c.id, expectedVersion: 2, reason: 'r' } });
    expect(other.body.data.appealCase.userErrors[0].code).toBe('CASE_NOT_FOUND');
    const reviewer = await api.gql(drB, APPEAL, { input: { caseId: c.id, expectedVersion: 2, reason: 'r' } });
    expect(reviewer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noReason = await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: 2, reason: '  ' } });
    expect(noReason.body.data.appealCase.userErrors[0].code).toBe('REASON_REQUIRED');
    const expedited = await submitReference({ urgency: 'EXPEDITED' });
    await decide(api, drA, { caseId: expedited.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] });
    const e = await api.gql(provider, APPEAL, { input: { caseId: expedited.id, expectedVersion: 2, reason: 'urgent' } });
    expect(e.body.data.appealCase.case.appeal.dueAt).toBe(new Date(clock + 72 * HOUR).toISOString());
    const upheld = await decide(api, drB, { caseId: expedited.id, expectedVersion: 3, decision: 'DENIED', reasons: ['Still not met'] });
    expect(upheld.payload.case.status).toBe('DENIAL_UPHELD');
  });
});

describe('updateClinicalFacts', () => {
  it('re-evaluates against the pinned version and appends a determination; approval when all met', async () => {
    const c = await submitReference({ requestedLevelOfCare: { setting: 'OUTPATIENT' } });
    const r = await api.gql(provider, UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 1, clinicalFacts: allMetFacts } });
    const u = r.body.data.updateClinicalFacts;
    expect(u.userErrors).toEqual([]);
    expect(u.case).toMatchObject({ version: 2, status: 'APPROVED', currentDetermination: { version: 2, source: 'ENGINE', recommendation: 'MEDICALLY_NECESSARY', metCount: 8 } });
    expect(u.case.decidedAt).toBe(new Date(clock).toISOString());
    const late = await api.gql(provider, UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 2, clinicalFacts: referenceFacts } });
    expect(late.body.data.updateClinicalFacts.userErrors[0].code).toBe('CASE_NOT_PENDING');
  });

  it('validates facts, refuses stale versions and other providers, and changes nothing then', async () => {
    const c = await submitReference();
    const before = await allItems(api);
    const bad = await api.gql(provider, UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 1, clinicalFacts: { painScoreNrs: 99 } } });
    expect(bad.body.data.updateClinicalFacts.userErrors[0]).toMatchObject({ field: ['input', 'clinicalFacts', 'painScoreNrs'], code: 'FACT_OUT_OF_RANGE' });
    const stale = await api.gql(provider, UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 3, clinicalFacts: referenceFacts } });
    expect(stale.body.data.updateClinicalFacts.userErrors[0].code).toBe('VERSION_CONFLICT');
    const other = await api.gql(as.provider('PRV-OTHER'), UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 1, clinicalFacts: referenceFacts } });
    expect(other.body.data.updateClinicalFacts.userErrors[0].code).toBe('CASE_NOT_FOUND');
    expect(await allItems(api)).toEqual(before);
  });
});

describe('due-date extension', () => {
  it('extends a standard case once, by at most 14 days, with a reason', async () => {
    const c = await submitReference();
    const history = (await api.gql(as.nurse(), CASE_HISTORY, { id: c.id })).body.data.case;
    const tooLong = await api.gql(as.nurse(), EXTEND, { input: { caseId: c.id, expectedVersion: 1, days: 15, reason: 'records' } });
    expect(tooLong.body.data.extendDueDate.userErrors[0].field).toEqual(['input', 'days']);
    const noReason = await api.gql(as.nurse(), EXTEND, { input: { caseId: c.id, expectedVersion: 1, days: 14, reason: '' } });
    expect(noReason.body.data.extendDueDate.userErrors[0].code).toBe('REASON_REQUIRED');
    const ok = await api.gql(as.nurse(), EXTEND, { input: { caseId: c.id, expectedVersion: 1, days: 14, reason: 'Waiting for imaging records' } });
    const ext = ok.body.data.extendDueDate.case;
    expect(ext.dueAt).toBe(new Date(Date.parse(history.dueAt) + 14 * 24 * HOUR).toISOString());
    expect(ext.extension).toMatchObject({ days: 14, previousDueAt: history.dueAt });
    const twice = await api.gql(as.nurse(), EXTEND, { input: { caseId: c.id, expectedVersion: 2, days: 1, reason: 'again' } });
    expect(twice.body.data.extendDueDate.userErrors[0].code).toBe('ALREADY_EXTENDED');
    const expedited = await submitReference({ urgency: 'EXPEDITED' });
    const e = await api.gql(as.nurse(), EXTEND, { input: { caseId: expedited.id, expectedVersion: 1, days: 2, reason: 'x' } });
    expect(e.body.data.extendDueDate.userErrors[0].code).toBe('EXTENSION_NOT_ALLOWED');
    const byProvider = await api.gql(provider, EXTEND, { input: { caseId: c.id, expectedVersion: 2, days: 1, reason: 'x' } });
    expect(byProvider.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
