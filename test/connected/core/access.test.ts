/**
 * Access decided in the core: every use case run as every role directly on the core (no
 * door) against DynamoDB Local. The expected rules are written out here independently of
 * lambda/core/access/table.ts, from the contract's role table.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as core from '../../../lambda/core';
import type { Actor, BusinessMetrics, CoreContext } from '../../../lambda/core';
import { fieldVisible } from '../../../lambda/core/access/decide';
import type { UseCaseName } from '../../../lambda/core/errors/catalogue';
import { createStores, type Stores } from '../../../lambda/store';
import { bootstrapTable } from '../../../lambda/store/bootstrap';
import { createDocumentClient } from '../../../lambda/store/client';
import { submitInput } from '../../support/fixtures';

const roles = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'ANALYST', 'POLICY_ADMIN'] as const;
type Role = (typeof roles)[number];
const actorFor = (role: Role): Actor => ({ sub: `${role.toLowerCase()}-1`, role, providerId: role === 'PROVIDER' ? 'PRV-DEMO-001' : null });

const CASE_PARTIES: Role[] = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'];
const REVIEWERS: Role[] = ['UM_NURSE', 'PHYSICIAN_REVIEWER'];
const allowed: Record<UseCaseName, Role[]> = {
  getCase: CASE_PARTIES,
  getDetermination: CASE_PARTIES,
  listCases: CASE_PARTIES,
  getPolicy: [...roles],
  listPolicies: [...roles],
  previewDetermination: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'POLICY_ADMIN'],
  determinationStats: ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  priorAuthMetrics: ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  submitCase: ['PROVIDER', 'UM_NURSE'],
  submitCases: ['PROVIDER', 'UM_NURSE'],
  updateClinicalFacts: CASE_PARTIES,
  recordDecision: REVIEWERS,
  appealCase: ['PROVIDER'],
  extendDueDate: REVIEWERS,
  requestAdditionalInformation: REVIEWERS,
  withdrawCase: ['PROVIDER'],
  publishPolicy: ['POLICY_ADMIN'],
};

let repos: Stores;
let caseId: string;
const refusals: { useCase: string; code: string }[] = [];
const metrics: BusinessMetrics = { ...core.noMetrics, refusal: (d) => refusals.push(d) };
const ctx = (actor: Actor): CoreContext => ({ actor, clock: () => new Date(), correlationId: randomUUID(), repos, metrics });

// A stale expectedVersion: a role the core admits gets VERSION_CONFLICT (nothing is written), never FORBIDDEN.
const STALE = 99;
const run: Record<UseCaseName, (c: CoreContext) => Promise<core.Result<unknown>>> = {
  getCase: (c) => core.getCase(c, caseId),
  getDetermination: (c) => core.getDetermination(c, `${caseId}:1`),
  listCases: (c) => core.listCases(c, { first: 1 }),
  getPolicy: (c) => core.getPolicy(c, 'sij-fusion'),
  listPolicies: (c) => core.listPolicies(c),
  previewDetermination: (c) => core.previewDetermination(c, { cptCode: '27279', clinicalFacts: {} }),
  determinationStats: (c) => core.determinationStats(c, { from: '2026-01-01', to: '2026-01-31' }),
  priorAuthMetrics: (c) => core.priorAuthMetrics(c, 2026),
  submitCase: (c) => core.submitCase(c, submitInput()),
  submitCases: (c) => core.submitCases(c, [submitInput()]),
  updateClinicalFacts: (c) => core.updateClinicalFacts(c, { caseId, expectedVersion: STALE, clinicalFacts: {} }),
  recordDecision: (c) => core.recordDecision(c, { caseId, expectedVersion: STALE, decision: 'APPROVED', reasons: [] }),
  appealCase: (c) => core.appealCase(c, { caseId, expectedVersion: STALE, reason: 'r' }),
  extendDueDate: (c) => core.extendDueDate(c, { caseId, expectedVersion: STALE, days: 1, reason: 'r' }),
  requestAdditionalInformation: (c) => core.requestAdditionalInformation(c, { caseId, expectedVersion: STALE, items: ['Imaging report'] }),
  withdrawCase: (c) => core.withdrawCase(c, { caseId, expectedVersion: STALE, reason: 'r' }),
  publishPolicy: (c) => core.publishPolicy(c, { document: {} }),
};

beforeAll(async () => {
  const db = createDocumentClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1' });
  const tableName = `access-${randomUUID()}`;
  await bootstrapTable({ db, tableName });
  repos = createStores(db, tableName);
  const submitted = await core.submitCase(ctx(actorFor('PROVIDER')), submitInput());
  if (!submitted.ok) throw new Error(submitted.errors[0].code);
  caseId = submitted.value.case.id;
});

describe('every use case as every role, on the core', () => {
  const rows = (Object.keys(run) as UseCaseName[]).flatMap((u) => roles.map((role) => [u, role] as const));
  it.each(rows)('%s as %s', async (useCase, role) => {
    refusals.length = 0;
    const r = await run[useCase](ctx(actorFor(role)));
    const codes = r.ok ? [] : r.errors.map((e) => e.code);
    if (allowed[useCase].includes(role)) {
      expect(codes).not.toContain('FORBIDDEN');
      expect(refusals.filter((x) => x.code === 'FORBIDDEN')).toEqual([]);
    } else {
      expect(codes).toEqual(['FORBIDDEN']);
      // Counted once, by the core, under the use case's name.
      expect(refusals).toEqual([{ useCase, code: 'FORBIDDEN' }]);
    }
  });

  it('admitted roles get the record (reads) or the stale-version refusal (changes): nothing else stopped them', async () => {
    expect(await run.getCase(ctx(actorFor('UM_NURSE')))).toMatchObject({ ok: true, value: { case: { id: caseId } } });
    expect(await run.recordDecision(ctx(actorFor('UM_NURSE')))).toMatchObject({ ok: false, errors: [{ code: 'VERSION_CONFLICT' }] });
    expect(await run.withdrawCase(ctx(actorFor('PROVIDER')))).toMatchObject({ ok: false, errors: [{ code: 'VERSION_CONFLICT' }] });
    const published = await run.publishPolicy(ctx(actorFor('POLICY_ADMIN')));
    expect(published.ok ? [] : [...new Set(published.errors.map((e) => e.code))]).toEqual(['INVALID_POLICY']);
  });
});

describe('own-provider scope', () => {
  const other: Actor = { sub: 'prov-b', role: 'PROVIDER', providerId: 'PRV-B' };

  it('another provider’s case reads like a missing one and takes no change', async () => {
    expect(await core.getCase(ctx(other), caseId)).toEqual({ ok: true, value: null });
    expect(await core.getDetermination(ctx(other), `${caseId}:1`)).toEqual({ ok: true, value: null });
    const listed = await core.listCases(ctx(other), { filter: { providerId: 'PRV-DEMO-001' }, first: 10 });
    expect(listed.ok && listed.value.edges).toEqual([]);
    for (const u of ['updateClinicalFacts', 'withdrawCase', 'appealCase'] as const) {
      expect(await run[u](ctx(other))).toMatchObject({ ok: false, errors: [{ code: 'CASE_NOT_FOUND' }] });
    }
  });

  it('a provider submits only for itself (FORBIDDEN), and admit() answers the same for a door that asks first', async () => {
    refusals.length = 0;
    expect(await core.submitCase(ctx(other), submitInput())).toMatchObject({ ok: false, errors: [{ code: 'FORBIDDEN' }] });
    expect(core.admit(ctx(other), 'submitCase', 'PRV-DEMO-001')).toMatchObject({ ok: false, errors: [{ code: 'FORBIDDEN', field: ['providerId'] }] });
    expect(core.admit(ctx(other), 'submitCase', 'PRV-B')).toEqual({ ok: true, value: true });
    expect(core.admit(ctx(actorFor('UM_NURSE')), 'submitCase', 'PRV-B')).toEqual({ ok: true, value: true });
    expect(core.admit(ctx(actorFor('ANALYST')), 'getCase')).toMatchObject({ ok: false, errors: [{ code: 'FORBIDDEN' }] });
    expect(refusals).toEqual([
      { useCase: 'submitCase', code: 'FORBIDDEN' },
      { useCase: 'submitCase', code: 'FORBIDDEN' },
      { useCase: 'getCase', code: 'FORBIDDEN' },
    ]);
  });
});

describe('the read model', () => {
  it('hides member ids, clinical facts, reports and evidence from an analyst; the audit trail is for reviewers', () => {
    const analyst = actorFor('ANALYST');
    for (const f of ['Case.memberId', 'Case.clinicalFacts', 'Determination.report', 'CriterionResult.evidence', 'Appeal.reason', 'Withdrawal.reason'] as const) {
      expect(fieldVisible(analyst, f), f).toBe(false);
      expect(fieldVisible(actorFor('PROVIDER'), f), f).toBe(true);
    }
    expect(fieldVisible(actorFor('PROVIDER'), 'Case.auditTrail')).toBe(false);
    expect(REVIEWERS.every((r) => fieldVisible(actorFor(r), 'Case.auditTrail'))).toBe(true);
    expect(fieldVisible(actorFor('POLICY_ADMIN'), 'CriterionResult.evidence')).toBe(true);
  });
});
