// knee-arthroplasty v1, written from /work/shared/reference/policies/knee-arthroplasty.md
// (the page is the specification): the reference case, every threshold at,
// just below and just above its value, the NOT_APPLICABLE trigger (no
// diabetes) and its exclusion from the counts, and every level-of-care branch.
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, validateFacts, type Evaluation, type RequestedLevelOfCare } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';
import { daysBefore } from './helpers';

const doc = shippedPolicies.find((p) => p.id === 'knee-arthroplasty' && p.version === 1);
if (!doc) throw new Error('knee-arthroplasty v1 is not shipped');
const tka = compilePolicy(doc);

const IDS = [
  'KELLGREN_LAWRENCE_3_OR_4',
  'PAIN_AND_FUNCTIONAL_LIMITATION',
  'CONSERVATIVE_CARE_DURATION',
  'TWO_CONSERVATIVE_MODALITIES',
  'NO_ACTIVE_INFECTION',
  'GLYCEMIC_CONTROL',
] as const;
const OUTPATIENT: RequestedLevelOfCare = { setting: 'OUTPATIENT', inpatientDays: 0 };
const OBSERVATION: RequestedLevelOfCare = { setting: 'OBSERVATION', inpatientDays: 0 };
const inpatient = (inpatientDays: number): RequestedLevelOfCare => ({ setting: 'INPATIENT', inpatientDays });
const INPATIENT_GUIDELINE = 'Inpatient: 2 days (inpatient risk factor present)';
const OUTPATIENT_GUIDELINE = 'Outpatient: no inpatient risk factor (TKA off the CMS Inpatient-Only list since CY 2018)';
const TO_OUTPATIENT_STEP =
  'Perform TKA as an outpatient procedure, or document an inpatient risk factor (ASA class 3 or more, age 80 or more, no caregiver at home, or a listed condition).';
const HBA1C_STEP = 'Send an HbA1c below 8.0% drawn within 90 days before the planned surgery.';

/** The page's reference case, verbatim. */
const reference: Record<string, unknown> = {
  kneeRadiograph: { kellgrenLawrenceGrade: 4, weightBearing: true, date: '2026-02-02' },
  kneePainFeatures: ['INTERFERES_WITH_ADLS', 'WORSE_WITH_ACTIVITY', 'WORSE_WITH_WEIGHT_BEARING'],
  kneeExamFindings: ['LIMITED_RANGE_OF_MOTION', 'CREPITUS'],
  painScoreNrs: 8,
  conservativeTreatmentMonths: 5,
  conservativeModalities: ['NSAIDS_OR_ANALGESICS', 'PHYSICAL_THERAPY', 'INTRA_ARTICULAR_INJECTION'],
  bmi: 34.2,
  ageYears: 67,
  activeInfection: false,
  diabetes: true,
  hba1c: { valuePercent: 7.4, drawnOn: '2026-01-05' },
  plannedSurgeryDate: '2026-05-12',
  asaClass: 3,
  livesAloneWithoutCaregiver: false,
  inpatientRiskConditions: [],
};
const SURGERY = '2026-05-12';
/** Reference case with an HbA1c drawn 30 days before surgery: every criterion met. */
const allMet = { ...reference, hba1c: { valuePercent: 7.4, drawnOn: daysBefore(SURGERY, 30) } };
/** All met, no inpatient risk factor (ASA class 2, age 67, lives with a caregiver, no condition). */
const lowRisk = { ...allMet, asaClass: 2 };
/** Non-diabetic, no risk factor. */
const nonDiabetic = (() => {
  const { hba1c: _omit, ...rest } = lowRisk;
  return { ...rest, diabetes: false };
})();

function without(facts: Record<string, unknown>, ...fields: string[]): Record<string, unknown> {
  const copy = { ...facts };
  for (const f of fields) delete copy[f];
  return copy;
}
function run(facts: Record<string, unknown>, requested: RequestedLevelOfCare = OUTPATIENT, icd10Codes: string[] = []): Evaluation {
  const v = validateFacts(tka, facts);
  if (!v.ok) throw new Error(`invalid facts: ${JSON.stringify(v.errors)}`);
  return evaluate(tka, v.value, requested, '2026-03-02', icd10Codes);
}
const statuses = (e: Evaluation) => Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r.status]));
const resultOf = (facts: Record<string, unknown>, id: (typeof IDS)[number]) => {
  const r = run(facts).criteriaResults.find((c) => c.criterionId === id);
  if (!r) throw new Error(`no criterion ${id}`);
  return r;
};
const status = (facts: Record<string, unknown>, id: (typeof IDS)[number]) => resultOf(facts, id).status;

