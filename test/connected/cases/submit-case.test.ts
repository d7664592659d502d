import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { CASE, SUBMIT, submitInput } from '../../support/fixtures';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});

const provider = as.provider('PRV-DEMO-001');

describe('submitCase through the Lambda handler', () => {
  it('stores the case and reads it back', async () => {
    const input = submitInput();
    const res = await api.gql(provider, SUBMIT, { input });
    expect(res.status).toBe(200);
    const payload = res.body.data.submitCase;
    expect(payload.userErrors).toEqual([]);
    const created = payload.case;
    expect(created).toMatchObject({
      version: 1,
      urgency: 'STANDARD',
      memberId: input.memberId,
      providerId: input.providerId,
      requestedService: input.requestedService,
      requestedLevelOfCare: input.requestedLevelOfCare,
      clinicalFacts: input.clinicalFacts,
      decidedAt: null,
    });
    const read = await api.gql(as.nurse(), CASE, { id: created.id });
    expect(read.body.data.case).toEqual(created);
  });

  it('returns the first case for a repeated idempotency key and creates nothing', async () => {
    const input = submitInput();
    const first = (await api.gql(provider, SUBMIT, { input })).body.data.submitCase.case;
    const again = (await api.gql(provider, SUBMIT, { input: { ...input, memberId: 'MBR-OTHER' } })).body.data.submitCase;
    expect(again.userErrors).toEqual([]);
    expect(again.case.id).toBe(first.id);
    expect(again.case.memberId).toBe(input.memberId);
    const cases = (await allItems(api)).filter((i) => i.type === 'CASE' && i.idempotencyKey === input.idempotencyKey);
    expect(cases).toHaveLength(1);
  });

  it('creates exactly one case when the same key is submitted concurrently', async () => {
    const input = submitInput();
    const results = await Promise.all(Array.from({ length: 8 }, () => api.gql(provider, SUBMIT, { input })));
    const ids = new Set(results.map((r) => r.body.data.submitCase.case.id));
    expect(ids.size).toBe(1);
    const cases = (await allItems(api)).filter((i) => i.type === 'CASE' && i.idempotencyKey === input.idempotencyKey);
    expect(cases).toHaveLength(1);
  });

  it('scopes idempotency keys per provider', async () => {
    const input = submitInput();
    const a = (await api.gql(provider, SUBMIT, { input })).body.data.submitCase.case;
    const b = (await api.gql(as.provider('PRV-B'), SUBMIT, { input: { ...input, providerId: 'PRV-B' } })).body.data.submitCase.case;
    expect(b.id).not.toBe(a.id);
    expect(b.providerId).toBe('PRV-B');
  });
});

describe('due dates (CMS-0057-F)', () => {
  const receivedAt = new Date('2026-03-07T22:15:30.000Z');
  let clocked: TestApi;
  beforeAll(async () => {
    clocked = await createTestApi({ now: () => receivedAt });
  });

  it('gives a STANDARD case 7 calendar days, to the millisecond', async () => {
    const res = await clocked.gql(provider, SUBMIT, { input: submitInput({ urgency: 'STANDARD' }) });
    const c = res.body.data.submitCase.case;
    expect(c.receivedAt).toBe('2026-03-07T22:15:30.000Z');
    // Across the US daylight-saving change (2026-03-08): calendar days in UTC, 168 hours.
    expect(c.dueAt).toBe('2026-03-14T22:15:30.000Z');
  });

  it('gives an EXPEDITED case 72 hours', async () => {
    const res = await clocked.gql(provider, SUBMIT, { input: submitInput({ urgency: 'EXPEDITED' }) });
    const c = res.body.data.submitCase.case;
    expect(c.dueAt).toBe('2026-03-10T22:15:30.000Z');
  });
});

describe('invalid input', () => {
  const cases: [string, Record<string, unknown>, string[], string][] = [
    ['CPT code of 4 digits', { requestedService: { cptCode: '2727', icd10Codes: ['M46.1'] } }, ['input', 'requestedService', 'cptCode'], 'INVALID_CPT_CODE'],
    ['CPT code with letters', { requestedService: { cptCode: '2727X', icd10Codes: ['M46.1'] } }, ['input', 'requestedService', 'cptCode'], 'INVALID_CPT_CODE'],
    ['ICD-10 code malformed', { requestedService: { cptCode: '27279', icd10Codes: ['M46.1', '46.1M'] } }, ['input', 'requestedService', 'icd10Codes', '1'], 'INVALID_ICD10_CODE'],
    ['no ICD-10 code', { requestedService: { cptCode: '27279', icd10Codes: [] } }, ['input', 'requestedService', 'icd10Codes'], 'OUT_OF_RANGE'],
    ['negative inpatient days', { requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: -1 } }, ['input', 'requestedLevelOfCare', 'inpatientDays'], 'INVALID_INPATIENT_DAYS'],
    ['inpatient days for outpatient care', { requestedLevelOfCare: { setting: 'OUTPATIENT', inpatientDays: 2 } }, ['input', 'requestedLevelOfCare', 'inpatientDays'], 'INVALID_INPATIENT_DAYS'],
    ['empty member id', { memberId: '   ' }, ['input', 'memberId'], 'OUT_OF_RANGE'],
    ['member id too long', { memberId: 'M'.repeat(65) }, ['input', 'memberId'], 'OUT_OF_RANGE'],
    ['empty idempotency key', { idempotencyKey: '' }, ['input', 'idempotencyKey'], 'OUT_OF_RANGE'],
  ];

  it.each(cases)('%s → userError at its field, nothing written', async (_name, overrides, field, code) => {
    const before = (await allItems(api)).length;
    const input = submitInput(overrides);
    const res = await api.gql(provider, SUBMIT, { input });
    const payload = res.body.data.submitCase;
    expect(payload.case).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    for (const e of payload.userErrors) expect(e.message).not.toContain('MBR-');
    expect((await allItems(api)).length).toBe(before);
  });

  it('does not consume the idempotency key of a refused submission', async () => {
    const input = submitInput();
    await api.gql(provider, SUBMIT, { input: { ...input, requestedService: { cptCode: 'bad', icd10Codes: ['M46.1'] } } });
    const ok = await api.gql(provider, SUBMIT, { input });
    expect(ok.body.data.submitCase.case.id).toBeTruthy();
  });

  it('refuses a provider submitting for another provider with a FORBIDDEN error, like every refusal of a role', async () => {
    const res = await api.gql(as.provider('PRV-B'), SUBMIT, { input: submitInput() });
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects an unknown enum with a GraphQL BAD_USER_INPUT error', async () => {
    const res = await api.gql(provider, SUBMIT, { input: submitInput({ urgency: 'WHENEVER' }) });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('authentication and visibility', () => {
  it('answers 401 without claims and runs nothing', async () => {
    const before = (await allItems(api)).length;
    const res = await api.gql(null, SUBMIT, { input: submitInput() });
    expect(res.status).toBe(401);
    expect((await allItems(api)).length).toBe(before);
  });

  it('answers 401 for claims without a known role', async () => {
    const res = await api.gql({ sub: 'x', role: 'SUPERUSER' }, '{ __typename }');
    expect(res.status).toBe(401);
  });

  it("reads another provider's case as null, like a missing one", async () => {
    const c = (await api.gql(provider, SUBMIT, { input: submitInput() })).body.data.submitCase.case;
    const other = await api.gql(as.provider('PRV-B'), CASE, { id: c.id });
    const missing = await api.gql(as.provider('PRV-B'), CASE, { id: 'no-such-case' });
    expect(other.body).toEqual(missing.body);
    expect(other.body.data.case).toBeNull();
  });
});
