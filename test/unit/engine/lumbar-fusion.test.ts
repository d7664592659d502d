// lumbar-fusion v1, written from /work/shared/reference/policies/lumbar-fusion.md
// (the page is the specification): the reference case, every threshold at,
// just below and just above its value, every NOT_APPLICABLE trigger, every
// level-of-care branch, NOT_APPLICABLE left out of the counts, and texts a
// member can read (no field names, no raw codes).
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, validateFacts, type Evaluation, type FactError, type RequestedLevelOfCare } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';
import { daysBefore } from './helpers';

const doc = shippedPolicies.find((p) => p.id === 'lumbar-fusion' && p.version === 1);
if (!doc) throw new Error('lumbar-fusion v1 is not shipped');
const fusion = compilePolicy(doc);

/** The policy's criterion ids. */
type Id =
  | 'QUALIFYING_INDICATION'
  | 'IMAGING_CORRELATION'
  | 'PAIN_LIMITS_DAILY_ACTIVITIES'
  | 'CONSERVATIVE_TREATMENT_3_MONTHS'
  | 'NICOTINE_FREE'
  | 'GLYCEMIC_CONTROL';
type Facts = Record<string, unknown>;

const SURGERY = '2026-04-07';
/** The page's reference case, verbatim. */
const reference: Facts = {
  diagnosis: 'SPONDYLOLISTHESIS',
  meyerdingGrade: 1,
  dynamicTranslationMm: 5,
  redFlags: [],
  lumbarImaging: { modality: 'MRI', concordantWithSymptoms: true, date: '2026-01-20' },
  painScoreNrs: 7,
  limitsDailyActivities: true,
  conservativeTreatmentMonths: 5,
  physicalTherapyMonths: 2,
  nicotine: { status: 'FORMER', quitDate: '2025-09-01', lab: { test: 'COTININE', valueNgMl: 2, drawnOn: '2026-03-10' } },
  diabetes: false,
  plannedSurgeryDate: SURGERY,
  fusionLevels: 1,
};
const REFERENCE_REQUEST: RequestedLevelOfCare = { setting: 'INPATIENT', inpatientDays: 5 };
/** Within the guideline for one level, so a medically necessary case is approved as requested. */
const THREE_DAYS: RequestedLevelOfCare = { setting: 'INPATIENT', inpatientDays: 3 };

function run(facts: Facts, requested: RequestedLevelOfCare = THREE_DAYS): Evaluation {
  const v = validateFacts(fusion, facts);
  if (!v.ok) throw new Error(`invalid facts: ${JSON.stringify(v.errors)}`);
  return evaluate(fusion, v.value, requested, '2026-03-20', ['M43.16']);
}
const statuses = (e: Evaluation) => Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r.status]));
const resultOf = (facts: Facts, id: Id) => {
  const r = run(facts).criteriaResults.find((c) => c.criterionId === id);
  if (!r) throw new Error(`no criterion ${id}`);
  return r;
};
const status = (facts: Facts, id: Id) => resultOf(facts, id).status;
const without = (facts: Facts, ...keys: string[]): Facts => {
  const copy = { ...facts };
  for (const k of keys) delete copy[k];
  return copy;
};
const nicotine = (patch: Facts, lab: Facts = {}): Facts => ({
  ...reference,
  nicotine: {
    status: 'FORMER',
    quitDate: '2025-09-01',
    ...patch,
    lab: { test: 'COTININE', valueNgMl: 2, drawnOn: '2026-03-10', ...lab },
  },
});
const diabetic = (hba1c: Facts | undefined): Facts => ({ ...reference, diabetes: true, ...(hba1c ? { hba1c } : {}) });
const imaging = (patch: Facts): Facts => ({ ...reference, lumbarImaging: { modality: 'MRI', concordantWithSymptoms: true, date: '2026-01-20', ...patch } });
const RED_FLAGS = ['CAUDA_EQUINA_SYNDROME', 'PROGRESSIVE_NEUROLOGICAL_DEFICIT', 'MALIGNANCY', 'INFECTION', 'FRACTURE'];

