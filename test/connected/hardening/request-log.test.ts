import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphqlEvent, lambdaContext, type Claims } from '../../../scripts/local/invoke';
import { as, createTestApi, type TestApi } from '../../support/api';
import { CASE, SUBMIT, submitInput } from '../../support/fixtures';
import { captureLogs, type CapturedLogs } from '../../support/log-capture';

let api: TestApi;
let logs: CapturedLogs;
beforeAll(async () => {
  api = await createTestApi();
});
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.stop());

async function send(claims: Claims, query: string, variables: Record<string, unknown> = {}) {
  const event = graphqlEvent({ query, variables }, claims);
  const res = (await api.handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { requestId: event.requestContext.requestId, status: res.statusCode, body: JSON.parse(res.body) };
}

const tag = randomUUID().slice(0, 8);
/** PHI that must never reach a log line: distinctive so that a hit is never a coincidence. */
const phi = {
  memberId: `MBR-PHI-${tag}`,
  description: `PHI-DESC-${tag} left sacroiliac joint fusion after fall`,
  finding: `PHI-FINDING-${tag} L4-L5 foraminal stenosis`,
  injectionDate: '2024-02-29',
  imagingDate: '2023-11-17',
  reliefDurationDays: 27183.5,
  conservativeTreatmentMonths: 517.25,
};
const provider = as.provider('PRV-DEMO-001', 'prov-user-log-1');
const nurse = as.nurse('nurse-log-1');
const phiInput = () =>
  submitInput({
    memberId: phi.memberId,
    requestedService: { cptCode: '27279', icd10Codes: ['M46.1'], description: phi.description },
    clinicalFacts: {
      painScoreNrs: 7,
      conservativeTreatmentMonths: phi.conservativeTreatmentMonths,
      positiveProvocationTests: ['THIGH_THRUST', 'FABER', 'COMPRESSION'],
      diagnosticInjections: [
        { date: phi.injectionDate, guidance: 'FLUOROSCOPIC', painReliefPercent: 80, reliefDurationDays: phi.reliefDurationDays, isolatedToSIJoint: true },
      ],
      siJointImaging: { modality: 'CT', degenerationFound: true, date: phi.imagingDate },
      otherPainGeneratorsRuledOut: true,
      competingFindings: [phi.finding],
      nicotine: { status: 'NEVER' },
    },
  });

const ALLOWED_KEYS = new Set([
  // Powertools
  'level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id',
  // the Lambda context (Powertools Logger addContext)
  'cold_start', 'function_arn', 'function_memory_size', 'function_name', 'function_request_id',
  // the request line
  'correlationId', 'operationName', 'operationType', 'sub', 'role', 'durationMs', 'dynamoDbRequests',
  'httpStatus', 'outcome', 'userErrorCodes', 'errorCodes', 'internalErrors',
]);

describe('the request log', () => {
  it('writes exactly one line per request, with the request facts and no PHI', async () => {
    const submitted = await send(provider, SUBMIT, { input: phiInput() });
    const caseId = submitted.body.data.submitCase.case.id as string;
    expect(submitted.body.data.submitCase.userErrors).toEqual([]);
    const read = await send(nurse, CASE, { id: caseId });
    expect(read.body.data.case.memberId).toBe(phi.memberId);
    const listed = await send(nurse, 'query List { cases(first: 5) { edges { node { id memberId clinicalFacts } } } }');
    const invalid = await send(provider, SUBMIT, {
      input: { ...phiInput(), requestedService: { cptCode: 'X1', icd10Codes: ['M46.1'], description: phi.description } },
    });
    expect(invalid.body.data.submitCase.userErrors[0].code).toBe('INVALID_CPT_CODE');
    const forbidden = await send(as.analyst('analyst-log-1'), CASE, { id: caseId });
    const badVariables = await send(provider, SUBMIT, { input: { ...phiInput(), urgency: phi.memberId } });

    const lines = logs.requests();
    expect(logs.lines).toHaveLength(6);
    expect(lines.map((l) => l.correlationId)).toEqual(
      [submitted, read, listed, invalid, forbidden, badVariables].map((r) => r.requestId),
    );
    for (const line of logs.lines) expect(line).not.toContain('\n');
    // Each line carries the invocation's Lambda context; only the container's first invocation is a cold start.
    for (const l of lines) expect(l).toMatchObject({ function_request_id: expect.any(String), cold_start: expect.any(Boolean), service: 'medical-necessity-api' });
    for (const l of lines) {
      expect(Object.keys(l).filter((k) => !ALLOWED_KEYS.has(k))).toEqual([]);
      expect(l.durationMs).toEqual(expect.any(Number));
      expect(l.durationMs).toBeGreaterThanOrEqual(0);
      expect(l.service).toBe('medical-necessity-api');
    }
    const [s, r, c, i, f, b] = lines;
    expect(s).toMatchObject({
      level: 'INFO', message: 'graphql request', operationName: 'Submit', operationType: 'mutation',
      sub: 'prov-user-log-1', role: 'PROVIDER', outcome: 'ok', httpStatus: 200,
    });
    expect(s!.dynamoDbRequests).toBeGreaterThan(0);
    expect(r).toMatchObject({ operationName: 'One', operationType: 'query', sub: 'nurse-log-1', role: 'UM_NURSE', outcome: 'ok' });
    expect(r!.dynamoDbRequests).toBeGreaterThan(0);
    expect(c).toMatchObject({ operationName: 'List', operationType: 'query', role: 'UM_NURSE', outcome: 'ok' });
    expect(c!.dynamoDbRequests).toBeGreaterThan(0);
    expect(i).toMatchObject({ operationName: 'Submit', role: 'PROVIDER', outcome: 'user_errors', userErrorCodes: ['INVALID_CPT_CODE'] });
    expect(i!.errorCodes).toBeUndefined();
    expect(f).toMatchObject({ role: 'ANALYST', outcome: 'error', errorCodes: ['FORBIDDEN'] });
    expect(b).toMatchObject({ operationName: 'Submit', outcome: 'error', errorCodes: ['BAD_USER_INPUT'], dynamoDbRequests: 0, httpStatus: 400 });

    const text = logs.text();
    for (const value of [...Object.values(phi).map(String), caseId]) expect(text).not.toContain(value);
    expect(text).not.toMatch(/PHI-|MBR-|sacroiliac|stenosis|mutation Submit|query One|variables/);
  });

  it('records userError codes even when the client does not select them', async () => {
    const res = await send(provider, 'mutation Bare($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } } }', {
      input: { ...phiInput(), requestedService: { cptCode: 'X1', icd10Codes: ['bad'] } },
    });
    expect(res.body.data.submitCase.case).toBeNull();
    const [line] = logs.requests();
    expect(line).toMatchObject({ outcome: 'user_errors', userErrorCodes: ['INVALID_CPT_CODE', 'INVALID_ICD10_CODE'] });
  });

  it('logs refused documents too, once, without the document', async () => {
    const deep = `query Deep { __type(name: "Case") { fields { type { ${'ofType { '.repeat(22)}name${' }'.repeat(22)} } } } }`;
    const refused = await send(nurse, deep);
    const unparsable = await send(nurse, `{ case(id: "${phi.memberId}") { id `);
    const [r, u, ...more] = logs.requests();
    expect(more).toEqual([]);
    // The operation was never resolved, so it has no name or type: Powertools omits null keys.
    expect(r).toMatchObject({ correlationId: refused.requestId, outcome: 'error', errorCodes: ['GRAPHQL_VALIDATION_FAILED'], dynamoDbRequests: 0, role: 'UM_NURSE' });
    expect(r).not.toHaveProperty('operationName');
    expect(u).toMatchObject({ correlationId: unparsable.requestId, outcome: 'error', errorCodes: ['GRAPHQL_PARSE_FAILED'] });
    expect(logs.text()).not.toContain(phi.memberId);
    expect(logs.text()).not.toContain('ofType');
  });

  it('logs a CSRF refusal with the correlation id the client received', async () => {
    const event = graphqlEvent({ query: '{ __typename }' }, nurse, { 'content-type': 'text/plain' });
    const res = (await api.handler(event, lambdaContext())) as { statusCode: number; body: string };
    const correlationId = JSON.parse(res.body).errors[0].extensions.correlationId;
    const [line, ...more] = logs.requests();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ correlationId, outcome: 'error', errorCodes: ['BAD_REQUEST'], httpStatus: 400 });
    // Refused before a context existed: no caller, no duration.
    for (const key of ['sub', 'role', 'operationName', 'durationMs']) expect(line).not.toHaveProperty(key);
  });

  it('is silent outside a capture unless a log level is configured', async () => {
    logs.stop();
    const { logLevelFromEnv } = await import('../../../lambda/observability/log');
    expect(logLevelFromEnv({ VITEST: 'true' })).toBe('SILENT');
    expect(logLevelFromEnv({ VITEST: 'true', LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(logLevelFromEnv({})).toBe('INFO');
  });
});
