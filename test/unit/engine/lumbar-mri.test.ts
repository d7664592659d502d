// lumbar-mri v1, written from /work/shared/reference/policies/lumbar-mri.md
// (the page is the specification): the reference case, every threshold at,
// just below and just above, every NOT_APPLICABLE trigger (facts and ICD-10
// codes, normalised), and the level-of-care verdict.
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, validateFacts, type Evaluation, type RequestedLevelOfCare } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';

const doc = shippedPolicies.find((p) => p.id === 'lumbar-mri' && p.version === 1);
if (!doc) throw new Error('lumbar-mri v1 is not shipped');
const mri = compilePolicy(doc);
const OUTPATIENT: RequestedLevelOfCare = { setting: 'OUTPATIENT', inpatientDays: 0 };
const IDS = [
  'FOCUSED_EXAM_DOCUMENTED',
  'SYMPTOMS_6_WEEKS_OR_LONGER',
  'CONSERVATIVE_TREATMENT_6_WEEKS',
  'SURGERY_OR_INTERVENTION_CANDIDATE',
  'PERSISTENT_OR_PROGRESSIVE_SYMPTOMS',
];

/** The page's reference case. */
const reference = {
  focusedHistoryAndNeuroExam: true,
  symptomDurationWeeks: 2,
  conservativeTreatmentWeeks: 1,
  surgeryOrInterventionCandidate: false,
  symptomsPersistentOrProgressive: true,
  redFlags: [] as string[],
  painScoreNrs: 6,
};
/** ACR Variant 3: every criterion met, no red flag. */
const variant3 = { ...reference, symptomDurationWeeks: 8, conservativeTreatmentWeeks: 7, surgeryOrInterventionCandidate: true };

function run(facts: Record<string, unknown>, icd10Codes: string[] = [], requested: RequestedLevelOfCare = OUTPATIENT): Evaluation {
  const v = validateFacts(mri, facts);
  if (!v.ok) throw new Error(`invalid facts: ${JSON.stringify(v.errors)}`);
  return evaluate(mri, v.value, requested, '2026-02-02', icd10Codes);
}
const statuses = (e: Evaluation) => Object.fromEntries(e.criteriaResults.map((r) => [r.criterionId, r.status]));
const status = (facts: Record<string, unknown>, id: string, codes: string[] = []) => statuses(run(facts, codes))[id];

