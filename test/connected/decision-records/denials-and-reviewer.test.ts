import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { decideRecord, physicianWithNpi, submit } from './helpers';

let api: TestApi;
const policy = compilePolicy(shippedPolicies.find((p) => (p as { id: string }).id === 'sij-fusion')!);

beforeAll(async () => {
  api = await createTestApi({ now: () => new Date('2026-05-04T09:00:00.000Z') });
});

type Reason = { criterionId: string | null; code: string; system: string; text: string; citations: string[] };

describe('specific denial reasons and the reviewer', () => {
  it('a physician’s denial of the reference case: one coded reason with citations per NOT_MET and UNSURE criterion, then the reviewer’s own', async () => {
    const { case: c } = await submit(api);
    const engine = c.currentDetermination;
    expect(engine).toMatchObject({ denialReasons: [], reviewer: null, authorization: null });
    const d = await decideRecord(api, physicianWithNpi('dr-npi'), {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'DENIED',
      reasons: ['Only one diagnostic injection is documented.'],
    });
    expect(d.userErrors).toEqual([]);
    const reasons: Reason[] = d.determination.denialReasons;
    const byCriterion = reasons.filter((r) => r.criterionId);
    expect(byCriterion.length).toBeGreaterThanOrEqual(3);
    // The criteria the denial relies on: exactly those NOT_MET or UNSURE in the determination.
    const history = await api.gql(as.physician(), `query($id: ID!) { case(id: $id) { currentDetermination { criteriaResults { criterionId status } } } }`, { id: c.id });
    const failing = history.body.data.case.currentDetermination.criteriaResults
      .filter((r: { status: string }) => r.status === 'NOT_MET' || r.status === 'UNSURE')
      .map((r: { criterionId: string }) => r.criterionId);
    expect(byCriterion.map((r) => r.criterionId)).toEqual(failing);
    for (const r of byCriterion) {
      const info = policy.criteria.find((x) => x.id === r.criterionId)!;
      expect(r).toMatchObject({ code: info.reasonCode.code, system: info.reasonCode.system, citations: info.citations });
      expect(r.citations.length).toBeGreaterThan(0);
      expect(r.text).toContain(info.requirement);
    }
    expect(reasons.at(-1)).toMatchObject({ criterionId: null, code: 'REVIEWER_REASON', text: 'Only one diagnostic injection is documented.' });
    expect(d.determination.reviewer).toEqual({ sub: 'dr-npi', role: 'PHYSICIAN_REVIEWER', npi: '1234567893', specialty: 'Orthopaedic Surgery' });
  });

  it('a reviewer without NPI or specialty claims is recorded with nulls; an approval has no reasons', async () => {
    // Every criterion met but nicotine status (UNSURE), outpatient: what a nurse may approve.
    const { case: c } = await submit(api, { input: { clinicalFacts: { ...allMetFacts, nicotine: { status: 'UNKNOWN' } }, requestedLevelOfCare: { setting: 'OUTPATIENT' } } });
    const d = await decideRecord(api, as.nurse('nurse-7'), {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'APPROVED',
      criterionOverrides: [{ criterionId: 'NICOTINE_FREE', status: 'MET', rationale: 'Never used nicotine, confirmed with the surgeon’s office' }],
    });
    expect(d.userErrors).toEqual([]);
    expect(d.determination.reviewer).toEqual({ sub: 'nurse-7', role: 'UM_NURSE', npi: null, specialty: null });
    expect(d.determination.denialReasons).toEqual([]);
  });

  it('criterion overrides set statuses first: an override to MET removes its reason, its rationale appears on one to NOT_MET', async () => {
    const { case: c } = await submit(api);
    const failing = policy.criteria.map((x) => x.id).slice(0, 2);
    const d = await decideRecord(api, as.physician('dr-o'), {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'DENIED',
      reasons: ['See criteria'],
      criterionOverrides: [
        { criterionId: failing[0], status: 'MET', rationale: 'Second injection found in the notes' },
        { criterionId: failing[1], status: 'NOT_MET', rationale: 'Relief lasted hours only' },
      ],
    });
    const ids = d.determination.denialReasons.map((r: Reason) => r.criterionId);
    expect(ids).not.toContain(failing[0]);
    expect(d.determination.denialReasons.find((r: Reason) => r.criterionId === failing[1]).text).toContain('Relief lasted hours only');
  });

  it('a denial whose reasons are only invisible characters is REASON_REQUIRED and writes nothing', async () => {
    const { case: c } = await submit(api);
    const before = (await allItems(api)).length;
    const d = await decideRecord(api, as.physician('dr-x'), { caseId: c.id, expectedVersion: c.version, decision: 'DENIED', reasons: ['\u200b\u200b', ' \u00a0 ', '—'] });
    expect(d.userErrors).toMatchObject([{ code: 'REASON_REQUIRED', field: ['input', 'reasons'] }]);
    expect((await allItems(api)).length).toBe(before);
  });
});
