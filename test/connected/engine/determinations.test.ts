import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { DETERMINATION_FIELDS, SUBMIT_WITH_DETERMINATION, submitInput } from '../../support/fixtures';
import { referenceExpected, referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';

let api: TestApi;
const provider = as.provider('PRV-DEMO-001');
beforeAll(async () => {
  api = await createTestApi({ now: () => new Date('2026-02-02T15:00:00.000Z') });
});

const submit = (overrides: Record<string, unknown> = {}) => api.gql(provider, SUBMIT_WITH_DETERMINATION, { input: submitInput(overrides) });

describe('the reference case through the GraphQL API', () => {
  it('gives exactly the expected determination and waits for a physician', async () => {
    const res = await submit({ clinicalFacts: referenceFacts, requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 } });
    const c = res.body.data.submitCase.case;
    expect(res.body.data.submitCase.userErrors).toEqual([]);
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(c.decidedAt).toBeNull();
    expect(c.policy).toEqual({ id: 'sij-fusion', version: 1 });
    const d = c.currentDetermination;
    expect(d.source).toBe('ENGINE');
    expect(d.version).toBe(1);
    expect(d.decision).toBeNull();
    expect(Object.fromEntries(d.criteriaResults.map((r: { criterionId: string; status: string }) => [r.criterionId, r.status]))).toEqual(referenceExpected);
    expect(d.criteriaResults.map((r: { criterionId: string }) => r.criterionId)).toEqual(Object.keys(referenceExpected));
    expect(d.criteriaResults.map((r: { criterionId: string }) => r.criterionId)[0]).toBe('TWO_DIAGNOSTIC_INJECTIONS');
    expect([d.metCount, d.totalCount]).toEqual([3, 8]);
    expect(d.recommendation).toBe('NOT_MEDICALLY_NECESSARY');
    expect(d.levelOfCare).toMatchObject({
      requestedSetting: 'INPATIENT',
      requestedInpatientDays: 1,
      recommendedSetting: 'OUTPATIENT',
      inpatientIndicated: false,
      approvedInpatientDays: 0,
      guideline: 'MCG: Ambulatory',
    });
    expect(d.reviewAction).toBe('A4');
    for (const r of d.criteriaResults) {
      expect(r.citations.length).toBeGreaterThan(0);
      expect(r.rationale.length).toBeGreaterThan(10);
      if (r.status !== 'MET') expect(r.nextStep).toBeTruthy();
    }
    expect(d.report).toContain('| Criterion | Status | Evidence |');
    expect(d.report).toMatch(/meets 3 of 8/);
    expect(d.report).toContain('Primary Recommendation');
    // The notice is addressed: its header names the case, member and provider (issue #13).
    const header = d.report.split('## ')[0];
    expect(header).toContain(res.body.data.submitCase.case.id);
    expect(header).toContain(submitInput().memberId);
    expect(header).toContain('CPT 27279');
  });

  it('approves automatically only when medically necessary with no level-of-care change (A1)', async () => {
    const res = await submit({ clinicalFacts: allMetFacts, requestedLevelOfCare: { setting: 'OUTPATIENT' } });
    const c = res.body.data.submitCase.case;
    expect(c.status).toBe('APPROVED');
    expect(c.automaticApproval).toBe(true);
    expect(c.decidedAt).toBe('2026-02-02T15:00:00.000Z');
    expect(c.currentDetermination).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1', metCount: 8 });
  });

  it('pends a medically necessary inpatient request for a physician (level of care changes)', async () => {
    const res = await submit({ clinicalFacts: allMetFacts, requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 2 } });
    const c = res.body.data.submitCase.case;
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(c.currentDetermination).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A4' });
    expect(c.currentDetermination.levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', approvedInpatientDays: 0 });
  });

  it('pends for information when nothing is NOT_MET but something is UNSURE', async () => {
    const res = await submit({ clinicalFacts: { ...allMetFacts, nicotine: { status: 'UNKNOWN' } }, requestedLevelOfCare: { setting: 'OUTPATIENT' } });
    const c = res.body.data.submitCase.case;
    expect(c.status).toBe('PENDING_INFORMATION');
    expect(c.currentDetermination).toMatchObject({ recommendation: 'INSUFFICIENT_INFORMATION', reviewAction: 'A4' });
  });
});

