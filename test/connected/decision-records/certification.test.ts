// What is certified is what was decided (issue 21), through the GraphQL handler and the FHIR
// door on one DynamoDB Local table: certified lines, reviewer authority, partial approval on
// appeal, ICD-10-CM normalization, per-policy criterion statistics, observation dates.
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedPolicies } from '../../../policies';
import { allItems, as, createTestApi } from '../../support/api';
import { submitInput } from '../../support/fixtures';
import { createFhirTestApi, itemsOf, pasBundle, withProviderNpi, type FhirTestApi } from '../fhir/support';
import { physicianWithNpi } from './helpers';

const HOUR = 3_600_000;
const RECEIVED = Date.parse('2026-03-20T09:00:00.000Z');
let clock = RECEIVED;
let api: FhirTestApi;
beforeAll(async () => {
  api = await createFhirTestApi({ now: () => new Date(clock) });
});

const PRV = 'PRV-CERT-1';
const provider = as.provider(PRV);
const nurse = as.nurse('rn-cert');

const LINE = 'cptCode units approvedSetting approvedInpatientDays';
const CASE = /* GraphQL */ `
  id version status
  requestedService { cptCode icd10Codes }
  authorization { ${LINE} lines { ${LINE} } }
  currentDetermination {
    reviewAction report decision
    levelOfCare { recommendedSetting approvedInpatientDays inpatientIndicated }
    criteriaResults { criterionId status }
    authorization { ${LINE} lines { ${LINE} } }
  }
`;
const SUBMIT = /* GraphQL */ `mutation S($input: SubmitCaseInput!) { submitCase(input: $input) { case { ${CASE} } userErrors { field code message } } }`;
const DECIDE = /* GraphQL */ `mutation D($input: RecordDecisionInput!) { recordDecision(input: $input) { case { ${CASE} } userErrors { field code message } } }`;
const APPEAL = /* GraphQL */ `mutation A($input: AppealCaseInput!) { appealCase(input: $input) { case { id version status } userErrors { code } } }`;
const UPDATE = /* GraphQL */ `mutation U($input: UpdateClinicalFactsInput!) { updateClinicalFacts(input: $input) { case { id version } userErrors { field code } } }`;
const PREVIEW = /* GraphQL */ `query P($input: PreviewInput!) { previewDetermination(input: $input) { recommendation criteriaResults { criterionId status } } }`;
const READ = /* GraphQL */ `query C($id: ID!) { case(id: $id) { ${CASE} } }`;

type Doc = { id: string; examples: { name: string; facts: Record<string, unknown>; requestedLevelOfCare: { setting: string; inpatientDays: number }; icd10Codes?: string[] }[] };
const docs = shippedPolicies as unknown as Doc[];
const example = (policyId: string, prefix: string) => {
  const ex = docs.find((d) => d.id === policyId)!.examples.find((e) => e.name.startsWith(prefix));
  if (!ex) throw new Error(`no example "${prefix}" in ${policyId}`);
  return structuredClone(ex);
};

async function submit(o: { cptCode: string; facts: Record<string, unknown>; loc: { setting: string; inpatientDays?: number }; icd10Codes?: string[] }) {
  const input = submitInput({
    providerId: PRV,
    requestedService: { cptCode: o.cptCode, icd10Codes: o.icd10Codes ?? ['M48.062'], description: null },
    requestedLevelOfCare: o.loc,
    clinicalFacts: o.facts,
  });
  const res = await api.gql(provider, SUBMIT, { input });
  const payload = res.body.data?.submitCase;
  if (!payload) throw new Error(JSON.stringify(res.body));
  return payload as { case: any; userErrors: { field: string[]; code: string }[] };
}
async function decide(who: Parameters<FhirTestApi['gql']>[0], input: Record<string, unknown>) {
  const res = await api.gql(who, DECIDE, { input: { reasons: [], ...input } });
  const payload = res.body.data?.recordDecision;
  if (!payload) throw new Error(JSON.stringify(res.body));
  return payload as { case: any; userErrors: { field: string[]; code: string }[] };
}
const codes = (p: { userErrors: { code: string }[] }) => p.userErrors.map((e) => e.code);