describe('lumbar-fusion v1: the policy', () => {
  it('has the id, CPT codes, dates and validity of the page', () => {
    expect(fusion).toMatchObject({
      id: 'lumbar-fusion',
      version: 1,
      title: 'Lumbar spinal fusion',
      cptCodes: ['22612', '22630', '22633'],
      effectiveFrom: '2026-01-01',
      authorizationValidityDays: 90,
    });
    expect(fusion.doc.procedure).toBe('lumbar spinal fusion (arthrodesis)');
  });

  it('has the criteria, titles and citations of the page, each with a reason code', () => {
    expect(fusion.criteria.map((c) => [c.id, c.title, c.citations])).toEqual([
      ['QUALIFYING_INDICATION', 'Qualifying indication with instability', ['[1]', '[2]', '[3]', '[4]']],
      ['IMAGING_CORRELATION', 'Advanced imaging concordant with symptoms, within 6 months', ['[2]', '[3]']],
      ['PAIN_LIMITS_DAILY_ACTIVITIES', 'Pain ≥5/10 limiting daily activities', ['[1]', '[5]']],
      ['CONSERVATIVE_TREATMENT_3_MONTHS', '3 months conservative treatment', ['[1]', '[2]', '[4]', '[7]']],
      ['NICOTINE_FREE', 'Nicotine-free for 6 weeks', ['[1]', '[2]', '[3]', '[7]']],
      ['GLYCEMIC_CONTROL', 'HbA1c below 8% in diabetics', ['[1]']],
    ]);
    for (const c of fusion.criteria) expect(c.reasonCode).toMatchObject({ code: c.id, system: expect.stringMatching(/^https:\/\//) });
  });

  it('renders its thresholds in the requirement texts', () => {
    const req = Object.fromEntries(fusion.criteria.map((c) => [c.id, c.requirement]));
    expect(req['QUALIFYING_INDICATION']).toMatch(/4 mm/);
    expect(req['QUALIFYING_INDICATION']).toMatch(/grade II/);
    expect(req['QUALIFYING_INDICATION']).toMatch(/6 months/);
    expect(req['IMAGING_CORRELATION']).toMatch(/180 days/);
    expect(req['PAIN_LIMITS_DAILY_ACTIVITIES']).toMatch(/\b5\b/);
    expect(req['CONSERVATIVE_TREATMENT_3_MONTHS']).toMatch(/3 months/);
    expect(req['NICOTINE_FREE']).toMatch(/42 days/);
    expect(req['NICOTINE_FREE']).toMatch(/10 ng\/ml/);
    expect(req['GLYCEMIC_CONTROL']).toMatch(/8\.0%/);
    expect(req['GLYCEMIC_CONTROL']).toMatch(/90 days/);
  });
});

describe('lumbar-fusion v1: the reference case', () => {
  const e = run(reference, REFERENCE_REQUEST);

  it('gives 1-5 MET and 6 NOT_APPLICABLE (no diabetes); 5 of 5 met; MEDICALLY_NECESSARY', () => {
    expect(statuses(e)).toEqual({
      QUALIFYING_INDICATION: 'MET',
      IMAGING_CORRELATION: 'MET',
      PAIN_LIMITS_DAILY_ACTIVITIES: 'MET',
      CONSERVATIVE_TREATMENT_3_MONTHS: 'MET',
      NICOTINE_FREE: 'MET',
      GLYCEMIC_CONTROL: 'NOT_APPLICABLE',
    });
    expect(e).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', metCount: 5, totalCount: 5 });
  });

  it('states the figures the page states: 5 mm, 77 days, 218 days, 2 ng/ml drawn 28 days before', () => {
    const r = Object.fromEntries(e.criteriaResults.map((c) => [c.criterionId, c.rationale]));
    expect(r['QUALIFYING_INDICATION']).toMatch(/5 mm/);
    expect(r['IMAGING_CORRELATION']).toMatch(/77 days/);
    expect(r['NICOTINE_FREE']).toMatch(/218 days/);
    expect(r['NICOTINE_FREE']).toMatch(/28 days/);
    expect(r['NICOTINE_FREE']).toMatch(/2 ng\/ml/);
    expect(r['NICOTINE_FREE']).toMatch(/cotinine/);
  });

  it('level of care: inpatient, 3 of the 5 requested days approved: days reduced, so it waits for a physician (A4)', () => {
    expect(e.levelOfCare).toMatchObject({
      requestedSetting: 'INPATIENT',
      requestedInpatientDays: 5,
      recommendedSetting: 'INPATIENT',
      inpatientIndicated: true,
      approvedInpatientDays: 3,
      guideline: 'Guideline LOS: 3 days (1 fusion level)',
      rationale: 'Guideline length of stay for a 1-level lumbar fusion is 3 days; 5 inpatient days requested, 3 approved.',
    });
    expect(e.levelOfCareChanged).toBe(true);
    expect(e.reviewAction).toBe('A4');
    expect(e.nextSteps).toEqual([
      'Inpatient stay approved for 3 days (guideline LOS 3 days); request concurrent review with clinical documentation if a longer stay becomes necessary.',
    ]);
  });

  it('criteria results show no next step for MET or NOT_APPLICABLE', () => {
    for (const r of e.criteriaResults) expect(r.nextStep).toBeNull();
  });
});

describe('lumbar-fusion v1: QUALIFYING_INDICATION', () => {
  const spondy = (patch: Facts): Facts => ({ ...without(reference, 'meyerdingGrade', 'dynamicTranslationMm'), ...patch });
  const Q = 'QUALIFYING_INDICATION' as const;

  it('no diagnosis: UNSURE', () => {
    expect(status(without(reference, 'diagnosis'), Q)).toBe('UNSURE');
  });

  it('spondylolisthesis: translation 4 mm MET, 3.9 NOT_MET (grade I), 4.1 MET', () => {
    expect(status(spondy({ meyerdingGrade: 1, dynamicTranslationMm: 4 }), Q)).toBe('MET');
    expect(status(spondy({ meyerdingGrade: 1, dynamicTranslationMm: 3.9 }), Q)).toBe('NOT_MET');
    expect(status(spondy({ meyerdingGrade: 1, dynamicTranslationMm: 4.1 }), Q)).toBe('MET');
  });

  it('spondylolisthesis: Meyerding grade 2 MET, 1 NOT_MET (translation below 4), 3 MET', () => {
    expect(status(spondy({ meyerdingGrade: 2, dynamicTranslationMm: 0 }), Q)).toBe('MET');
    expect(status(spondy({ meyerdingGrade: 1, dynamicTranslationMm: 0 }), Q)).toBe('NOT_MET');
    expect(status(spondy({ meyerdingGrade: 3, dynamicTranslationMm: 0 }), Q)).toBe('MET');
    expect(status(spondy({ meyerdingGrade: 5, dynamicTranslationMm: 0 }), Q)).toBe('MET');
  });

  it('spondylolisthesis: either one suffices on its own, even with the other missing', () => {
    expect(status(spondy({ meyerdingGrade: 2 }), Q)).toBe('MET');
    expect(status(spondy({ dynamicTranslationMm: 4 }), Q)).toBe('MET');
  });

  it('spondylolisthesis: one of them missing and the other not qualifying is UNSURE', () => {
    expect(status(spondy({ meyerdingGrade: 1 }), Q)).toBe('UNSURE');
    expect(status(spondy({ dynamicTranslationMm: 3.9 }), Q)).toBe('UNSURE');
    expect(status(spondy({}), Q)).toBe('UNSURE');
  });

  it.each(['SPINAL_STENOSIS', 'RECURRENT_DISC_HERNIATION'])('%s: translation 4 MET, 3.9 NOT_MET, 4.1 MET, missing UNSURE', (diagnosis) => {
    const f = (patch: Facts) => ({ ...without(reference, 'meyerdingGrade', 'dynamicTranslationMm'), diagnosis, ...patch });
    expect(status(f({ dynamicTranslationMm: 4 }), Q)).toBe('MET');
    expect(status(f({ dynamicTranslationMm: 3.9 }), Q)).toBe('NOT_MET');
    expect(status(f({ dynamicTranslationMm: 4.1 }), Q)).toBe('MET');
    expect(status(f({ dynamicTranslationMm: 0 }), Q)).toBe('NOT_MET');
    expect(status(f({}), Q)).toBe('UNSURE');
    // the Meyerding grade is evidence for spondylolisthesis only
    expect(status(f({ meyerdingGrade: 3 }), Q)).toBe('UNSURE');
  });

  it('PSEUDARTHROSIS: 6 months since the prior fusion MET, 5.9 NOT_MET, 6.1 MET, missing UNSURE', () => {
    const f = (patch: Facts) => ({ ...without(reference, 'meyerdingGrade', 'dynamicTranslationMm'), diagnosis: 'PSEUDARTHROSIS', ...patch });
    expect(status(f({ monthsSincePriorFusion: 6 }), Q)).toBe('MET');
    expect(status(f({ monthsSincePriorFusion: 5.9 }), Q)).toBe('NOT_MET');
    expect(status(f({ monthsSincePriorFusion: 6.1 }), Q)).toBe('MET');
    expect(status(f({}), Q)).toBe('UNSURE');
    expect(status(f({ dynamicTranslationMm: 10 }), Q)).toBe('UNSURE');
  });

  it.each(['DEGENERATIVE_DISC_DISEASE', 'PRIMARY_DISC_HERNIATION', 'FACET_ARTHROPATHY', 'OTHER'])('%s: NOT_MET, even with instability', (diagnosis) => {
    expect(status({ ...reference, diagnosis, meyerdingGrade: 3, dynamicTranslationMm: 10, monthsSincePriorFusion: 24 }, Q)).toBe('NOT_MET');
    expect(status({ ...without(reference, 'meyerdingGrade', 'dynamicTranslationMm'), diagnosis }, Q)).toBe('NOT_MET');
  });

  it('names the diagnosis in words', () => {
    expect(resultOf({ ...reference, diagnosis: 'DEGENERATIVE_DISC_DISEASE' }, Q).rationale).toMatch(/degenerative disc disease/);
    expect(resultOf({ ...reference, diagnosis: 'SPINAL_STENOSIS', dynamicTranslationMm: 2 }, Q).rationale).toMatch(/spinal stenosis/);
  });
});

describe('lumbar-fusion v1: IMAGING_CORRELATION (180 days)', () => {
  const I = 'IMAGING_CORRELATION' as const;

  it('no imaging: UNSURE', () => {
    expect(status(without(reference, 'lumbarImaging'), I)).toBe('UNSURE');
  });

  it.each(['MRI', 'CT', 'CT_MYELOGRAM'])('%s, concordant, in the window: MET', (modality) => {
    expect(status(imaging({ modality }), I)).toBe('MET');
  });

  it('X-ray: NOT_MET, even when concordant and recent; not concordant: NOT_MET', () => {
    expect(status(imaging({ modality: 'XRAY' }), I)).toBe('NOT_MET');
    expect(status(imaging({ concordantWithSymptoms: false }), I)).toBe('NOT_MET');
    expect(status({ ...reference, lumbarImaging: { modality: 'CT', concordantWithSymptoms: false } }, I)).toBe('NOT_MET');
  });

  it('imaging date or planned surgery date missing: UNSURE', () => {
    const { date: _d, ...noDate } = reference['lumbarImaging'] as Facts;
    expect(status({ ...reference, lumbarImaging: noDate }, I)).toBe('UNSURE');
    expect(status(without(reference, 'plannedSurgeryDate'), I)).toBe('UNSURE');
  });

  it('dated 180 days before surgery MET, 181 UNSURE, 179 MET; on the day MET; after the surgery date UNSURE', () => {
    expect(status(imaging({ date: daysBefore(SURGERY, 180) }), I)).toBe('MET');
    expect(status(imaging({ date: daysBefore(SURGERY, 181) }), I)).toBe('UNSURE');
    expect(status(imaging({ date: daysBefore(SURGERY, 179) }), I)).toBe('MET');
    expect(status(imaging({ date: SURGERY }), I)).toBe('MET');
    expect(status(imaging({ date: daysBefore(SURGERY, -1) }), I)).toBe('UNSURE');
  });
});

describe('lumbar-fusion v1: PAIN_LIMITS_DAILY_ACTIVITIES (NRS 5)', () => {
  const P = 'PAIN_LIMITS_DAILY_ACTIVITIES' as const;

  it('pain 5 MET, 4 NOT_MET, 6 MET (limiting daily activities)', () => {
    expect(status({ ...reference, painScoreNrs: 5 }, P)).toBe('MET');
    expect(status({ ...reference, painScoreNrs: 4 }, P)).toBe('NOT_MET');
    expect(status({ ...reference, painScoreNrs: 6 }, P)).toBe('MET');
    expect(status({ ...reference, painScoreNrs: 10 }, P)).toBe('MET');
    expect(status({ ...reference, painScoreNrs: 0 }, P)).toBe('NOT_MET');
  });

  it('not limiting daily activities: NOT_MET, whatever the pain', () => {
    expect(status({ ...reference, limitsDailyActivities: false }, P)).toBe('NOT_MET');
    expect(status({ ...without(reference, 'painScoreNrs'), limitsDailyActivities: false }, P)).toBe('NOT_MET');
  });

  it('pain below 5 is NOT_MET even when the limitation is not documented', () => {
    expect(status({ ...without(reference, 'limitsDailyActivities'), painScoreNrs: 4 }, P)).toBe('NOT_MET');
  });

  it('a fact missing, nothing failing: UNSURE', () => {
    expect(status(without(reference, 'painScoreNrs'), P)).toBe('UNSURE');
    expect(status(without(reference, 'limitsDailyActivities'), P)).toBe('UNSURE');
    expect(status(without(reference, 'painScoreNrs', 'limitsDailyActivities'), P)).toBe('UNSURE');
  });
});

describe('lumbar-fusion v1: CONSERVATIVE_TREATMENT_3_MONTHS', () => {
  const C = 'CONSERVATIVE_TREATMENT_3_MONTHS' as const;

  it('3 months MET, 2.9 NOT_MET, 3.1 MET, missing UNSURE', () => {
    expect(status({ ...reference, conservativeTreatmentMonths: 3 }, C)).toBe('MET');
    expect(status({ ...reference, conservativeTreatmentMonths: 2.9 }, C)).toBe('NOT_MET');
    expect(status({ ...reference, conservativeTreatmentMonths: 3.1 }, C)).toBe('MET');
    expect(status({ ...reference, conservativeTreatmentMonths: 0 }, C)).toBe('NOT_MET');
    expect(status(without(reference, 'conservativeTreatmentMonths'), C)).toBe('UNSURE');
  });

  it('physical therapy months do not count as conservative treatment on their own', () => {
    expect(status({ ...without(reference, 'conservativeTreatmentMonths'), physicalTherapyMonths: 6 }, C)).toBe('UNSURE');
  });

  it.each(RED_FLAGS)('red flag %s: NOT_APPLICABLE (checked first), with no next step', (flag) => {
    for (const months of [0, 2.9, undefined]) {
      const facts = { ...without(reference, 'conservativeTreatmentMonths'), redFlags: [flag], ...(months === undefined ? {} : { conservativeTreatmentMonths: months }) };
      const r = resultOf(facts, C);
      expect(r.status).toBe('NOT_APPLICABLE');
      expect(r.nextStep).toBeNull();
    }
  });

  it('an empty or absent red-flag list is no red flag', () => {
    expect(status({ ...reference, redFlags: [], conservativeTreatmentMonths: 1 }, C)).toBe('NOT_MET');
    expect(status({ ...without(reference, 'redFlags'), conservativeTreatmentMonths: 1 }, C)).toBe('NOT_MET');
  });
});

describe('lumbar-fusion v1: NICOTINE_FREE (42 days, 10 ng/ml)', () => {
  const N = 'NICOTINE_FREE' as const;

  it.each(RED_FLAGS)('red flag %s: NOT_APPLICABLE, even for a current user', (flag) => {
    expect(status({ ...reference, redFlags: [flag], nicotine: { status: 'CURRENT' } }, N)).toBe('NOT_APPLICABLE');
    expect(status({ ...without(reference, 'nicotine'), redFlags: [flag] }, N)).toBe('NOT_APPLICABLE');
  });

  it('not documented or UNKNOWN: UNSURE; NEVER: MET; CURRENT: NOT_MET', () => {
    expect(status(without(reference, 'nicotine'), N)).toBe('UNSURE');
    expect(status({ ...reference, nicotine: { status: 'UNKNOWN' } }, N)).toBe('UNSURE');
    expect(status({ ...reference, nicotine: { status: 'NEVER' } }, N)).toBe('MET');
    expect(status({ ...reference, nicotine: { status: 'CURRENT' } }, N)).toBe('NOT_MET');
  });

  it('FORMER: quit date, lab or planned surgery date missing: UNSURE', () => {
    expect(status({ ...reference, nicotine: { status: 'FORMER', lab: { test: 'COTININE', valueNgMl: 2, drawnOn: '2026-03-10' } } }, N)).toBe('UNSURE');
    expect(status({ ...reference, nicotine: { status: 'FORMER', quitDate: '2025-09-01' } }, N)).toBe('UNSURE');
    expect(status(without(reference, 'plannedSurgeryDate'), N)).toBe('UNSURE');
  });

  it('FORMER: quit 42 days before surgery MET, 41 NOT_MET, 43 MET; quit after the surgery date NOT_MET', () => {
    const labOnDay = { drawnOn: daysBefore(SURGERY, 10) };
    expect(status(nicotine({ quitDate: daysBefore(SURGERY, 42) }, labOnDay), N)).toBe('MET');
    expect(status(nicotine({ quitDate: daysBefore(SURGERY, 41) }, labOnDay), N)).toBe('NOT_MET');
    expect(status(nicotine({ quitDate: daysBefore(SURGERY, 43) }, labOnDay), N)).toBe('MET');
    expect(status(nicotine({ quitDate: daysBefore(SURGERY, -5) }, labOnDay), N)).toBe('NOT_MET');
  });

  it.each(['NICOTINE', 'COTININE'])('FORMER, %s lab: 10 ng/ml MET, 10.1 NOT_MET, 9.9 MET', (test) => {
    expect(status(nicotine({}, { test, valueNgMl: 10 }), N)).toBe('MET');
    expect(status(nicotine({}, { test, valueNgMl: 10.1 }), N)).toBe('NOT_MET');
    expect(status(nicotine({}, { test, valueNgMl: 9.9 }), N)).toBe('MET');
    expect(status(nicotine({}, { test, valueNgMl: 0 }), N)).toBe('MET');
  });

  it('FORMER: lab drawn 42 days before surgery MET, 43 UNSURE (redraw), 41 MET; on the day MET; after the surgery date UNSURE', () => {
    expect(status(nicotine({}, { drawnOn: daysBefore(SURGERY, 42) }), N)).toBe('MET');
    expect(status(nicotine({}, { drawnOn: daysBefore(SURGERY, 43) }), N)).toBe('UNSURE');
    expect(status(nicotine({}, { drawnOn: daysBefore(SURGERY, 41) }), N)).toBe('MET');
    expect(status(nicotine({}, { drawnOn: SURGERY }), N)).toBe('MET');
    expect(status(nicotine({}, { drawnOn: daysBefore(SURGERY, -1) }), N)).toBe('UNSURE');
  });

  it('FORMER: a failed quit period or lab is NOT_MET even when the lab is out of its window', () => {
    expect(status(nicotine({ quitDate: daysBefore(SURGERY, 41) }, { drawnOn: daysBefore(SURGERY, 43) }), N)).toBe('NOT_MET');
    expect(status(nicotine({}, { valueNgMl: 11, drawnOn: daysBefore(SURGERY, 60) }), N)).toBe('NOT_MET');
  });
});

describe('lumbar-fusion v1: GLYCEMIC_CONTROL (HbA1c below 8.0%, 90 days)', () => {
  const G = 'GLYCEMIC_CONTROL' as const;
  const recent = daysBefore(SURGERY, 30);

  it('no diabetes: NOT_APPLICABLE; diabetes not documented: UNSURE', () => {
    expect(status({ ...reference, diabetes: false }, G)).toBe('NOT_APPLICABLE');
    expect(status({ ...reference, diabetes: false, hba1c: { valuePercent: 11, drawnOn: recent } }, G)).toBe('NOT_APPLICABLE');
    expect(status(without(reference, 'diabetes'), G)).toBe('UNSURE');
  });

  it.each(RED_FLAGS)('red flag %s: NOT_APPLICABLE, even for a poorly controlled diabetic', (flag) => {
    expect(status({ ...diabetic({ valuePercent: 9.5, drawnOn: recent }), redFlags: [flag] }, G)).toBe('NOT_APPLICABLE');
    expect(status({ ...without(reference, 'diabetes'), redFlags: [flag] }, G)).toBe('NOT_APPLICABLE');
  });

  it('diabetic: HbA1c or planned surgery date missing: UNSURE', () => {
    expect(status(diabetic(undefined), G)).toBe('UNSURE');
    expect(status(without(diabetic({ valuePercent: 7, drawnOn: recent }), 'plannedSurgeryDate'), G)).toBe('UNSURE');
  });

  it('diabetic: 8.0% NOT_MET, 7.9% MET, 8.1% NOT_MET', () => {
    expect(status(diabetic({ valuePercent: 8.0, drawnOn: recent }), G)).toBe('NOT_MET');
    expect(status(diabetic({ valuePercent: 7.9, drawnOn: recent }), G)).toBe('MET');
    expect(status(diabetic({ valuePercent: 8.1, drawnOn: recent }), G)).toBe('NOT_MET');
  });

  it('diabetic: drawn 90 days before surgery MET, 91 UNSURE (redraw), 89 MET; on the day MET; after the surgery date UNSURE', () => {
    expect(status(diabetic({ valuePercent: 7, drawnOn: daysBefore(SURGERY, 90) }), G)).toBe('MET');
    expect(status(diabetic({ valuePercent: 7, drawnOn: daysBefore(SURGERY, 91) }), G)).toBe('UNSURE');
    expect(status(diabetic({ valuePercent: 7, drawnOn: daysBefore(SURGERY, 89) }), G)).toBe('MET');
    expect(status(diabetic({ valuePercent: 7, drawnOn: SURGERY }), G)).toBe('MET');
    expect(status(diabetic({ valuePercent: 7, drawnOn: daysBefore(SURGERY, -1) }), G)).toBe('UNSURE');
  });

  it('diabetic: 8.0% or more is NOT_MET even when drawn out of the window', () => {
    expect(status(diabetic({ valuePercent: 8.5, drawnOn: daysBefore(SURGERY, 120) }), G)).toBe('NOT_MET');
  });
});

describe('lumbar-fusion v1: recommendation and counts (NOT_APPLICABLE left out)', () => {
  it('no diabetes: 5 applicable criteria; a controlled diabetic: 6', () => {
    expect(run(reference)).toMatchObject({ metCount: 5, totalCount: 5, recommendation: 'MEDICALLY_NECESSARY' });
    expect(run(diabetic({ valuePercent: 7, drawnOn: '2026-03-10' }))).toMatchObject({ metCount: 6, totalCount: 6, recommendation: 'MEDICALLY_NECESSARY' });
  });

  it('a red flag leaves out criteria 4-6: 3 of 3 met, even for an undocumented, current-smoking, 1-month case', () => {
    const urgent = { ...without(reference, 'diabetes'), redFlags: ['FRACTURE', 'INFECTION'], conservativeTreatmentMonths: 1, nicotine: { status: 'CURRENT' } };
    const e = run(urgent);
    expect(statuses(e)).toMatchObject({ CONSERVATIVE_TREATMENT_3_MONTHS: 'NOT_APPLICABLE', NICOTINE_FREE: 'NOT_APPLICABLE', GLYCEMIC_CONTROL: 'NOT_APPLICABLE' });
    expect(e).toMatchObject({ metCount: 3, totalCount: 3, recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1', levelOfCareChanged: false });
    for (const r of e.criteriaResults.filter((c) => c.status === 'NOT_APPLICABLE')) expect(r.rationale).toMatch(/infection, fracture/);
  });

  it('a red flag with a failed applicable criterion: NOT_MEDICALLY_NECESSARY over the applicable ones', () => {
    const e = run({ ...reference, redFlags: ['MALIGNANCY'], diagnosis: 'OTHER' });
    expect(e).toMatchObject({ metCount: 2, totalCount: 3, recommendation: 'NOT_MEDICALLY_NECESSARY', reviewAction: 'A4' });
  });

  it('any NOT_MET: NOT_MEDICALLY_NECESSARY, even with UNSURE ones', () => {
    const e = run({ ...without(reference, 'lumbarImaging'), nicotine: { status: 'CURRENT' } });
    expect(statuses(e)).toMatchObject({ IMAGING_CORRELATION: 'UNSURE', NICOTINE_FREE: 'NOT_MET' });
    expect(e).toMatchObject({ recommendation: 'NOT_MEDICALLY_NECESSARY', metCount: 3, totalCount: 5 });
  });

  it('no NOT_MET but an UNSURE: INSUFFICIENT_INFORMATION', () => {
    expect(run(without(reference, 'diabetes'))).toMatchObject({ recommendation: 'INSUFFICIENT_INFORMATION', metCount: 5, totalCount: 6 });
    expect(run({})).toMatchObject({ recommendation: 'INSUFFICIENT_INFORMATION', metCount: 0, totalCount: 6 });
  });
});

describe('lumbar-fusion v1: level of care (guideline 3 days for 1 level, 4 days for 2+)', () => {
  const ONE = 'Guideline LOS: 3 days (1 fusion level)';
  const MULTI = 'Guideline LOS: 4 days (2+ fusion levels)';
  const loc = (levels: number | undefined, requested: RequestedLevelOfCare) =>
    run(levels === undefined ? without(reference, 'fusionLevels') : { ...reference, fusionLevels: levels }, requested);

  it.each<[number | undefined, number, string]>([
    [undefined, 3, ONE],
    [1, 3, ONE],
    [2, 4, MULTI],
    [3, 4, MULTI],
    [10, 4, MULTI],
  ])('fusion levels %s: guideline %i days', (levels, g, guideline) => {
    const e = loc(levels, { setting: 'INPATIENT', inpatientDays: 0 });
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: g, guideline });
  });

  it.each<[number, number, number]>([
    [1, 4, 3],
    [1, 10, 3],
    [2, 5, 4],
    [4, 30, 4],
  ])('days reduced: %i level(s), %i requested, %i approved; adverse verdict on a medically necessary case (A4)', (levels, requested, approved) => {
    const e = loc(levels, { setting: 'INPATIENT', inpatientDays: requested });
    expect(e.recommendation).toBe('MEDICALLY_NECESSARY');
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: approved, requestedInpatientDays: requested });
    expect(e).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4' });
    expect(e.nextSteps).toContain(
      `Inpatient stay approved for ${approved} days (guideline LOS ${approved} days); request concurrent review with clinical documentation if a longer stay becomes necessary.`,
    );
  });

  it.each<[number, number]>([
    [1, 3],
    [1, 2],
    [1, 1],
    [2, 4],
    [2, 3],
    [2, 1],
  ])('days within the guideline: %i level(s), %i requested, all approved; approved automatically (A1)', (levels, requested) => {
    const e = loc(levels, { setting: 'INPATIENT', inpatientDays: requested });
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: requested });
    expect(e).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', levelOfCareChanged: false, reviewAction: 'A1', nextSteps: [] });
  });

  it('just above the guideline is reduced, at it is not (1 level: 3 vs 4; 2 levels: 4 vs 5)', () => {
    expect(loc(1, { setting: 'INPATIENT', inpatientDays: 3 }).levelOfCareChanged).toBe(false);
    expect(loc(1, { setting: 'INPATIENT', inpatientDays: 4 }).levelOfCareChanged).toBe(true);
    expect(loc(2, { setting: 'INPATIENT', inpatientDays: 4 }).levelOfCareChanged).toBe(false);
    expect(loc(2, { setting: 'INPATIENT', inpatientDays: 5 }).levelOfCareChanged).toBe(true);
  });

  it.each<[number, number]>([
    [1, 3],
    [2, 4],
  ])('no days stated (inpatient, 0 days), %i level(s): the guideline stay of %i days, not a change', (levels, g) => {
    const e = loc(levels, { setting: 'INPATIENT', inpatientDays: 0 });
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: g });
    expect(e).toMatchObject({ levelOfCareChanged: false, reviewAction: 'A1', nextSteps: [] });
  });

  it.each<['OUTPATIENT' | 'OBSERVATION', number, number, string]>([
    ['OUTPATIENT', 1, 3, ONE],
    ['OBSERVATION', 1, 3, ONE],
    ['OUTPATIENT', 2, 4, MULTI],
    ['OBSERVATION', 3, 4, MULTI],
  ])('a setting below the guideline (%s, %i level(s)): inpatient, %i days, sent to a physician (A4)', (setting, levels, g, guideline) => {
    const e = loc(levels, { setting, inpatientDays: 0 });
    expect(e.recommendation).toBe('MEDICALLY_NECESSARY');
    expect(e.levelOfCare).toMatchObject({ requestedSetting: setting, recommendedSetting: 'INPATIENT', inpatientIndicated: true, approvedInpatientDays: g, guideline });
    expect(e).toMatchObject({ levelOfCareChanged: true, reviewAction: 'A4' });
    expect(e.nextSteps).toEqual([`Lumbar fusion is expected to need an inpatient stay of ${g} days; confirm the setting, or document why same-day discharge is safe.`]);
  });

  it('the level-of-care verdict does not depend on the criteria: an undocumented case still gets the guideline stay', () => {
    const e = run({}, { setting: 'INPATIENT', inpatientDays: 7 });
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'INPATIENT', approvedInpatientDays: 3, guideline: ONE });
    expect(e.reviewAction).toBe('A4');
  });
});