describe('invalid clinical facts and services', () => {
  const bad: [string, Record<string, unknown>, string[], string][] = [
    ['an unknown fact', { favouriteColour: 'blue' }, ['input', 'clinicalFacts', 'favouriteColour'], 'UNKNOWN_FACT'],
    ['a wrong type', { painScoreNrs: 'seven' }, ['input', 'clinicalFacts', 'painScoreNrs'], 'INVALID_FACT_TYPE'],
    ['an out-of-range number', { painScoreNrs: 11 }, ['input', 'clinicalFacts', 'painScoreNrs'], 'FACT_OUT_OF_RANGE'],
    ['an impossible date', { plannedSurgeryDate: '2026-02-30' }, ['input', 'clinicalFacts', 'plannedSurgeryDate'], 'INVALID_DATE'],
    [
      'a nested impossible date',
      { diagnosticInjections: [{ date: '2025-13-01', guidance: 'CT', painReliefPercent: 80, isolatedToSIJoint: true }] },
      ['input', 'clinicalFacts', 'diagnosticInjections', '0', 'date'],
      'INVALID_DATE',
    ],
    ['a bad enum value', { positiveProvocationTests: ['FABER', 'HOPSCOTCH'] }, ['input', 'clinicalFacts', 'positiveProvocationTests', '1'], 'INVALID_FACT_VALUE'],
  ];
  it.each(bad)('%s → userError at its path, nothing stored', async (_n, clinicalFacts, field, code) => {
    const before = (await allItems(api)).length;
    const res = await submit({ clinicalFacts });
    expect(res.body.data.submitCase.case).toBeNull();
    expect(res.body.data.submitCase.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(JSON.stringify(res.body.data.submitCase.userErrors)).not.toMatch(/seven|HOPSCOTCH|blue/);
    expect((await allItems(api)).length).toBe(before);
  });

  it('refuses a service code without a policy (NO_POLICY_FOR_SERVICE), storing nothing', async () => {
    const before = (await allItems(api)).length;
    const res = await submit({ requestedService: { cptCode: '99999', icd10Codes: ['M46.1'] } });
    expect(res.body.data.submitCase.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'requestedService', 'cptCode'], code: 'NO_POLICY_FOR_SERVICE' }),
    ]);
    expect((await allItems(api)).length).toBe(before);
  });
});

describe('previewDetermination', () => {
  const PREVIEW = /* GraphQL */ `
    query Preview($input: PreviewInput!) {
      previewDetermination(input: $input) {
        recommendation metCount totalCount nextSteps policy { id version }
        criteriaResults { criterionId status }
        levelOfCare { recommendedSetting approvedInpatientDays inpatientIndicated }
      }
    }
  `;
  it('evaluates like submitCase and stores nothing', async () => {
    const before = await allItems(api);
    const res = await api.gql(provider, PREVIEW, {
      input: { cptCode: '27279', clinicalFacts: referenceFacts, requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 } },
    });
    const p = res.body.data.previewDetermination;
    expect(p).toMatchObject({ recommendation: 'NOT_MEDICALLY_NECESSARY', metCount: 3, totalCount: 8, policy: { id: 'sij-fusion', version: 1 } });
    expect(p.levelOfCare).toEqual({ recommendedSetting: 'OUTPATIENT', approvedInpatientDays: 0, inpatientIndicated: false });
    expect(await allItems(api)).toEqual(before);
  });
  it('reports invalid facts as BAD_USER_INPUT with the field path', async () => {
    const res = await api.gql(provider, PREVIEW, { input: { cptCode: '27279', clinicalFacts: { painScoreNrs: -1 } } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'clinicalFacts', 'painScoreNrs'] });
  });
});

describe('determination(id)', () => {
  it('reads a determination by id under its case’s visibility', async () => {
    const c = (await submit({ clinicalFacts: referenceFacts })).body.data.submitCase.case;
    const Q = `query D($id: ID!) { determination(id: $id) { ${DETERMINATION_FIELDS} case { id } } }`;
    const mine = await api.gql(provider, Q, { id: c.currentDetermination.id });
    expect(mine.body.data.determination.case.id).toBe(c.id);
    expect(mine.body.data.determination.metCount).toBe(3);
    const other = await api.gql(as.provider('PRV-OTHER'), Q, { id: c.currentDetermination.id });
    expect(other.body.data.determination).toBeNull();
  });
});