describe('knee-arthroplasty v1: the policy', () => {
  it('has the id, CPT code, title, validity, criteria, titles and citations of the page', () => {
    expect(tka).toMatchObject({ id: 'knee-arthroplasty', version: 1, title: 'Total knee arthroplasty', cptCodes: ['27447'], effectiveFrom: '2026-01-01', authorizationValidityDays: 90 });
    expect(tka.doc.procedure).toBe('total knee arthroplasty (TKA)');
    expect(tka.criteria.map((c) => c.id)).toEqual(IDS);
    expect(tka.criteria.map((c) => c.title)).toEqual([
      'Radiographic Kellgren-Lawrence grade 3-4',
      'Pain limiting daily activities, with exam findings',
      '3 months failed conservative care (6 if BMI > 40 or age < 50)',
      'At least two conservative modalities',
      'No active infection',
      'HbA1c below 8% in diabetics',
    ]);
    expect(tka.criteria.map((c) => c.citations)).toEqual([['[1]', '[2]'], ['[1]', '[3]'], ['[1]', '[2]'], ['[1]', '[2]'], ['[1]', '[2]', '[3]'], ['[4]', '[5]']]);
    for (const c of tka.criteria) expect(c.reasonCode).toMatchObject({ code: c.id, system: expect.stringMatching(/^https:\/\//) });
  });

  it('renders its thresholds in the requirement texts', () => {
    const req = Object.fromEntries(tka.criteria.map((c) => [c.id, c.requirement]));
    expect(req['CONSERVATIVE_CARE_DURATION']).toMatch(/3 months.*6 months.*BMI is above 40.*age is under 50/);
    expect(req['GLYCEMIC_CONTROL']).toMatch(/below 8\.0%.*within 90 days/);
    expect(req['TWO_CONSERVATIVE_MODALITIES']).toMatch(/At least 2 distinct/);
  });
});

describe('knee-arthroplasty v1: clinical facts', () => {
  const codes = (facts: Record<string, unknown>) => {
    const v = validateFacts(tka, facts);
    return v.ok ? [] : v.errors.map((e) => `${e.field.join('.')}:${e.code}`);
  };
  it('accepts the reference case and rejects an unknown field by name', () => {
    expect(codes(reference)).toEqual([]);
    expect(codes({ ...reference, kneeXray: true })).toEqual(['kneeXray:UNKNOWN_FACT']);
  });
  it.each([
    [{ kneeRadiograph: { kellgrenLawrenceGrade: 5 } }, 'kneeRadiograph.kellgrenLawrenceGrade'],
    [{ kneeRadiograph: { kellgrenLawrenceGrade: -1 } }, 'kneeRadiograph.kellgrenLawrenceGrade'],
    [{ painScoreNrs: 11 }, 'painScoreNrs'],
    [{ conservativeTreatmentMonths: 601 }, 'conservativeTreatmentMonths'],
    [{ bmi: 9.9 }, 'bmi'],
    [{ bmi: 100.1 }, 'bmi'],
    [{ ageYears: 131 }, 'ageYears'],
    [{ hba1c: { valuePercent: 2.9, drawnOn: '2026-01-05' } }, 'hba1c.valuePercent'],
    [{ hba1c: { valuePercent: 20.1, drawnOn: '2026-01-05' } }, 'hba1c.valuePercent'],
    [{ asaClass: 0 }, 'asaClass'],
    [{ asaClass: 7 }, 'asaClass'],
  ])('rejects the out-of-range value %o', (facts, field) => {
    expect(codes(facts)).toEqual([`${field}:FACT_OUT_OF_RANGE`]);
  });
  it('rejects values outside the enumerations and impossible dates', () => {
    expect(codes({ kneePainFeatures: ['NIGHT_PAIN'] })[0]).toMatch(/^kneePainFeatures\.0:INVALID_FACT_VALUE$/);
    expect(codes({ inpatientRiskConditions: ['OBESITY'] })[0]).toMatch(/^inpatientRiskConditions\.0:INVALID_FACT_VALUE$/);
    expect(codes({ plannedSurgeryDate: '2026-02-30' })).toEqual(['plannedSurgeryDate:INVALID_DATE']);
  });
});

describe('knee-arthroplasty v1: the reference case', () => {
  const e = run(reference, inpatient(2), ['M17.11', 'E11.9']);
  it('gives 1-5 MET and 6 UNSURE; 5 of 6; INSUFFICIENT_INFORMATION, pended (A4)', () => {
    expect(statuses(e)).toEqual({
      KELLGREN_LAWRENCE_3_OR_4: 'MET',
      PAIN_AND_FUNCTIONAL_LIMITATION: 'MET',
      CONSERVATIVE_CARE_DURATION: 'MET',
      TWO_CONSERVATIVE_MODALITIES: 'MET',
      NO_ACTIVE_INFECTION: 'MET',
      GLYCEMIC_CONTROL: 'UNSURE',
    });
    expect(e).toMatchObject({ metCount: 5, totalCount: 6, recommendation: 'INSUFFICIENT_INFORMATION', reviewAction: 'A4' });
  });
  it('asks for a redraw of the HbA1c drawn 127 days before surgery, with the page next step as the only one', () => {
    const g = e.criteriaResults.find((r) => r.criterionId === 'GLYCEMIC_CONTROL');
    expect(g?.rationale).toMatch(/7\.4%/);
    expect(g?.rationale).toMatch(/127 days before/);
    expect(g?.nextStep).toBe(HBA1C_STEP);
    expect(e.nextSteps).toEqual([HBA1C_STEP]);
  });
  it('level of care: inpatient, 2 approved days, naming ASA class 3, same as the request', () => {
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: 2, guideline: INPATIENT_GUIDELINE });
    expect(e.levelOfCare.rationale).toBe('Inpatient risk factor(s): ASA class 3. Guideline inpatient stay 2 days; 2 requested, 2 approved.');
    expect(e.levelOfCareChanged).toBe(false);
  });
  it('with a recent HbA1c the same case is MEDICALLY_NECESSARY and approved automatically (A1)', () => {
    expect(run(allMet, inpatient(2))).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', metCount: 6, totalCount: 6, reviewAction: 'A1', nextSteps: [], levelOfCareChanged: false });
  });
});

describe('knee-arthroplasty v1: KELLGREN_LAWRENCE_3_OR_4 (grade >= 3)', () => {
  it.each([
    [4, 'MET'],
    [3, 'MET'],
    [2, 'NOT_MET'],
    [0, 'NOT_MET'],
  ])('grade %i is %s', (grade, want) => {
    expect(status({ ...allMet, kneeRadiograph: { kellgrenLawrenceGrade: grade } }, 'KELLGREN_LAWRENCE_3_OR_4')).toBe(want);
  });
  it('no radiograph is UNSURE', () => {
    expect(status(without(allMet, 'kneeRadiograph'), 'KELLGREN_LAWRENCE_3_OR_4')).toBe('UNSURE');
  });
});

describe('knee-arthroplasty v1: PAIN_AND_FUNCTIONAL_LIMITATION (ADLs + 2 distinct pain features, 1 exam finding)', () => {
  const pain = (kneePainFeatures: unknown, kneeExamFindings: unknown = ['CREPITUS']) =>
    status({ ...allMet, kneePainFeatures, kneeExamFindings }, 'PAIN_AND_FUNCTIONAL_LIMITATION');
  it('interference with daily activities plus one more distinct feature (2) is MET, and 3', () => {
    expect(pain(['INTERFERES_WITH_ADLS', 'WORSE_WITH_ACTIVITY'])).toBe('MET');
    expect(pain(['INTERFERES_WITH_ADLS', 'WORSE_WITH_WEIGHT_BEARING'])).toBe('MET');
    expect(pain(['INTERFERES_WITH_ADLS', 'WORSE_WITH_ACTIVITY', 'WORSE_WITH_WEIGHT_BEARING'])).toBe('MET');
  });
  it('one distinct feature (1) is NOT_MET, also when listed twice', () => {
    expect(pain(['INTERFERES_WITH_ADLS'])).toBe('NOT_MET');
    expect(pain(['INTERFERES_WITH_ADLS', 'INTERFERES_WITH_ADLS'])).toBe('NOT_MET');
    expect(pain([])).toBe('NOT_MET');
  });
  it('two features without interference with daily activities are NOT_MET', () => {
    expect(pain(['WORSE_WITH_ACTIVITY', 'WORSE_WITH_WEIGHT_BEARING'])).toBe('NOT_MET');
  });
  it('exam findings: 1 is MET, 2 are MET, an empty list (0) is NOT_MET', () => {
    expect(pain(['INTERFERES_WITH_ADLS', 'WORSE_WITH_ACTIVITY'], ['EFFUSION_OR_SWELLING'])).toBe('MET');
    expect(pain(['INTERFERES_WITH_ADLS', 'WORSE_WITH_ACTIVITY'], ['LIMITED_RANGE_OF_MOTION', 'EFFUSION_OR_SWELLING'])).toBe('MET');
    expect(pain(['INTERFERES_WITH_ADLS', 'WORSE_WITH_ACTIVITY'], [])).toBe('NOT_MET');
  });
  it('a missing list is UNSURE unless the other documented list fails', () => {
    expect(status(without(allMet, 'kneeExamFindings'), 'PAIN_AND_FUNCTIONAL_LIMITATION')).toBe('UNSURE');
    expect(status(without(allMet, 'kneePainFeatures'), 'PAIN_AND_FUNCTIONAL_LIMITATION')).toBe('UNSURE');
    expect(status(without(allMet, 'kneePainFeatures', 'kneeExamFindings'), 'PAIN_AND_FUNCTIONAL_LIMITATION')).toBe('UNSURE');
    expect(status({ ...without(allMet, 'kneePainFeatures'), kneeExamFindings: [] }, 'PAIN_AND_FUNCTIONAL_LIMITATION')).toBe('NOT_MET');
    expect(status({ ...without(allMet, 'kneeExamFindings'), kneePainFeatures: ['INTERFERES_WITH_ADLS'] }, 'PAIN_AND_FUNCTIONAL_LIMITATION')).toBe('NOT_MET');
  });
});

describe('knee-arthroplasty v1: CONSERVATIVE_CARE_DURATION (3 months; 6 if BMI > 40 or age < 50)', () => {
  const months = (conservativeTreatmentMonths: number, more: Record<string, unknown> = {}) =>
    status({ ...allMet, conservativeTreatmentMonths, ...more }, 'CONSERVATIVE_CARE_DURATION');
  it('3 months required with BMI 34.2 and age 67: 3 MET, 2.9 NOT_MET, 3.1 MET', () => {
    expect(months(3)).toBe('MET');
    expect(months(2.9)).toBe('NOT_MET');
    expect(months(3.1)).toBe('MET');
    expect(months(0)).toBe('NOT_MET');
  });
  it('6 months required with BMI 45: 6 MET, 5.9 NOT_MET, 6.1 MET', () => {
    expect(months(6, { bmi: 45 })).toBe('MET');
    expect(months(5.9, { bmi: 45 })).toBe('NOT_MET');
    expect(months(6.1, { bmi: 45 })).toBe('MET');
  });
  it('BMI 40 needs 3 months; just above 40 needs 6', () => {
    expect(months(4, { bmi: 40 })).toBe('MET');
    expect(months(4, { bmi: 39.9 })).toBe('MET');
    expect(months(4, { bmi: 40.1 })).toBe('NOT_MET');
  });
  it('age 50 needs 3 months; age 49 needs 6; age 51 needs 3', () => {
    expect(months(4, { ageYears: 50 })).toBe('MET');
    expect(months(4, { ageYears: 49 })).toBe('NOT_MET');
    expect(months(4, { ageYears: 51 })).toBe('MET');
    expect(months(6, { ageYears: 49 })).toBe('MET');
  });
  it('names why 6 months are required, in words', () => {
    const r = resultOf({ ...allMet, conservativeTreatmentMonths: 4, bmi: 42.5, ageYears: 45 }, 'CONSERVATIVE_CARE_DURATION');
    expect(r.rationale).toMatch(/BMI 42\.5/);
    expect(r.rationale).toMatch(/age 45/);
    expect(r.rationale).toMatch(/6 months/);
  });
  it('missing months is UNSURE', () => {
    expect(status(without(allMet, 'conservativeTreatmentMonths'), 'CONSERVATIVE_CARE_DURATION')).toBe('UNSURE');
  });
  it('between 3 and 6 months: UNSURE with BMI or age missing, NOT_MET when a documented one requires 6', () => {
    expect(status({ ...without(allMet, 'bmi'), conservativeTreatmentMonths: 4 }, 'CONSERVATIVE_CARE_DURATION')).toBe('UNSURE');
    expect(status({ ...without(allMet, 'ageYears'), conservativeTreatmentMonths: 4 }, 'CONSERVATIVE_CARE_DURATION')).toBe('UNSURE');
    expect(status({ ...without(allMet, 'ageYears'), conservativeTreatmentMonths: 4, bmi: 41 }, 'CONSERVATIVE_CARE_DURATION')).toBe('NOT_MET');
    expect(status({ ...without(allMet, 'bmi'), conservativeTreatmentMonths: 4, ageYears: 40 }, 'CONSERVATIVE_CARE_DURATION')).toBe('NOT_MET');
  });
  it('6 months or more, or under 3, decide without BMI and age', () => {
    expect(status({ ...without(allMet, 'bmi', 'ageYears'), conservativeTreatmentMonths: 6 }, 'CONSERVATIVE_CARE_DURATION')).toBe('MET');
    expect(status({ ...without(allMet, 'bmi', 'ageYears'), conservativeTreatmentMonths: 2 }, 'CONSERVATIVE_CARE_DURATION')).toBe('NOT_MET');
  });
});

describe('knee-arthroplasty v1: TWO_CONSERVATIVE_MODALITIES (>= 2 distinct)', () => {
  const mods = (conservativeModalities: unknown) => status({ ...allMet, conservativeModalities }, 'TWO_CONSERVATIVE_MODALITIES');
  it('2 distinct MET, 3 MET, 1 NOT_MET (also listed twice), none NOT_MET, missing UNSURE', () => {
    expect(mods(['BRACING', 'WEIGHT_LOSS'])).toBe('MET');
    expect(mods(['NSAIDS_OR_ANALGESICS', 'PHYSICAL_THERAPY', 'INTRA_ARTICULAR_INJECTION'])).toBe('MET');
    expect(mods(['PHYSICAL_THERAPY'])).toBe('NOT_MET');
    expect(mods(['PHYSICAL_THERAPY', 'PHYSICAL_THERAPY'])).toBe('NOT_MET');
    expect(mods([])).toBe('NOT_MET');
    expect(status(without(allMet, 'conservativeModalities'), 'TWO_CONSERVATIVE_MODALITIES')).toBe('UNSURE');
  });
});

describe('knee-arthroplasty v1: NO_ACTIVE_INFECTION', () => {
  it('false MET, true NOT_MET, missing UNSURE', () => {
    expect(status({ ...allMet, activeInfection: false }, 'NO_ACTIVE_INFECTION')).toBe('MET');
    expect(status({ ...allMet, activeInfection: true }, 'NO_ACTIVE_INFECTION')).toBe('NOT_MET');
    expect(status(without(allMet, 'activeInfection'), 'NO_ACTIVE_INFECTION')).toBe('UNSURE');
  });
  it('an active infection makes the case NOT_MEDICALLY_NECESSARY', () => {
    expect(run({ ...allMet, activeInfection: true }).recommendation).toBe('NOT_MEDICALLY_NECESSARY');
  });
});

describe('knee-arthroplasty v1: GLYCEMIC_CONTROL (diabetics: HbA1c < 8.0% within 90 days before surgery)', () => {
  const hba1c = (valuePercent: number, daysBeforeSurgery: number) =>
    status({ ...allMet, hba1c: { valuePercent, drawnOn: daysBefore(SURGERY, daysBeforeSurgery) } }, 'GLYCEMIC_CONTROL');
  it('HbA1c 8.0% NOT_MET, 7.9% MET, 8.1% NOT_MET', () => {
    expect(hba1c(8.0, 30)).toBe('NOT_MET');
    expect(hba1c(7.9, 30)).toBe('MET');
    expect(hba1c(8.1, 30)).toBe('NOT_MET');
  });
  it('drawn 90 days before MET, 89 MET, 91 UNSURE (redraw); on the day MET; a day after UNSURE', () => {
    expect(hba1c(7.4, 90)).toBe('MET');
    expect(hba1c(7.4, 89)).toBe('MET');
    expect(hba1c(7.4, 91)).toBe('UNSURE');
    expect(hba1c(7.4, 0)).toBe('MET');
    expect(hba1c(7.4, -1)).toBe('UNSURE');
  });
  it('an HbA1c of 8.0% or more is NOT_MET even when too old', () => {
    expect(hba1c(8.5, 127)).toBe('NOT_MET');
  });
  it('diabetic without an HbA1c or without a planned surgery date is UNSURE', () => {
    expect(status(without(allMet, 'hba1c'), 'GLYCEMIC_CONTROL')).toBe('UNSURE');
    expect(status(without(allMet, 'plannedSurgeryDate'), 'GLYCEMIC_CONTROL')).toBe('UNSURE');
  });
  it('an undocumented diabetes status is UNSURE, even with a good HbA1c', () => {
    expect(status(without(allMet, 'diabetes'), 'GLYCEMIC_CONTROL')).toBe('UNSURE');
  });
  it('no diabetes is NOT_APPLICABLE, whatever the HbA1c, with no next step', () => {
    expect(status(nonDiabetic, 'GLYCEMIC_CONTROL')).toBe('NOT_APPLICABLE');
    const r = resultOf({ ...nonDiabetic, hba1c: { valuePercent: 9.5, drawnOn: '2025-01-01' } }, 'GLYCEMIC_CONTROL');
    expect(r.status).toBe('NOT_APPLICABLE');
    expect(r.nextStep).toBeNull();
  });
});

describe('knee-arthroplasty v1: NOT_APPLICABLE is left out of metCount and totalCount', () => {
  it('a non-diabetic meeting everything else: 5 of 5, MEDICALLY_NECESSARY', () => {
    expect(run(nonDiabetic)).toMatchObject({ metCount: 5, totalCount: 5, recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1', nextSteps: [] });
  });
  it('a non-diabetic with one failure: 4 of 5, NOT_MEDICALLY_NECESSARY; with one unknown: INSUFFICIENT_INFORMATION', () => {
    expect(run({ ...nonDiabetic, kneeRadiograph: { kellgrenLawrenceGrade: 2 } })).toMatchObject({ metCount: 4, totalCount: 5, recommendation: 'NOT_MEDICALLY_NECESSARY' });
    expect(run(without(nonDiabetic, 'activeInfection'))).toMatchObject({ metCount: 4, totalCount: 5, recommendation: 'INSUFFICIENT_INFORMATION' });
  });
  it('a diabetic counts all 6', () => {
    expect(run(lowRisk)).toMatchObject({ metCount: 6, totalCount: 6 });
  });
  it('nothing documented: 0 of 6, INSUFFICIENT_INFORMATION', () => {
    expect(run({})).toMatchObject({ metCount: 0, totalCount: 6, recommendation: 'INSUFFICIENT_INFORMATION' });
  });
});

describe('knee-arthroplasty v1: inpatient risk factors', () => {
  const setting = (facts: Record<string, unknown>) => run(facts, inpatient(2)).levelOfCare.recommendedSetting;
  it('ASA class 3 or more: 2 outpatient, 3 and 4 inpatient', () => {
    expect(setting({ ...lowRisk, asaClass: 2 })).toBe('OUTPATIENT');
    expect(setting({ ...lowRisk, asaClass: 3 })).toBe('INPATIENT');
    expect(setting({ ...lowRisk, asaClass: 4 })).toBe('INPATIENT');
  });
  it('age 80 or more: 79 outpatient, 80 and 81 inpatient', () => {
    expect(setting({ ...lowRisk, ageYears: 79 })).toBe('OUTPATIENT');
    expect(setting({ ...lowRisk, ageYears: 80 })).toBe('INPATIENT');
    expect(setting({ ...lowRisk, ageYears: 81 })).toBe('INPATIENT');
  });
  it('living alone without a caregiver: true inpatient, false outpatient', () => {
    expect(setting({ ...lowRisk, livesAloneWithoutCaregiver: true })).toBe('INPATIENT');
    expect(setting({ ...lowRisk, livesAloneWithoutCaregiver: false })).toBe('OUTPATIENT');
  });
  it.each([
    ['POORLY_CONTROLLED_HEART_FAILURE', /heart failure/],
    ['MYOCARDIAL_INFARCTION_WITHIN_6_MONTHS', /myocardial infarction/],
    ['SIGNIFICANT_VALVULAR_DISEASE', /valvular/],
    ['CKD_STAGE_4_OR_5', /kidney disease/],
    ['HOME_OXYGEN', /home oxygen/],
    ['OSA_NONCOMPLIANT_WITH_TREATMENT', /obstructive sleep apnea not compliant with treatment/],
    ['CIRRHOSIS', /cirrhosis/],
    ['BLEEDING_DISORDER', /bleeding disorder/],
    ['STROKE_WITHIN_9_MONTHS', /stroke/],
    ['DEMENTIA', /dementia/],
    ['DEPENDENT_FUNCTIONAL_STATUS', /dependent functional status/],
  ])('the condition %s is a risk factor, named in plain words', (condition, words) => {
    const e = run({ ...lowRisk, inpatientRiskConditions: [condition] }, inpatient(2));
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: 2, guideline: INPATIENT_GUIDELINE });
    expect(e.levelOfCare.rationale).toMatch(new RegExp(`^Inpatient risk factor\\(s\\): [^.]*${words.source}[^.]*\\. Guideline inpatient stay 2 days`));
    expect(e.levelOfCare.rationale).not.toContain(condition);
  });
  it('names every risk factor found, in the page order: ASA class, age, no caregiver, conditions', () => {
    const e = run({ ...lowRisk, asaClass: 3, ageYears: 84, livesAloneWithoutCaregiver: true, inpatientRiskConditions: ['DEMENTIA', 'OSA_NONCOMPLIANT_WITH_TREATMENT'] }, inpatient(2));
    const r = e.levelOfCare.rationale;
    const at = ['ASA class 3', 'age 84', 'lives alone without a caregiver'].map((t) => r.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r).toMatch(/dementia/);
    expect(r.indexOf('lives alone without a caregiver')).toBeLessThan(r.indexOf('obstructive sleep apnea'));
  });
  it('undocumented facts are not risk factors: nothing documented is outpatient', () => {
    expect(setting(without(lowRisk, 'asaClass', 'ageYears', 'livesAloneWithoutCaregiver', 'inpatientRiskConditions'))).toBe('OUTPATIENT');
    expect(run({}, inpatient(2)).levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', approvedInpatientDays: 0 });
  });
  it('BMI and diabetes are not risk factors by themselves', () => {
    expect(setting({ ...lowRisk, bmi: 48, conservativeTreatmentMonths: 7 })).toBe('OUTPATIENT');
  });
});

describe('knee-arthroplasty v1: level-of-care branches', () => {
  const highRisk = { ...allMet, asaClass: 3 };
  it('no risk factor, outpatient requested: outpatient, 0 days, unchanged, approved (A1)', () => {
    const e = run(lowRisk, OUTPATIENT);
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', inpatientIndicated: false, approvedInpatientDays: 0, guideline: OUTPATIENT_GUIDELINE });
    expect(e.levelOfCare.rationale).toBe('No inpatient risk factor documented (ASA class 2, age 67); TKA is performed as an outpatient procedure.');
    expect(e).toMatchObject({ levelOfCareChanged: false, reviewAction: 'A1', nextSteps: [] });
  });
  it.each([inpatient(2), inpatient(0), OBSERVATION])('no risk factor, %o requested: outpatient, changed, with the page next step', (requested) => {
    const e = run(lowRisk, requested);
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', inpatientIndicated: false, approvedInpatientDays: 0, guideline: OUTPATIENT_GUIDELINE });
    expect(e).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4', recommendation: 'MEDICALLY_NECESSARY' });
    expect(e.nextSteps).toEqual([TO_OUTPATIENT_STEP]);
  });
  it('risk factor, more days requested than the guideline (4): 2 approved, changed (days reduced)', () => {
    const e = run(highRisk, inpatient(4));
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: 2, guideline: INPATIENT_GUIDELINE });
    expect(e.levelOfCare.rationale).toMatch(/4 requested, 2 approved/);
    expect(e).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4' });
    expect(e.nextSteps).toHaveLength(1);
  });
  it('risk factor, 3 days requested: 2 approved, changed', () => {
    expect(run(highRisk, inpatient(3))).toMatchObject({ levelOfCare: { approvedInpatientDays: 2 }, levelOfCareChanged: true });
  });
  it('risk factor, days within the guideline: 2 requested 2 approved, 1 requested 1 approved, unchanged (A1)', () => {
    expect(run(highRisk, inpatient(2))).toMatchObject({ levelOfCare: { recommendedSetting: 'INPATIENT', approvedInpatientDays: 2 }, levelOfCareChanged: false, reviewAction: 'A1' });
    const one = run(highRisk, inpatient(1));
    expect(one).toMatchObject({ levelOfCare: { recommendedSetting: 'INPATIENT', approvedInpatientDays: 1, guideline: INPATIENT_GUIDELINE }, levelOfCareChanged: false, reviewAction: 'A1' });
    expect(one.levelOfCare.rationale).toMatch(/1 requested, 1 approved/);
  });
  it('risk factor, inpatient with no days stated: 2 approved, unchanged', () => {
    const e = run(highRisk, inpatient(0));
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: 2, guideline: INPATIENT_GUIDELINE });
    expect(e.levelOfCareChanged).toBe(false);
  });
  it.each([OUTPATIENT, OBSERVATION])('risk factor, a setting below the guideline (%o): inpatient, 2 days, changed', (requested) => {
    const e = run(highRisk, requested);
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: 2, guideline: INPATIENT_GUIDELINE });
    expect(e.levelOfCare.rationale).toMatch(/ASA class 3/);
    expect(e).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4' });
    expect(e.nextSteps).toHaveLength(1);
  });
});

