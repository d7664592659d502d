import type { QuestionnaireItem } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  buildQuestionnaire,
  expressionForFactPath,
  factsToQuestionnaireResponse,
  questionnaireResponseToFacts,
  type FactsJson,
} from '../../../lambda/fhir';
import { everyFeature, everyFeatureFacts, referenceFacts, sijFusion } from './policies';
import { r4Issues } from './r4-validator';

const flatten = (items: QuestionnaireItem[] = []): QuestionnaireItem[] => items.flatMap((i) => [i, ...flatten(i.item)]);

describe('Questionnaire from a fact schema', () => {
  const q = buildQuestionnaire(sijFusion);
  const byLink = new Map(flatten(q.item).map((i) => [i.linkId, i]));

  it('is a valid R4 Questionnaire named {policyId}-v{version}', () => {
    expect(r4Issues(q)).toEqual([]);
    expect(q).toMatchObject({ id: 'sij-fusion-v1', status: 'active', url: expect.stringMatching(/\/Questionnaire\/sij-fusion-v1$/) });
  });

  it('uses fact paths as linkIds and maps each type as the contract says', () => {
    expect(byLink.get('painScoreNrs')).toMatchObject({ type: 'integer', text: 'Baseline pain score (NRS 0-10)' });
    expect(byLink.get('conservativeTreatmentMonths')?.type).toBe('decimal');
    expect(byLink.get('nicotine')).toMatchObject({ type: 'group' });
    expect(byLink.get('nicotine.status')).toMatchObject({ type: 'choice', required: true });
    expect(byLink.get('nicotine.lab')).toMatchObject({ type: 'group' });
    expect(byLink.get('nicotine.lab.valueNgMl')?.type).toBe('decimal');
    expect(byLink.get('nicotine.quitDate')?.type).toBe('date');
    expect(byLink.get('diagnosticInjections')).toMatchObject({ type: 'group', repeats: true });
    expect(byLink.get('diagnosticInjections.painReliefPercent')?.type).toBe('decimal');
    expect(byLink.get('positiveProvocationTests')).toMatchObject({ type: 'choice', repeats: true });
    expect(byLink.get('competingFindings')).toMatchObject({ type: 'string', repeats: true });
    expect(byLink.get('otherPainGeneratorsRuledOut')?.type).toBe('boolean');
    expect(byLink.get('nicotine.status')?.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['NEVER', 'FORMER', 'CURRENT', 'UNKNOWN']);
  });

  it('shows enum display texts from x-enumTitles, falling back to the code', () => {
    const eq = buildQuestionnaire(everyFeature);
    expect(r4Issues(eq)).toEqual([]);
    const items = new Map(flatten(eq.item).map((i) => [i.linkId, i]));
    expect(items.get('grade')?.answerOption?.map((o) => o.valueCoding)).toEqual([
      { code: 'LOW', display: 'Low grade' },
      { code: 'HIGH', display: 'High grade' },
    ]);
    expect(items.get('episodes.severity')?.answerOption?.[0]?.valueCoding).toEqual({ code: 'MILD', display: 'MILD' });
    expect(items.get('level')?.answerOption?.map((o) => o.valueInteger)).toEqual([1, 2, 3]);
    expect(items.get('flag')?.text).toBe('flag');
    expect(items.get('score')?.extension).toEqual([
      { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
      { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 10 },
    ]);
  });
});

describe('QuestionnaireResponse ⇄ clinicalFacts', () => {
  const roundTrip = (facts: FactsJson, policy = sijFusion) => {
    const qr = factsToQuestionnaireResponse(facts, policy);
    expect(r4Issues(qr)).toEqual([]);
    return questionnaireResponseToFacts(JSON.parse(JSON.stringify(qr)), policy, 'QuestionnaireResponse');
  };

  it('round-trips the reference case exactly', () => {
    expect(roundTrip(referenceFacts)).toMatchObject({ ok: true, value: { facts: referenceFacts } });
  });

  it('round-trips a case using every schema feature exactly', () => {
    const r = roundTrip(everyFeatureFacts, everyFeature);
    expect(r.ok && r.value.facts).toEqual(everyFeatureFacts);
  });

  it('carries a list of objects as one repeating group item per element, enums as valueCoding', () => {
    const qr = factsToQuestionnaireResponse(everyFeatureFacts, everyFeature);
    expect(qr.item?.filter((i) => i.linkId === 'episodes')).toHaveLength(2);
    expect(qr.item?.find((i) => i.linkId === 'tags')?.answer).toHaveLength(3);
    expect(qr.item?.find((i) => i.linkId === 'grade')?.answer).toEqual([{ valueCoding: { code: 'HIGH', display: 'High grade' } }]);
  });

  const base = 'Bundle.entry[3].resource';
  const parse = (item: unknown[]) =>
    questionnaireResponseToFacts({ resourceType: 'QuestionnaireResponse', status: 'completed', item }, sijFusion, base);

  it('rejects an unknown linkId with an expression at the item', () => {
    const r = parse([{ linkId: 'painScoreNrs', answer: [{ valueInteger: 3 }] }, { linkId: 'bmi', answer: [{ valueDecimal: 31 }] }]);
    expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'invalid', expression: [`${base}.item[1].linkId`] })] });
  });

  it('rejects a wrong value type for the item', () => {
    const r = parse([{ linkId: 'painScoreNrs', answer: [{ valueString: '7' }] }]);
    expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'value', expression: [`${base}.item[0].answer[0]`] })] });
  });

  it('rejects a repeated non-repeating item and a second answer', () => {
    const twice = parse([
      { linkId: 'nicotine', item: [{ linkId: 'nicotine.status', answer: [{ valueCoding: { code: 'NEVER' } }] }] },
      { linkId: 'nicotine', item: [{ linkId: 'nicotine.status', answer: [{ valueCoding: { code: 'CURRENT' } }] }] },
    ]);
    expect(twice).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'structure', expression: [`${base}.item[1]`] })] });
    const two = parse([{ linkId: 'painScoreNrs', answer: [{ valueInteger: 3 }, { valueInteger: 4 }] }]);
    expect(two).toEqual({ ok: false, errors: [expect.objectContaining({ expression: [`${base}.item[0].answer[1]`] })] });
  });

  it('rejects an answer code outside the enum', () => {
    const r = parse([{ linkId: 'nicotine', item: [{ linkId: 'nicotine.status', answer: [{ valueCoding: { code: 'SOMETIMES' } }] }] }]);
    expect(r).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'code-invalid', expression: [`${base}.item[0].item[0].answer[0].valueCoding.code`] })],
    });
  });

  it('points a core fact error path at the answer that carried it', () => {
    const r = parse([
      { linkId: 'painScoreNrs', answer: [{ valueInteger: 3 }] },
      { linkId: 'diagnosticInjections', item: [{ linkId: 'diagnosticInjections.date', answer: [{ valueDate: '2025-01-01' }] }] },
      { linkId: 'diagnosticInjections', item: [{ linkId: 'diagnosticInjections.painReliefPercent', answer: [{ valueDecimal: 150 }] }] },
    ]);
    if (!r.ok) throw new Error('expected facts');
    expect(expressionForFactPath(r.value.locations, ['diagnosticInjections', '1', 'painReliefPercent'], base)).toBe(`${base}.item[2].item[0].answer[0]`);
    // A missing required field points at its element's group.
    expect(expressionForFactPath(r.value.locations, ['diagnosticInjections', '1', 'guidance'], base)).toBe(`${base}.item[2]`);
    expect(expressionForFactPath(r.value.locations, ['nicotine', 'status'], base)).toBe(base);
  });
});
