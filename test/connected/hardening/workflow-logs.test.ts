import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApi, type TestApi } from '../../support/api';
import { captureLogs, type CapturedLogs } from '../../support/log-capture';
import { CASE_HISTORY, SUBMIT_WITH_DETERMINATION, submitInput } from '../../support/fixtures';
import { APPEAL, EXTEND, UPDATE_FACTS, decide } from '../../support/workflow';
import { graphqlEvent, lambdaContext } from '../../../scripts/local/invoke';

let api: TestApi;
let logs: CapturedLogs;
beforeAll(async () => {
  api = await createTestApi();
  logs = captureLogs();
});
afterAll(() => logs.stop());

// Distinctive PHI that must never reach a log line.
const memberId = 'MBR-PHI-7731-ZEBRA';
const finding = 'PHI-FINDING: L5-S1 annular tear QUOKKA';
const description = 'PHI-DESCRIPTION iFuse for patient WOMBAT';
const reason = 'PHI-REASON second injection NARWHAL';
const facts = {
  painScoreNrs: 9,
  // Four decimals: a timestamp's seconds ("07.251Z") cannot contain it by chance.
  conservativeTreatmentMonths: 7.2513,
  positiveProvocationTests: ['THIGH_THRUST', 'FABER', 'COMPRESSION'],
  diagnosticInjections: [{ date: '2025-10-13', guidance: 'FLUOROSCOPIC', painReliefPercent: 83, isolatedToSIJoint: true }],
  otherPainGeneratorsRuledOut: false,
  competingFindings: [finding],
  nicotine: { status: 'UNKNOWN' },
  plannedSurgeryDate: '2026-12-29',
};

describe('the logs of a whole workflow', () => {
  it('hold one line per request with codes and counts, and none of the PHI', async () => {
    const provider = as.provider('PRV-LOG');
    const sub = await api.gql(provider, SUBMIT_WITH_DETERMINATION, {
      input: submitInput({ memberId, providerId: 'PRV-LOG', clinicalFacts: facts, requestedService: { cptCode: '27279', icd10Codes: ['M46.1'], description } }),
    });
    const c = sub.body.data.submitCase.case;
    await api.gql(provider, UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 1, clinicalFacts: { ...facts, painScoreNrs: 8 } } });
    await api.gql(as.nurse(), EXTEND, { input: { caseId: c.id, expectedVersion: 2, days: 3, reason } });
    await decide(api, as.physician('dr-log-1'), { caseId: c.id, expectedVersion: 3, decision: 'DENIED', reasons: [reason] });
    await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: 4, reason } });
    await decide(api, as.physician('dr-log-2'), { caseId: c.id, expectedVersion: 5, decision: 'APPROVED', reasons: [reason] });
    await api.gql(as.nurse(), CASE_HISTORY, { id: c.id });
    await api.gql(provider, SUBMIT_WITH_DETERMINATION, { input: submitInput({ memberId, providerId: 'PRV-LOG', clinicalFacts: { ...facts, painScoreNrs: 99 } }) });
    await api.gql(null, SUBMIT_WITH_DETERMINATION, { input: submitInput({ memberId }) });
    await api.handler(graphqlEvent(JSON.stringify({ query: '{ __typename }', variables: { pad: memberId.repeat(80_000) } }), as.nurse()), lambdaContext());

    const lines = logs.requests();
    expect(lines).toHaveLength(10);
    expect(lines.map((l) => l.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'user_errors', 'error', 'error']);
    expect(lines.slice(-2).map((l) => l.httpStatus)).toEqual([401, 413]);
    for (const l of lines.slice(0, 8)) {
      expect(l.correlationId).toBeTruthy();
      expect(l.dynamoDbRequests).toBeGreaterThan(0);
      expect(typeof l.durationMs).toBe('number');
    }
    const text = logs.text();
    for (const phi of [memberId, 'ZEBRA', 'QUOKKA', 'WOMBAT', 'NARWHAL', '7.2513', '2025-10-13', '2026-12-29', 'annular']) {
      expect(text, phi).not.toContain(phi);
    }
  });
});
