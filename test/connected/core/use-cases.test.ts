/**
 * Every use case of the application core, called as a door would call it: no Apollo, no
 * GraphQL, the real repositories on DynamoDB Local (never a fake store).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as core from '../../../lambda/core';
import type { Actor, BusinessMetrics, CoreContext } from '../../../lambda/core';
import { createStores, type Stores } from '../../../lambda/store';
import { bootstrapTable } from '../../../lambda/store/bootstrap';
import { createDocumentClient } from '../../../lambda/store/client';
import { submitInput } from '../../support/fixtures';
import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';

const provider: Actor = { sub: 'prov-user', role: 'PROVIDER', providerId: 'PRV-DEMO-001' };
const nurse: Actor = { sub: 'nurse-1', role: 'UM_NURSE', providerId: null };
const drA: Actor = { sub: 'dr-a', role: 'PHYSICIAN_REVIEWER', providerId: null };
const drB: Actor = { sub: 'dr-b', role: 'PHYSICIAN_REVIEWER', providerId: null };
const admin: Actor = { sub: 'admin', role: 'POLICY_ADMIN', providerId: null };
const analyst: Actor = { sub: 'analyst', role: 'ANALYST', providerId: null };

type Recorded = { name: keyof BusinessMetrics; data: unknown };

let repos: Stores;
const recorded: Recorded[] = [];
const metrics: BusinessMetrics = {
  determination: (d) => recorded.push({ name: 'determination', data: d }),
  automaticApproval: () => recorded.push({ name: 'automaticApproval', data: null }),
  decisionPastDue: (d) => recorded.push({ name: 'decisionPastDue', data: d }),
  refusal: (d) => recorded.push({ name: 'refusal', data: d }),
};
let now = new Date();
const ctx = (actor: Actor): CoreContext => ({ actor, clock: () => now, correlationId: randomUUID(), repos, metrics });

/** The value of a success, or a failed assertion showing the codes. */
function value<T>(r: core.Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.errors.map((e) => e.code).join(', ')}`);
  return r.value;
}
const codes = (r: core.Result<unknown>) => (r.ok ? [] : r.errors.map((e) => e.code));

beforeAll(async () => {
  const db = createDocumentClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1' });
  const tableName = `core-${randomUUID()}`;
  await bootstrapTable({ db, tableName });
  repos = createStores(db, tableName);
});

describe('submitCase and previewDetermination', () => {
  it('previews exactly what a submission of the same request gets (one evaluation path)', async () => {
    const input = submitInput();
    const preview = value(await core.previewDetermination(ctx(provider), {
      cptCode: input.requestedService.cptCode,
      clinicalFacts: input.clinicalFacts,
      requestedLevelOfCare: input.requestedLevelOfCare,
    }));
    const submitted = value(await core.submitCase(ctx(provider), input));
    expect(submitted.effect).toBe('created');
    expect(submitted.case.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(submitted.determination).toMatchObject({
      recommendation: preview.evaluation.recommendation,
      metCount: preview.evaluation.metCount,
      criteriaResults: preview.evaluation.criteriaResults,
      levelOfCare: preview.evaluation.levelOfCare,
    });
    const again = value(await core.submitCase(ctx(provider), input));
    expect(again).toMatchObject({ effect: 'none', case: { id: submitted.case.id } });
  });

  it('approves automatically and counts it', async () => {
    recorded.length = 0;
    const r = value(await core.submitCase(ctx(provider), submitInput({ clinicalFacts: allMetFacts, requestedLevelOfCare: { setting: 'OUTPATIENT' } })));
    expect(r.case).toMatchObject({ status: 'APPROVED', automaticApproval: true });
    expect(recorded).toEqual([
      { name: 'determination', data: { source: 'ENGINE', recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1' } },
      { name: 'automaticApproval', data: null },
    ]);
  });

  it('refuses a provider submitting for another provider (FORBIDDEN), a service without policy, bad input', async () => {
    recorded.length = 0;
    expect(codes(await core.submitCase(ctx(provider), submitInput({ providerId: 'PRV-OTHER' })))).toEqual(['FORBIDDEN']);
    expect(core.channelOf('FORBIDDEN')).toBe('requestError');
    const noPolicy = await core.submitCase(ctx(nurse), submitInput({ requestedService: { cptCode: '99999', icd10Codes: ['M46.1'] } }));
    expect(noPolicy.ok ? null : noPolicy.errors[0]).toMatchObject({ code: 'NO_POLICY_FOR_SERVICE', field: ['input', 'requestedService', 'cptCode'] });
    expect(codes(await core.submitCase(ctx(nurse), submitInput({ requestedService: { cptCode: '2727', icd10Codes: ['M46.1'] } })))).toEqual(['INVALID_CPT_CODE']);
    expect(codes(await core.previewDetermination(ctx(nurse), { cptCode: '27279', clinicalFacts: { painScoreNrs: -1 } }))).toContain('FACT_OUT_OF_RANGE');
    expect(recorded.filter((r) => r.name === 'refusal').map((r) => (r.data as { code: string }).code)).toEqual(
      expect.arrayContaining(['FORBIDDEN', 'NO_POLICY_FOR_SERVICE', 'INVALID_CPT_CODE', 'FACT_OUT_OF_RANGE']),
    );
  });
});

describe('changes to a case', () => {
  it('updates facts, decides, appeals and decides the appeal through the workflow table', async () => {
    const c = value(await core.submitCase(ctx(provider), submitInput())).case;
    const updated = value(await core.updateClinicalFacts(ctx(provider), { caseId: c.id, expectedVersion: 1, clinicalFacts: { ...c.clinicalFacts, painScoreNrs: 8 } }));
    expect(updated).toMatchObject({ effect: 'updated', case: { version: 2, determinationCount: 2 } });
    expect(codes(await core.recordDecision(ctx(nurse), { caseId: c.id, expectedVersion: 2, decision: 'DENIED', reasons: ['x'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await core.recordDecision(ctx(drA), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['x'] }))).toEqual(['VERSION_CONFLICT']);
    const denied = value(await core.recordDecision(ctx(drA), { caseId: c.id, expectedVersion: 2, decision: 'DENIED', reasons: ['Criterion 4 not met'] }));
    expect(denied.case).toMatchObject({ status: 'DENIED', adverseDecisionBy: 'dr-a' });
    expect(denied.determination).toMatchObject({ source: 'REVIEWER', reviewAction: 'A3' });
    expect(codes(await core.appealCase(ctx(provider), { caseId: c.id, expectedVersion: 3, reason: ' ' }))).toEqual(['REASON_REQUIRED']);
    const appealed = value(await core.appealCase(ctx(provider), { caseId: c.id, expectedVersion: 3, reason: 'New imaging' }));
    expect(appealed.case.status).toBe('APPEAL_PENDING');
    expect(codes(await core.recordDecision(ctx(drA), { caseId: c.id, expectedVersion: 4, decision: 'APPROVED', reasons: [] }))).toEqual(['SAME_REVIEWER_ON_APPEAL']);
    // Approving the requested inpatient stay goes beyond the engine's outpatient verdict: a reason is needed.
    expect(codes(await core.recordDecision(ctx(drB), { caseId: c.id, expectedVersion: 4, decision: 'APPROVED', reasons: [] }))).toEqual(['REASON_REQUIRED']);
    const onAppeal = value(await core.recordDecision(ctx(drB), { caseId: c.id, expectedVersion: 4, decision: 'APPROVED', reasons: ['Inpatient stay justified by comorbidities'] }));
    expect(onAppeal.case.status).toBe('APPROVED_ON_APPEAL');
    const history = value(await core.getCase(ctx(nurse), c.id));
    expect(history?.audit.map((a) => a.action)).toEqual(['SUBMIT_CASE', 'UPDATE_CLINICAL_FACTS', 'RECORD_DECISION', 'APPEAL_CASE', 'RECORD_DECISION']);
  });

  it('extends a standard case once, and counts a decision made past its due date', async () => {
    const c = value(await core.submitCase(ctx(provider), submitInput())).case;
    const extended = value(await core.extendDueDate(ctx(nurse), { caseId: c.id, expectedVersion: 1, days: 3, reason: 'records requested' }));
    expect(extended.case.extension).toMatchObject({ days: 3, previousDueAt: c.dueAt });
    expect(codes(await core.extendDueDate(ctx(nurse), { caseId: c.id, expectedVersion: 2, days: 1, reason: 'again' }))).toEqual(['ALREADY_EXTENDED']);
    recorded.length = 0;
    const saved = now;
    now = new Date(Date.parse(extended.case.dueAt) + 3_600_000);
    try {
      value(await core.recordDecision(ctx(drA), { caseId: c.id, expectedVersion: 2, decision: 'APPROVED', reasons: ['Reviewed past the due date'] }));
    } finally {
      now = saved;
    }
    expect(recorded).toContainEqual({ name: 'decisionPastDue', data: { urgency: 'STANDARD', onAppeal: false } });
  });

  it('reports a case another provider may not see as missing', async () => {
    const c = value(await core.submitCase(ctx(provider), submitInput())).case;
    const other: Actor = { sub: 'x', role: 'PROVIDER', providerId: 'PRV-OTHER' };
    expect(value(await core.getCase(ctx(other), c.id))).toBeNull();
    expect(value(await core.getDetermination(ctx(other), `${c.id}:1`))).toBeNull();
    expect(value(await core.getDetermination(ctx(provider), `${c.id}:1`))?.caseId).toBe(c.id);
    expect(codes(await core.appealCase(ctx(other), { caseId: c.id, expectedVersion: 1, reason: 'r' }))).toEqual(['CASE_NOT_FOUND']);
  });
});

describe('policies and reads', () => {
  it('publishes a policy version once', async () => {
    const latest = value(await core.getPolicy(ctx(admin), 'sij-fusion'));
    expect(latest).not.toBeNull();
    expect(codes(await core.publishPolicy(ctx(admin), { document: latest!.doc }))).toEqual(['VERSION_EXISTS']);
    expect(codes(await core.publishPolicy(ctx(admin), { document: { id: 'x' } }))[0]).toBe('INVALID_POLICY');
    const next = value(await core.publishPolicy(ctx(admin), { document: { ...latest!.doc, version: latest!.version + 1 } }));
    expect(next.version).toBe(latest!.version + 1);
  });

  it('lists, validates pages and cursors, and answers analytics', async () => {
    const page = value(await core.listCases(ctx(provider), { first: 2 }));
    expect(page.edges).toHaveLength(2);
    expect(page.edges.every((e) => e.node.providerId === 'PRV-DEMO-001')).toBe(true);
    expect(codes(await core.listCases(ctx(nurse), { first: 101 }))).toEqual(['OUT_OF_RANGE']);
    expect(codes(await core.listCases(ctx(nurse), { after: page.edges[0]!.cursor }))).toEqual(['INVALID_CURSOR']);
    const day = now.toISOString().slice(0, 10);
    const stats = value(await core.determinationStats(ctx(analyst), { from: day, to: day }));
    expect(stats.total).toBeGreaterThanOrEqual(5);
    expect(codes(await core.determinationStats(ctx(analyst), { from: day, to: '2000-01-01' }))).toEqual(['INVALID_DATE_RANGE']);
    expect(value(await core.priorAuthMetrics(ctx(analyst), now.getUTCFullYear())).itemsRequiringPriorAuth).toContain('27279');
    expect(codes(await core.priorAuthMetrics(ctx(analyst), 1999))).toEqual(['OUT_OF_RANGE']);
  });
});