describe('lumbar-fusion v1: texts a member and a provider read', () => {
  // camelCase field names (plain words such as "diagnosis" may appear in prose)
  const FIELD_NAMES = [
    'meyerdingGrade', 'dynamicTranslationMm', 'monthsSincePriorFusion', 'redFlags', 'lumbarImaging', 'concordantWithSymptoms',
    'painScoreNrs', 'limitsDailyActivities', 'conservativeTreatmentMonths', 'physicalTherapyMonths', 'quitDate', 'valueNgMl', 'drawnOn',
    'valuePercent', 'plannedSurgeryDate', 'fusionLevels', 'hba1c', 'inpatientDays', 'redFlagText',
  ];
  const RAW = /\b[A-Z]{2,}(?:_[A-Z]+)+\b|\bXRAY\b|\b(?:NEVER|FORMER|CURRENT|UNKNOWN|COTININE|NICOTINE|INPATIENT|OUTPATIENT|OBSERVATION|OTHER)\b|undefined|null|\{|\}/;
  const field = new RegExp(`\\b(?:${FIELD_NAMES.join('|')})\\b|\\.\\w+\\b`);
  const cases: [Facts, RequestedLevelOfCare][] = [
    [reference, REFERENCE_REQUEST],
    [{}, { setting: 'OBSERVATION', inpatientDays: 0 }],
    [{ ...reference, redFlags: RED_FLAGS, fusionLevels: 2 }, { setting: 'OUTPATIENT', inpatientDays: 0 }],
    [{ ...reference, diagnosis: 'OTHER', lumbarImaging: { modality: 'XRAY', concordantWithSymptoms: true }, painScoreNrs: 3, limitsDailyActivities: false }, { setting: 'INPATIENT', inpatientDays: 1 }],
    [{ ...reference, diagnosis: 'SPINAL_STENOSIS', dynamicTranslationMm: 2, conservativeTreatmentMonths: 1, nicotine: { status: 'UNKNOWN' } }, { setting: 'INPATIENT', inpatientDays: 9 }],
    [{ ...without(reference, 'meyerdingGrade', 'dynamicTranslationMm'), diagnosis: 'PSEUDARTHROSIS', monthsSincePriorFusion: 3 }, THREE_DAYS],
    [{ ...without(reference, 'meyerdingGrade', 'dynamicTranslationMm', 'painScoreNrs'), diagnosis: 'PSEUDARTHROSIS' }, THREE_DAYS],
    [{ ...reference, meyerdingGrade: 1, dynamicTranslationMm: 1 }, THREE_DAYS],
    [without(reference, 'dynamicTranslationMm'), THREE_DAYS],
    [imaging({ date: '2025-01-01' }), THREE_DAYS],
    [imaging({ date: '2026-05-01' }), THREE_DAYS],
    [imaging({ concordantWithSymptoms: false }), THREE_DAYS],
    [without(reference, 'plannedSurgeryDate', 'limitsDailyActivities'), THREE_DAYS],
    [nicotine({ quitDate: '2026-03-30' }), THREE_DAYS],
    [nicotine({}, { test: 'NICOTINE', valueNgMl: 40 }), THREE_DAYS],
    [nicotine({}, { drawnOn: '2026-01-01' }), THREE_DAYS],
    [nicotine({}, { drawnOn: '2026-05-01' }), THREE_DAYS],
    [{ ...reference, nicotine: { status: 'FORMER' } }, THREE_DAYS],
    [{ ...reference, nicotine: { status: 'CURRENT' } }, THREE_DAYS],
    [diabetic(undefined), THREE_DAYS],
    [diabetic({ valuePercent: 9.1, drawnOn: '2026-03-01' }), THREE_DAYS],
    [diabetic({ valuePercent: 6.5, drawnOn: '2025-10-01' }), THREE_DAYS],
    [diabetic({ valuePercent: 6.5, drawnOn: '2026-05-01' }), THREE_DAYS],
    [diabetic({ valuePercent: 6.5, drawnOn: '2026-03-01' }), THREE_DAYS],
  ];

  it('requirements, rationales, next steps and guidelines name no field, JSON path or raw code', () => {
    const texts: string[] = [...fusion.criteria.map((c) => c.requirement)];
    for (const [facts, requested] of cases) {
      const e = run(facts, requested);
      for (const r of e.criteriaResults) texts.push(r.rationale, ...(r.nextStep ? [r.nextStep] : []));
      texts.push(e.levelOfCare.rationale, e.levelOfCare.guideline, ...e.nextSteps);
    }
    for (const t of texts) {
      expect(t, t).not.toMatch(RAW);
      expect(t.replace(/\d+\.\d+/g, '').replace(/\b(?:e\.g|i\.e)\./g, ''), t).not.toMatch(field);
    }
  });

  it('writes "not documented" in words for a missing fact', () => {
    expect(resultOf({ ...reference, nicotine: { status: 'FORMER' } }, 'NICOTINE_FREE').rationale).toMatch(/quit date: not documented/);
    expect(resultOf(without(reference, 'dynamicTranslationMm'), 'QUALIFYING_INDICATION').rationale).toMatch(/not documented/);
  });

  it('names each red flag in plain words', () => {
    const words = ['cauda equina syndrome', 'progressive neurological deficit', 'malignancy', 'infection', 'fracture'];
    RED_FLAGS.forEach((flag, i) => {
      expect(resultOf({ ...reference, redFlags: [flag] }, 'CONSERVATIVE_TREATMENT_3_MONTHS').rationale).toBe(
        `Red flag present: ${words[i]}; conservative treatment is not required before surgery.`,
      );
    });
  });
});

