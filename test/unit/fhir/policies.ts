// Policy inputs for the FHIR tests: the shipped sij-fusion v1, and a schema using every
// feature the Questionnaire mapping supports.
import type { FactsJson, PolicyQuestionnaireSource } from '../../../lambda/fhir';
import sijFusionV1 from '../../../policies/sij-fusion/v1.json';

export const sijFusion: PolicyQuestionnaireSource = {
  id: sijFusionV1.id,
  version: sijFusionV1.version,
  title: sijFusionV1.title,
  factSchema: sijFusionV1.factSchema as Record<string, unknown>,
};

/** The reference case (sij-fusion-27279-policy.md, "The reference case") as clinicalFacts. */
export const referenceFacts = {
  painScoreNrs: 7,
  conservativeTreatmentMonths: 6,
  positiveProvocationTests: ['THIGH_THRUST', 'FABER', 'COMPRESSION'],
  diagnosticInjections: [{ date: '2025-11-12', guidance: 'FLUOROSCOPIC', painReliefPercent: 80, isolatedToSIJoint: true }],
  otherPainGeneratorsRuledOut: false,
  competingFindings: ['T7-T8 and T9-T10 disc degeneration with mild central protrusion, focal kyphosis and mild cord flattening'],
  nicotine: { status: 'UNKNOWN' },
};

export const everyFeature: PolicyQuestionnaireSource = {
  id: 'every-feature',
  version: 3,
  title: 'Every schema feature',
  factSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      score: { title: 'Score', type: 'integer', minimum: 0, maximum: 10 },
      ratio: { title: 'Ratio', type: 'number', minimum: 0.5 },
      flag: { type: 'boolean' },
      note: { title: 'Note', type: 'string', maxLength: 200 },
      seenOn: { title: 'Seen on', type: 'string', format: 'date' },
      grade: { title: 'Grade', type: 'string', enum: ['LOW', 'HIGH'], 'x-enumTitles': { LOW: 'Low grade', HIGH: 'High grade' } },
      level: { title: 'Level', type: 'integer', enum: [1, 2, 3] },
      tags: { title: 'Tags', type: 'array', maxItems: 5, items: { type: 'string', enum: ['A', 'B', 'C'] } },
      readings: { title: 'Readings', type: 'array', items: { type: 'number' } },
      episodes: {
        title: 'Episodes',
        type: 'array',
        maxItems: 10,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['start'],
          properties: {
            start: { title: 'Start', type: 'string', format: 'date' },
            severity: { title: 'Severity', type: 'string', enum: ['MILD', 'SEVERE'] },
            notes: { title: 'Notes', type: 'array', items: { type: 'string' } },
          },
        },
      },
      history: {
        title: 'History',
        type: 'object',
        additionalProperties: false,
        required: ['status'],
        properties: {
          status: { title: 'Status', type: 'string', enum: ['NEVER', 'FORMER'] },
          lab: {
            title: 'Lab',
            type: 'object',
            additionalProperties: false,
            required: ['value'],
            properties: { value: { title: 'Value', type: 'number', minimum: 0 }, drawnOn: { type: 'string', format: 'date' } },
          },
        },
      },
    },
  },
};

export const everyFeatureFacts: FactsJson = {
  score: 4,
  ratio: 0.75,
  flag: false,
  note: 'free text',
  seenOn: '2026-01-05',
  grade: 'HIGH',
  level: 2,
  tags: ['A', 'C', 'A'],
  readings: [1.5, 2, 0],
  episodes: [
    { start: '2025-01-01', severity: 'MILD', notes: ['first', 'second'] },
    { start: '2025-06-01' },
  ],
  history: { status: 'FORMER', lab: { value: 3.25, drawnOn: '2025-12-31' } },
};