describe('knee-arthroplasty v1: texts are clinical prose', () => {
  // Every fact name (top level and nested) and every enum value of the fact schema.
  const props = doc.factSchema['properties'] as Record<string, Record<string, unknown>>;
  const names = new Set<string>();
  const walk = (node: Record<string, unknown>) => {
    for (const v of (node['enum'] as string[] | undefined) ?? []) names.add(v);
    const items = node['items'] as Record<string, unknown> | undefined;
    if (items) walk(items);
    for (const [k, child] of Object.entries((node['properties'] as Record<string, Record<string, unknown>> | undefined) ?? {})) {
      names.add(k);
      walk(child);
    }
  };
  walk({ properties: props });
  const raw = [...names].filter((n) => n.length > 4 && n !== 'diabetes'); // "diabetes" is also the plain word

  const cases: [Record<string, unknown>, RequestedLevelOfCare][] = [
    [reference, inpatient(2)],
    [{}, OBSERVATION],
    [nonDiabetic, inpatient(3)],
    [{ ...allMet, asaClass: 4, ageYears: 85, livesAloneWithoutCaregiver: true, inpatientRiskConditions: ['CKD_STAGE_4_OR_5', 'HOME_OXYGEN'] }, OUTPATIENT],
    [{ ...allMet, kneeRadiograph: { kellgrenLawrenceGrade: 1 }, kneePainFeatures: ['WORSE_WITH_ACTIVITY'], kneeExamFindings: [], conservativeModalities: ['BRACING'], conservativeTreatmentMonths: 1, activeInfection: true, hba1c: { valuePercent: 9, drawnOn: '2026-05-01' } }, inpatient(5)],
    [{ ...without(allMet, 'bmi'), conservativeTreatmentMonths: 4, hba1c: { valuePercent: 7, drawnOn: '2026-06-01' } }, inpatient(0)],
    [{ ...without(allMet, 'ageYears', 'plannedSurgeryDate'), conservativeTreatmentMonths: 4, bmi: 41, kneePainFeatures: ['INTERFERES_WITH_ADLS'] }, OUTPATIENT],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i: no fact name or raw enum value in rationales, next steps or the verdict', (_i, facts, requested) => {
    const e = run(facts, requested);
    const texts = [...e.criteriaResults.map((r) => r.rationale), ...e.nextSteps, e.levelOfCare.rationale, e.levelOfCare.guideline];
    for (const t of texts) for (const n of raw) expect(t, t).not.toContain(n);
    for (const t of texts) expect(t).not.toMatch(/\bundefined\b|\bnull\b|\[object/);
  });
  it('requirements use no fact name or raw enum value', () => {
    for (const c of tka.criteria) for (const n of raw) expect(c.requirement, c.requirement).not.toContain(n);
  });
});