describe('lumbar-fusion v1: clinical facts', () => {
  const errorsOf = (facts: unknown): FactError[] => {
    const r = validateFacts(fusion, facts);
    return r.ok ? [] : r.errors;
  };

  it('accepts the reference case and the empty object', () => {
    expect(errorsOf(reference)).toEqual([]);
    expect(errorsOf({})).toEqual([]);
  });

  it('rejects an unknown field, naming it', () => {
    expect(errorsOf({ bodyMassIndex: 31 })).toEqual([expect.objectContaining({ code: 'UNKNOWN_FACT', field: ['bodyMassIndex'] })]);
    expect(errorsOf({ lumbarImaging: { modality: 'MRI', concordantWithSymptoms: true, levels: 2 } })).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FACT', field: ['lumbarImaging', 'levels'] }),
    ]);
  });

  it.each<[string, unknown]>([
    ['meyerdingGrade', 0],
    ['meyerdingGrade', 6],
    ['dynamicTranslationMm', -0.1],
    ['dynamicTranslationMm', 50.1],
    ['monthsSincePriorFusion', 600.5],
    ['painScoreNrs', 11],
    ['conservativeTreatmentMonths', -1],
    ['physicalTherapyMonths', 601],
    ['fusionLevels', 0],
    ['fusionLevels', 11],
  ])('%s = %s is out of range', (name, value) => {
    expect(errorsOf({ [name]: value })).toEqual([expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: [name] })]);
  });

  it('HbA1c must be 3-20% and the nicotine lab non-negative', () => {
    expect(errorsOf({ hba1c: { valuePercent: 2.9, drawnOn: '2026-03-01' } })).toEqual([expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: ['hba1c', 'valuePercent'] })]);
    expect(errorsOf({ hba1c: { valuePercent: 20.1, drawnOn: '2026-03-01' } })).toEqual([expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: ['hba1c', 'valuePercent'] })]);
    expect(errorsOf(nicotine({}, { valueNgMl: -1 }))).toEqual([expect.objectContaining({ code: 'FACT_OUT_OF_RANGE', field: ['nicotine', 'lab', 'valueNgMl'] })]);
  });

  it('accepts exactly the enum values of the page', () => {
    for (const diagnosis of ['SPONDYLOLISTHESIS', 'SPINAL_STENOSIS', 'RECURRENT_DISC_HERNIATION', 'PSEUDARTHROSIS', 'DEGENERATIVE_DISC_DISEASE', 'PRIMARY_DISC_HERNIATION', 'FACET_ARTHROPATHY', 'OTHER']) {
      expect(errorsOf({ diagnosis })).toEqual([]);
    }
    expect(errorsOf({ redFlags: RED_FLAGS })).toEqual([]);
    for (const modality of ['MRI', 'CT', 'CT_MYELOGRAM', 'XRAY']) expect(errorsOf({ lumbarImaging: { modality, concordantWithSymptoms: true } })).toEqual([]);
    expect(errorsOf({ diagnosis: 'SCOLIOSIS' })).toEqual([expect.objectContaining({ code: 'INVALID_FACT_VALUE', field: ['diagnosis'] })]);
    expect(errorsOf({ redFlags: ['IMMUNOSUPPRESSION'] })).toEqual([expect.objectContaining({ code: 'INVALID_FACT_VALUE', field: ['redFlags', '0'] })]);
    expect(errorsOf({ lumbarImaging: { modality: 'PET', concordantWithSymptoms: true } })).toEqual([
      expect.objectContaining({ code: 'INVALID_FACT_VALUE', field: ['lumbarImaging', 'modality'] }),
    ]);
  });
});