describe('certified lines', () => {
  const twoLevels = example('lumbar-fusion', 'Two-level spinal stenosis');

  it('certifies a 2-level fusion requested INPATIENT with 0 days for the guideline stay (4 days) and 22634 × 1, and the notice says so', async () => {
    expect(twoLevels.requestedLevelOfCare).toEqual({ setting: 'INPATIENT', inpatientDays: 0 });
    expect(twoLevels.facts['fusionLevels']).toBe(2);
    const { case: c, userErrors } = await submit({ cptCode: '22633', facts: twoLevels.facts, loc: twoLevels.requestedLevelOfCare });
    expect(userErrors).toEqual([]);
    expect(c.status).toBe('APPROVED');
    const lines = [
      { cptCode: '22633', units: 1, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
      { cptCode: '22634', units: 1, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
    ];
    expect(c.authorization).toEqual({ ...lines[0], lines });
    expect(c.currentDetermination.authorization).toEqual(c.authorization);
    const report: string = c.currentDetermination.report;
    expect(report).not.toMatch(/\b0 inpatient days|ZERO \(0\)|Inpatient level of care indicated: no/);
    expect(report).toContain('Inpatient level of care indicated: yes');
    expect(report).toMatch(/Certified: CPT 22633, 1 unit, inpatient care, 4 inpatient days/);
    expect(report).toMatch(/Certified add-on: CPT 22634, 1 unit/);
    // The same on every read.
    expect((await api.gql(provider, READ, { id: c.id })).body.data.case.authorization).toEqual(c.authorization);
  });

  it('certifies a 3-level fusion requested as 22633 as 22633 × 1 and 22634 × 2, one stay', async () => {
    const { case: c } = await submit({ cptCode: '22633', facts: { ...twoLevels.facts, fusionLevels: 3 }, loc: { setting: 'INPATIENT', inpatientDays: 4 } });
    expect(c.status).toBe('APPROVED');
    expect(c.authorization.lines).toEqual([
      { cptCode: '22633', units: 1, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
      { cptCode: '22634', units: 2, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
    ]);
  });

  it('makes a reviewer approving an inpatient stay name the days where the verdict has none (INVALID_INPATIENT_DAYS), and nothing is stored', async () => {
    const noRisk = example('knee-arthroplasty', 'No risk factor, 2 inpatient days');
    const { case: c } = await submit({ cptCode: '27447', facts: noRisk.facts, loc: { setting: 'INPATIENT', inpatientDays: 0 }, icd10Codes: ['M17.11'] });
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(c.currentDetermination.levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', approvedInpatientDays: 0 });
    const before = (await allItems(api)).length;
    for (const days of [undefined, 0]) {
      const r = await decide(as.physician('dr-days'), { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['Lives alone'], ...(days === undefined ? {} : { approvedInpatientDays: days }) });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPATIENT_DAYS', field: ['input', 'approvedInpatientDays'] })]);
    }
    expect((await allItems(api)).length).toBe(before);
    const ok = await decide(as.physician('dr-days'), { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['Lives alone'], approvedInpatientDays: 1 });
    expect(ok.userErrors).toEqual([]);
    expect(ok.case.authorization).toMatchObject({ approvedSetting: 'INPATIENT', approvedInpatientDays: 1 });
  });
});

describe('reviewer authority', () => {
  const recentA1c = example('knee-arthroplasty', 'Diabetic with a recent HbA1c below 8.0%');
  // Drawn before the case is received (the example's lab is dated after it).
  recentA1c.facts['hba1c'] = { valuePercent: 7.4, drawnOn: '2026-03-16' };
  const riskFactors = example('knee-arthroplasty', 'Risk factors (age 82');

  it('refuses the nurse’s three approvals with PHYSICIAN_REVIEW_REQUIRED and stores nothing', async () => {
    // An active infection (NOT_MET).
    const infected = await submit({ cptCode: '27447', facts: { ...recentA1c.facts, activeInfection: true }, loc: recentA1c.requestedLevelOfCare, icd10Codes: ['M17.11'] });
    expect(infected.case.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(infected.case.currentDetermination.criteriaResults).toContainEqual({ criterionId: 'NO_ACTIVE_INFECTION', status: 'NOT_MET' });
    // 4 inpatient days against a 2-day verdict.
    const long = await submit({ cptCode: '27447', facts: riskFactors.facts, loc: riskFactors.requestedLevelOfCare, icd10Codes: ['M17.11'] });
    expect(long.case.currentDetermination.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', approvedInpatientDays: 2 });
    expect(riskFactors.requestedLevelOfCare).toEqual({ setting: 'INPATIENT', inpatientDays: 4 });

    const before = (await allItems(api)).length;
    const approvals = [
      { caseId: infected.case.id, expectedVersion: 1, decision: 'APPROVED' },
      { caseId: long.case.id, expectedVersion: 1, decision: 'APPROVED' },
      // Overriding NOT_MET to MET.
      {
        caseId: infected.case.id,
        expectedVersion: 1,
        decision: 'APPROVED',
        criterionOverrides: [{ criterionId: 'NO_ACTIVE_INFECTION', status: 'MET', rationale: 'Infection treated last month' }],
      },
    ];
    for (const a of approvals) expect(codes(await decide(nurse, a))).toEqual(['PHYSICIAN_REVIEW_REQUIRED']);
    expect((await allItems(api)).length).toBe(before);
  });

  it('lets a nurse approve what the criteria support, turning UNSURE into MET with a rationale', async () => {
    const reference = example('knee-arthroplasty', 'Reference case');
    const { case: c } = await submit({ cptCode: '27447', facts: reference.facts, loc: reference.requestedLevelOfCare, icd10Codes: ['M17.11'] });
    expect(c.currentDetermination.criteriaResults).toContainEqual({ criterionId: 'GLYCEMIC_CONTROL', status: 'UNSURE' });
    const r = await decide(nurse, {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'APPROVED',
      criterionOverrides: [{ criterionId: 'GLYCEMIC_CONTROL', status: 'MET', rationale: 'HbA1c 7.1% drawn last week, report attached' }],
    });
    expect(r.userErrors).toEqual([]);
    expect(r.case.status).toBe('APPROVED');
    expect(r.case.authorization).toMatchObject({ approvedSetting: 'INPATIENT', approvedInpatientDays: 2 });
  });

  it('makes a physician approving more than the verdict give a reason (REASON_REQUIRED)', async () => {
    const { case: c } = await submit({ cptCode: '27447', facts: riskFactors.facts, loc: riskFactors.requestedLevelOfCare, icd10Codes: ['M17.11'] });
    const bare = await decide(as.physician('dr-more'), { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['\u200b'] });
    expect(bare.userErrors).toEqual([expect.objectContaining({ code: 'REASON_REQUIRED', field: ['input', 'reasons'] })]);
    const r = await decide(as.physician('dr-more'), { caseId: c.id, expectedVersion: c.version, decision: 'APPROVED', reasons: ['Lives alone, sleep apnea: 4 days'] });
    expect(r.userErrors).toEqual([]);
    expect(r.case.authorization).toMatchObject({ approvedSetting: 'INPATIENT', approvedInpatientDays: 4 });
  });

  it('refuses a denial of a lumbar MRI meeting 5 of 5 criteria (DENIAL_NOT_SUPPORTED); a physician who finds a criterion not met overrides it', async () => {
    const subacute = example('lumbar-mri', 'Subacute pain after 6 weeks');
    // Inpatient requested, so the case waits for a physician although every criterion is met.
    const { case: c } = await submit({ cptCode: '72148', facts: subacute.facts, loc: { setting: 'INPATIENT', inpatientDays: 1 }, icd10Codes: ['M54.50'] });
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');
    expect(c.currentDetermination.criteriaResults.every((r: { status: string }) => r.status === 'MET')).toBe(true);
    const dr = as.physician('dr-mri');
    expect(codes(await decide(dr, { caseId: c.id, expectedVersion: c.version, decision: 'DENIED', reasons: ['Not needed.'] }))).toEqual(['DENIAL_NOT_SUPPORTED']);
    const denied = await decide(dr, {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'DENIED',
      reasons: ['Not needed.'],
      criterionOverrides: [{ criterionId: 'FOCUSED_EXAM_DOCUMENTED', status: 'NOT_MET', rationale: 'The note documents no neurological examination' }],
    });
    expect(denied.userErrors).toEqual([]);
    expect(denied.case.status).toBe('DENIED');
  });

  it('accepts one override per criterion (DUPLICATE_OVERRIDE), each with a visible rationale', async () => {
    const reference = example('knee-arthroplasty', 'Reference case');
    const { case: c } = await submit({ cptCode: '27447', facts: reference.facts, loc: reference.requestedLevelOfCare, icd10Codes: ['M17.11'] });
    const twice = await decide(as.physician('dr-dup'), {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'APPROVED',
      criterionOverrides: [
        { criterionId: 'GLYCEMIC_CONTROL', status: 'MET', rationale: 'HbA1c 7.1%' },
        { criterionId: 'GLYCEMIC_CONTROL', status: 'NOT_MET', rationale: 'HbA1c 8.4%' },
      ],
    });
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE_OVERRIDE', field: ['input', 'criterionOverrides', '1', 'criterionId'] })]);
    const invisible = await decide(as.physician('dr-dup'), {
      caseId: c.id,
      expectedVersion: c.version,
      decision: 'APPROVED',
      criterionOverrides: [{ criterionId: 'GLYCEMIC_CONTROL', status: 'MET', rationale: '\u200b' }],
    });
    expect(invisible.userErrors).toEqual([expect.objectContaining({ code: 'REASON_REQUIRED', field: ['input', 'criterionOverrides', '0', 'rationale'] })]);
    expect((await api.gql(provider, READ, { id: c.id })).body.data.case.version).toBe(c.version);
  });
});

describe('partial approval on appeal, through both doors', () => {
  it('certifies outpatient care on appeal (PARTIALLY_APPROVED_ON_APPEAL, A6), decided by a physician with another sub and NPI', async () => {
    const npi = `66${String(Date.now() % 1e8).padStart(8, '0')}`;
    const b = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
    // The door normalizes ICD-10-CM codes like submitCase: lower case, no dot.
    (b.entry![0]!.resource as any).diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'm533';
    const submitted = await api.call(as.provider(npi), 'POST', '/fhir/Claim/$submit', b);
    expect(submitted.status).toBe(200);
    const { caseId } = itemsOf(submitted.body)[0]!;
    const owner = as.provider(npi);
    const read = async () => (await api.gql(owner, READ, { id: caseId })).body.data.case;
    const c = await read();
    expect(c.requestedService.icd10Codes).toEqual(['M53.3']);
    expect(c.status).toBe('PENDING_PHYSICIAN_REVIEW');

    const first = await decide(physicianWithNpi('dr-appeal-a', '1234567893'), { caseId, expectedVersion: c.version, decision: 'DENIED', reasons: ['Only one diagnostic injection'] });
    expect(first.userErrors).toEqual([]);
    const appealed = (await api.gql(owner, APPEAL, { input: { caseId, expectedVersion: first.case.version, reason: 'Outpatient fusion is acceptable' } })).body.data.appealCase;
    expect(appealed.case.status).toBe('APPEAL_PENDING');

    const partial = { caseId, expectedVersion: appealed.case.version, decision: 'PARTIALLY_APPROVED', approvedSetting: 'OUTPATIENT', reasons: ['Outpatient procedure approved on appeal'] };
    // Another sub with the same NPI is the same physician.
    expect(codes(await decide(physicianWithNpi('dr-appeal-a-2', '1234567893'), partial))).toEqual(['SAME_REVIEWER_ON_APPEAL']);
    const r = await decide(physicianWithNpi('dr-appeal-b', '1987654321'), partial);
    expect(r.userErrors).toEqual([]);
    expect(r.case.status).toBe('PARTIALLY_APPROVED_ON_APPEAL');
    expect(r.case.currentDetermination.reviewAction).toBe('A6');
    const line = { cptCode: '27279', units: 1, approvedSetting: 'OUTPATIENT', approvedInpatientDays: 0 };
    expect(r.case.authorization).toEqual({ ...line, lines: [line] });

    const inquiry = withProviderNpi(pasBundle('pas-inquiry-27279.json'), npi);
    for (const it of (inquiry.entry![0]!.resource as any).item ?? []) {
      it.extension = (it.extension ?? []).filter((e: any) => !/administrationReferenceNumber|authorizationNumber/.test(e.url));
      it.extension.push({ url: 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-administrationReferenceNumber', valueString: caseId });
    }
    const inquired = await api.call(owner, 'POST', '/fhir/Claim/$inquire', inquiry);
    expect(inquired.status).toBe(200);
    expect(itemsOf(inquired.body)[0]).toMatchObject({ caseId, reviewAction: 'A6' });
    expect(itemsOf(inquired.body)[0]!.authorizationNumber).toMatch(/^PA-2026-/);
  });

  it('refuses a malformed diagnosis at the FHIR door and stores nothing', async () => {
    const npi = `65${String(Date.now() % 1e8).padStart(8, '0')}`;
    const b = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
    (b.entry![0]!.resource as any).diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'M5.33';
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', '/fhir/Claim/$submit', b);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(res.body.issue)).toMatch(/diagnosis\[0\]/);
    expect(await api.itemCount()).toBe(before);
  });
});

describe('ICD-10-CM codes at the input edge', () => {
  const caudaEquina = example('lumbar-mri', 'Cauda equina syndrome coded as g83.4');

  it('stores g834 as G83.4 and reads it as a red flag (automatic approval)', async () => {
    const { case: c, userErrors } = await submit({ cptCode: '72148', facts: caudaEquina.facts, loc: caudaEquina.requestedLevelOfCare, icd10Codes: ['g834', 'm5450'] });
    expect(userErrors).toEqual([]);
    expect(c.requestedService.icd10Codes).toEqual(['G83.4', 'M54.50']);
    expect(c.status).toBe('APPROVED');
    expect(c.currentDetermination.criteriaResults.filter((r: { status: string }) => r.status === 'NOT_APPLICABLE')).toHaveLength(4);
    const preview = await api.gql(provider, PREVIEW, { input: { cptCode: '72148', clinicalFacts: caudaEquina.facts, icd10Codes: ['g834'] } });
    expect(preview.body.data.previewDetermination.recommendation).toBe('MEDICALLY_NECESSARY');
  });

  it('answers a malformed code with INVALID_ICD10_CODE in submitCase and previewDetermination alike, and stores nothing', async () => {
    const before = (await allItems(api)).length;
    const s = await submit({ cptCode: '72148', facts: caudaEquina.facts, loc: caudaEquina.requestedLevelOfCare, icd10Codes: ['M5.450'] });
    expect(s.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_ICD10_CODE', field: ['input', 'requestedService', 'icd10Codes', '0'] })]);
    const p = await api.gql(provider, PREVIEW, { input: { cptCode: '72148', clinicalFacts: caudaEquina.facts, icd10Codes: ['M5.450'] } });
    expect(p.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(p.body.errors)).toContain('INVALID_ICD10_CODE');
    expect((await allItems(api)).length).toBe(before);
  });
});

describe('observation dates', () => {
  const reference = example('lumbar-fusion', 'Reference case');

  it('refuses a lab drawn after the day the case is received (FACT_OUT_OF_RANGE at its path); planned dates may lie ahead', async () => {
    const facts = structuredClone(reference.facts) as any;
    facts.nicotine.lab.drawnOn = '2026-03-21';
    const before = (await allItems(api)).length;
    const r = await submit({ cptCode: '22633', facts, loc: reference.requestedLevelOfCare });
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: ['input', 'clinicalFacts', 'nicotine', 'lab', 'drawnOn'] })]);
    expect((await allItems(api)).length).toBe(before);

    // The same day is fine; the planned surgery date lies ahead.
    facts.nicotine.lab.drawnOn = '2026-03-20';
    const ok = await submit({ cptCode: '22633', facts, loc: reference.requestedLevelOfCare });
    expect(ok.userErrors).toEqual([]);
    expect(reference.facts['plannedSurgeryDate']! > '2026-03-20').toBe(true);

    // Updated facts are held to the day the case was received, not the day of the update.
    clock = RECEIVED + 3 * 24 * HOUR;
    try {
      const later = structuredClone(facts);
      later.lumbarImaging.date = '2026-03-22';
      const u = (await api.gql(provider, UPDATE, { input: { caseId: ok.case.id, expectedVersion: ok.case.version, clinicalFacts: later } })).body.data.updateClinicalFacts;
      expect(u.userErrors).toEqual([expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: ['input', 'clinicalFacts', 'lumbarImaging', 'date'] })]);
    } finally {
      clock = RECEIVED;
    }
  });
});

describe('analytics', () => {
  const STATS = /* GraphQL */ `query S($filter: StatsFilter!) { determinationStats(filter: $filter) { criteria { policyId criterionId met notMet unsure notApplicable } } }`;
  const METRICS = /* GraphQL */ `query M($year: Int!) { priorAuthMetrics(year: $year) { itemsRequiringPriorAuth expedited { medianDecisionHours averageDecisionHours } } }`;

  it('gives one row per policy and criterion (two GLYCEMIC_CONTROL rows) and lists add-on codes among the items', async () => {
    // Cases of both policies that name GLYCEMIC_CONTROL (knee arthroplasty, lumbar fusion) were received above.
    const stats = (await api.gql(as.analyst(), STATS, { filter: { from: '2026-03-20', to: '2026-03-20' } })).body.data.determinationStats;
    const glycemic = stats.criteria.filter((r: { criterionId: string }) => r.criterionId === 'GLYCEMIC_CONTROL');
    expect(glycemic.map((r: { policyId: string }) => r.policyId)).toEqual(['knee-arthroplasty', 'lumbar-fusion']);
    for (const row of glycemic) expect(row.met + row.notMet + row.unsure + row.notApplicable).toBeGreaterThan(0);
    const metrics = (await api.gql(as.analyst(), METRICS, { year: 2026 })).body.data.priorAuthMetrics;
    expect(metrics.itemsRequiringPriorAuth).toEqual(expect.arrayContaining(['22612', '22614', '22630', '22632', '22633', '22634']));
  });

  it('reports exact decision hours in priorAuthMetrics (1.5 and 2.25 hours: median 1.875)', async () => {
    let t = RECEIVED;
    const fresh = await createTestApi({ now: () => new Date(t) });
    const riskFactors = example('knee-arthroplasty', 'Risk factors (age 82');
    for (const hours of [1.5, 2.25]) {
      t = RECEIVED;
      const input = submitInput({
        providerId: PRV,
        urgency: 'EXPEDITED',
        requestedService: { cptCode: '27447', icd10Codes: ['M17.11'], description: null },
        requestedLevelOfCare: riskFactors.requestedLevelOfCare,
        clinicalFacts: riskFactors.facts,
      });
      const c = (await fresh.gql(provider, SUBMIT, { input })).body.data.submitCase.case;
      t = RECEIVED + hours * HOUR;
      const r = (await fresh.gql(as.physician('dr-fast'), DECIDE, { input: { caseId: c.id, expectedVersion: c.version, decision: 'PARTIALLY_APPROVED', approvedInpatientDays: 2, reasons: ['Guideline stay'] } })).body.data.recordDecision;
      expect(r.userErrors).toEqual([]);
    }
    const metrics = (await fresh.gql(as.analyst(), METRICS, { year: 2026 })).body.data.priorAuthMetrics;
    expect(metrics.expedited).toEqual({ medianDecisionHours: 1.875, averageDecisionHours: 1.875 });
  });
});