describe('lumbar-mri v1: the policy', () => {
  it('has the id, CPT code, criteria, validity and reason codes of the page', () => {
    expect(mri).toMatchObject({ id: 'lumbar-mri', version: 1, title: 'MRI lumbar spine without contrast', cptCodes: ['72148'], effectiveFrom: '2026-01-01', authorizationValidityDays: 60 });
    expect(mri.criteria.map((c) => c.id)).toEqual(IDS);
    expect(mri.criteria.map((c) => c.citations)).toEqual([['[4]', '[8]'], ['[1]', '[5]'], ['[1]', '[2]', '[6]', '[7]'], ['[1]', '[4]'], ['[1]']]);
    for (const c of mri.criteria) expect(c.reasonCode).toMatchObject({ code: c.id, system: expect.stringMatching(/^https:\/\//) });
  });
});

describe('lumbar-mri v1: the reference case', () => {
  const e = run(reference, ['M54.50']);
  it('gives 1 MET, 2-4 NOT_MET, 5 MET; 2 of 5; NOT_MEDICALLY_NECESSARY; outpatient as requested', () => {
    expect(statuses(e)).toEqual(Object.fromEntries(IDS.map((id, i) => [id, ['MET', 'NOT_MET', 'NOT_MET', 'NOT_MET', 'MET'][i]])));
    expect(e).toMatchObject({ metCount: 2, totalCount: 5, recommendation: 'NOT_MEDICALLY_NECESSARY', levelOfCareChanged: false, reviewAction: 'A4' });
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', inpatientIndicated: false, approvedInpatientDays: 0, guideline: 'Outpatient imaging study (no inpatient stay)' });
  });
  it('shows the next steps of the failed criteria', () => {
    expect(e.nextSteps).toContain('Reassess after 6 weeks: imaging is not indicated for uncomplicated acute low back pain without red flags.');
    expect(e.nextSteps).toContain('Complete and document 6 weeks of provider-directed conservative care, or document a red flag.');
  });
});

describe('lumbar-mri v1: thresholds (6 weeks)', () => {
  it.each([
    ['symptomDurationWeeks', 'SYMPTOMS_6_WEEKS_OR_LONGER'],
    ['conservativeTreatmentWeeks', 'CONSERVATIVE_TREATMENT_6_WEEKS'],
  ])('%s: 6 MET, 5.9 NOT_MET, 6.1 MET, 0 NOT_MET, missing UNSURE', (fact, id) => {
    expect(status({ ...variant3, [fact]: 6 }, id)).toBe('MET');
    expect(status({ ...variant3, [fact]: 5.9 }, id)).toBe('NOT_MET');
    expect(status({ ...variant3, [fact]: 6.1 }, id)).toBe('MET');
    expect(status({ ...variant3, [fact]: 0 }, id)).toBe('NOT_MET');
    const rest: Record<string, unknown> = { ...variant3 };
    delete rest[fact];
    expect(status(rest, id)).toBe('UNSURE');
  });

  it.each([
    ['focusedHistoryAndNeuroExam', 'FOCUSED_EXAM_DOCUMENTED'],
    ['surgeryOrInterventionCandidate', 'SURGERY_OR_INTERVENTION_CANDIDATE'],
    ['symptomsPersistentOrProgressive', 'PERSISTENT_OR_PROGRESSIVE_SYMPTOMS'],
  ])('%s: true MET, false NOT_MET, missing UNSURE', (fact, id) => {
    expect(status({ ...variant3, [fact]: true }, id)).toBe('MET');
    expect(status({ ...variant3, [fact]: false }, id)).toBe('NOT_MET');
    const rest: Record<string, unknown> = { ...variant3 };
    delete rest[fact];
    expect(status(rest, id)).toBe('UNSURE');
  });

  it('ACR Variant 3 (all five met) is MEDICALLY_NECESSARY and approved automatically', () => {
    const e = run(variant3);
    expect(e).toMatchObject({ recommendation: 'MEDICALLY_NECESSARY', metCount: 5, totalCount: 5, reviewAction: 'A1', nextSteps: [] });
  });

  it('an undocumented criterion without a failure gives INSUFFICIENT_INFORMATION', () => {
    const { surgeryOrInterventionCandidate: _omit, ...rest } = variant3;
    expect(run(rest).recommendation).toBe('INSUFFICIENT_INFORMATION');
  });
});

describe('lumbar-mri v1: red flags make criteria 2-5 NOT_APPLICABLE', () => {
  const acute = { ...reference, symptomDurationWeeks: 1 };
  const expectRedFlagCase = (e: Evaluation, text: RegExp) => {
    expect(statuses(e)).toEqual({ FOCUSED_EXAM_DOCUMENTED: 'MET', ...Object.fromEntries(IDS.slice(1).map((id) => [id, 'NOT_APPLICABLE'])) });
    expect(e).toMatchObject({ metCount: 1, totalCount: 1, recommendation: 'MEDICALLY_NECESSARY', reviewAction: 'A1' });
    for (const r of e.criteriaResults.slice(1)) {
      expect(r.rationale).toMatch(text);
      expect(r.nextStep).toBeNull();
    }
  };

  it.each([
    ['CAUDA_EQUINA_SYNDROME', 'cauda equina syndrome'],
    ['PROGRESSIVE_NEUROLOGICAL_DEFICIT', 'progressive neurological deficit'],
    ['MALIGNANCY', 'malignancy'],
    ['INFECTION', 'infection'],
    ['IMMUNOSUPPRESSION', 'immunosuppression'],
    ['FRACTURE', 'fracture'],
  ])('documented red flag %s, named in plain words', (flag, words) => {
    expectRedFlagCase(run({ ...acute, redFlags: [flag] }), new RegExp(`^Red flag present: ${words} \\(documented\\)`));
  });

  it.each([
    ['G83.4', 'cauda equina syndrome'],
    ['C41.2', 'malignancy'],
    ['C79.51', 'malignancy'],
    ['C79.52', 'malignancy'],
    ['Z85.3', 'malignancy'],
    ['M46.26', 'infection'],
    ['M46.46', 'infection'],
    ['M46.36', 'infection'],
    ['M46.56', 'infection'],
    ['G06.1', 'infection'],
    ['A18.01', 'infection'],
    ['B20', 'immunosuppression'],
    ['D84.821', 'immunosuppression'],
    ['S32.010A', 'fracture'],
    ['M48.56XA', 'fracture'],
    ['M80.08XA', 'fracture'],
  ])('red-flag code %s (%s), with its source', (code, words) => {
    const dotted = code.includes('.') ? code : code;
    expectRedFlagCase(run(acute, ['M54.50', code]), new RegExp(`${words} \\(ICD-10 ${dotted.replace('.', '\\.')}\\)`));
  });

  it('normalises codes: dot removed, upper-case', () => {
    for (const code of ['g83.4', 'G834', 'g834', 's32.010a', 'm80.08xa']) {
      expect(statuses(run(acute, [code]))['CONSERVATIVE_TREATMENT_6_WEEKS'], code).toBe('NOT_APPLICABLE');
    }
  });

  it('says what the page says: "Red flag present: cauda equina syndrome (ICD-10 G83.4); conservative care is not required."', () => {
    const r = run(acute, ['G83.4']).criteriaResults.find((c) => c.criterionId === 'CONSERVATIVE_TREATMENT_6_WEEKS');
    expect(r?.rationale).toBe('Red flag present: cauda equina syndrome (ICD-10 G83.4); conservative care is not required.');
  });

  it.each(['M54.50', 'G83.3', 'C41.1', 'C79.9', 'M46.1', 'G06.0', 'A18.02', 'B19', 'D83', 'S32.9', 'M48.0', 'M80.0'])('%s is not a red-flag code', (code) => {
    expect(statuses(run(acute, [code]))['SYMPTOMS_6_WEEKS_OR_LONGER']).toBe('NOT_MET');
  });

  it('an empty or absent redFlags is "none documented", never UNSURE', () => {
    const { redFlags: _none, ...noList } = variant3;
    expect(run(noList).recommendation).toBe('MEDICALLY_NECESSARY');
    expect(run({ ...variant3, redFlags: [] }).recommendation).toBe('MEDICALLY_NECESSARY');
  });

  it('FOCUSED_EXAM_DOCUMENTED is never NOT_APPLICABLE: a red-flag case still rests on the exam', () => {
    const noExam = run({ redFlags: ['FRACTURE'], focusedHistoryAndNeuroExam: false });
    expect(statuses(noExam)['FOCUSED_EXAM_DOCUMENTED']).toBe('NOT_MET');
    expect(noExam).toMatchObject({ recommendation: 'NOT_MEDICALLY_NECESSARY', metCount: 0, totalCount: 1 });
    const undocumented = run({}, ['B20']);
    expect(undocumented).toMatchObject({ recommendation: 'INSUFFICIENT_INFORMATION', metCount: 0, totalCount: 1 });
  });
});

describe('lumbar-mri v1: level of care', () => {
  it.each<[RequestedLevelOfCare, boolean]>([
    [{ setting: 'OUTPATIENT', inpatientDays: 0 }, false],
    [{ setting: 'INPATIENT', inpatientDays: 1 }, true],
    [{ setting: 'OBSERVATION', inpatientDays: 0 }, true],
  ])('requested %o: always outpatient, 0 days (changed: %s)', (requested, changed) => {
    const e = run(variant3, [], requested);
    expect(e.levelOfCare).toMatchObject({ recommendedSetting: 'OUTPATIENT', inpatientIndicated: false, approvedInpatientDays: 0, guideline: 'Outpatient imaging study (no inpatient stay)' });
    expect(e.levelOfCareChanged).toBe(changed);
    expect(e.reviewAction).toBe(changed ? 'A4' : 'A1');
    if (changed) expect(e.nextSteps).toContain('Perform the MRI as an outpatient study.');
  });

  it('states the request in the rationale', () => {
    expect(run(variant3, [], { setting: 'INPATIENT', inpatientDays: 1 }).levelOfCare.rationale).toBe(
      'MRI of the lumbar spine is an outpatient imaging study; no inpatient stay is indicated (requested: inpatient care, 1 inpatient day(s)).',
    );
  });
});
