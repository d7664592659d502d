/**
 * The demonstration case seeded into a new local table: the reference case of the SIJ fusion
 * policy (policies/sij-fusion/v1.json), a CPT 27279 request for inpatient SI joint fusion.
 */
export const demoProviderId = 'PRV-DEMO-001';

export const demoCaseInput = {
  idempotencyKey: 'demo-reference-case-sij-fusion-27279',
  memberId: 'MBR-DEMO-0001',
  providerId: demoProviderId,
  urgency: 'STANDARD',
  requestedService: {
    cptCode: '27279',
    icd10Codes: ['M46.1', 'M51.34'],
    description: 'Minimally invasive SI joint fusion (iFuse Implant System)',
  },
  requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 },
  clinicalFacts: {
    painScoreNrs: 7,
    conservativeTreatmentMonths: 6,
    positiveProvocationTests: ['THIGH_THRUST', 'FABER', 'COMPRESSION'],
    diagnosticInjections: [
      { date: '2025-09-15', guidance: 'FLUOROSCOPIC', painReliefPercent: 80, isolatedToSIJoint: true },
    ],
    otherPainGeneratorsRuledOut: false,
    competingFindings: [
      'T7-T8 and T9-T10 disc degeneration with mild central protrusion, focal kyphosis and mild cord flattening',
    ],
    nicotine: { status: 'UNKNOWN' },
  },
} as const;
