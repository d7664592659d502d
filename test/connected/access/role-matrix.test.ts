import { beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApi, type TestApi } from '../../support/api';
import { CASE, SUBMIT, submitInput } from '../../support/fixtures';
import { APPEAL, UPDATE_FACTS, decide } from '../../support/workflow';
import type { Claims } from '../../../scripts/local/invoke';

let api: TestApi;
let caseId: string;
const roles = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'ANALYST', 'POLICY_ADMIN'] as const;
type Role = (typeof roles)[number];
const claimsFor = (role: Role): Claims => (role === 'PROVIDER' ? as.provider('PRV-DEMO-001') : { sub: `${role.toLowerCase()}-1`, role });

/** The contract's roles, written out here independently of lambda/core/access/table.ts. */
const allowed: Record<string, Role[]> = {
  case: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  cases: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  determination: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  policy: [...roles],
  policies: [...roles],
  previewDetermination: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER', 'POLICY_ADMIN'],
  determinationStats: ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  priorAuthMetrics: ['ANALYST', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  submitCase: ['PROVIDER', 'UM_NURSE'],
  updateClinicalFacts: ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'],
  recordDecision: ['UM_NURSE', 'PHYSICIAN_REVIEWER'],
  appealCase: ['PROVIDER'],
  extendDueDate: ['UM_NURSE', 'PHYSICIAN_REVIEWER'],
  requestAdditionalInformation: ['UM_NURSE', 'PHYSICIAN_REVIEWER'],
  withdrawCase: ['PROVIDER'],
  publishPolicy: ['POLICY_ADMIN'],
};

const operations: Record<string, () => [string, Record<string, unknown>]> = {
  case: () => [CASE, { id: caseId }],
  cases: () => ['{ cases(first: 1) { edges { node { id } } } }', {}],
  determination: () => ['query($id: ID!) { determination(id: $id) { id } }', { id: `${caseId}:1` }],
  policy: () => ['{ policy(id: "sij-fusion") { id } }', {}],
  policies: () => ['{ policies { id } }', {}],
  previewDetermination: () => ['{ previewDetermination(input: { cptCode: "27279", clinicalFacts: {} }) { metCount } }', {}],
  determinationStats: () => ['{ determinationStats(filter: { from: "2026-01-01", to: "2026-01-31" }) { total } }', {}],
  priorAuthMetrics: () => ['{ priorAuthMetrics(year: 2026) { year } }', {}],
  submitCase: () => [SUBMIT, { input: submitInput() }],
  updateClinicalFacts: () => [UPDATE_FACTS, { input: { caseId, expectedVersion: 99, clinicalFacts: {} } }],
  recordDecision: () => ['mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { userErrors { code } } }', { i: { caseId, expectedVersion: 99, decision: 'APPROVED', reasons: [] } }],
  appealCase: () => [APPEAL, { input: { caseId, expectedVersion: 99, reason: 'r' } }],
  extendDueDate: () => ['mutation($i: ExtendDueDateInput!) { extendDueDate(input: $i) { userErrors { code } } }', { i: { caseId, expectedVersion: 99, days: 1, reason: 'r' } }],
  requestAdditionalInformation: () => [
    'mutation($i: RequestAdditionalInformationInput!) { requestAdditionalInformation(input: $i) { userErrors { code } } }',
    { i: { caseId, expectedVersion: 99, items: ['Imaging report'] } },
  ],
  withdrawCase: () => ['mutation($i: WithdrawCaseInput!) { withdrawCase(input: $i) { userErrors { code } } }', { i: { caseId, expectedVersion: 99, reason: 'r' } }],
  publishPolicy: () => ['mutation($i: PublishPolicyInput!) { publishPolicy(input: $i) { userErrors { code } } }', { i: { document: {} } }],
};

beforeAll(async () => {
  api = await createTestApi();
  caseId = (await api.gql(as.provider('PRV-DEMO-001'), SUBMIT, { input: submitInput() })).body.data.submitCase.case.id;
});

describe('role × operation matrix', () => {
  const rows = Object.keys(operations).flatMap((op) => roles.map((role) => [op, role] as const));
  it.each(rows)('%s as %s', async (op, role) => {
    const [query, variables] = operations[op]!();
    const res = await api.gql(claimsFor(role), query, variables);
    const forbidden = res.body.errors?.some((e) => e.extensions?.code === 'FORBIDDEN') ?? false;
    expect(forbidden).toBe(!allowed[op]!.includes(role));
    if (forbidden) expect(res.body.data?.[op] ?? null).toBeNull();
  });

  it('covers every Query and Mutation field of the schema', async () => {
    const res = await api.gql(as.nurse(), '{ q: __type(name: "Query") { fields { name } } m: __type(name: "Mutation") { fields { name } } }');
    const fields = [...res.body.data.q.fields, ...res.body.data.m.fields].map((f: { name: string }) => f.name).sort();
    expect(fields).toEqual(Object.keys(operations).sort());
  });
});

describe('provider A against provider B', () => {
  it('cannot read, list, update, appeal or submit as B; B’s case reads like a missing one', async () => {
    const b = as.provider('PRV-B');
    const bCase = (await api.gql(b, SUBMIT, { input: submitInput({ providerId: 'PRV-B' }) })).body.data.submitCase.case;
    const a = as.provider('PRV-A');
    expect((await api.gql(a, CASE, { id: bCase.id })).body.data.case).toBeNull();
    expect((await api.gql(a, '{ cases(filter: { providerId: "PRV-B" }) { edges { node { id } } } }')).body.data.cases.edges).toEqual([]);
    expect((await api.gql(a, '{ cases { edges { node { providerId } } } }')).body.data.cases.edges.every((e: any) => e.node.providerId === 'PRV-A')).toBe(true);
    expect((await api.gql(a, SUBMIT, { input: submitInput({ providerId: 'PRV-B' }) })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const upd = await api.gql(a, UPDATE_FACTS, { input: { caseId: bCase.id, expectedVersion: 1, clinicalFacts: {} } });
    expect(upd.body.data.updateClinicalFacts.userErrors[0].code).toBe('CASE_NOT_FOUND');
    await decide(api, as.physician(), { caseId: bCase.id, expectedVersion: 1, decision: 'DENIED', reasons: ['not met'] });
    const appeal = await api.gql(a, APPEAL, { input: { caseId: bCase.id, expectedVersion: 2, reason: 'r' } });
    expect(appeal.body.data.appealCase.userErrors[0].code).toBe('CASE_NOT_FOUND');
    const missing = await api.gql(a, APPEAL, { input: { caseId: 'no-such-case', expectedVersion: 2, reason: 'r' } });
    expect(missing.body.data.appealCase.userErrors).toEqual(appeal.body.data.appealCase.userErrors);
  });
});

describe('sensitive fields', () => {
  it('never returns member ids, clinical facts, reports or evidence to an analyst', async () => {
    const res = await api.gql(as.analyst(), `query($id: ID!) { case(id: $id) { memberId clinicalFacts currentDetermination { report criteriaResults { evidence } } } }`, { id: caseId });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res.body)).not.toMatch(/MBR-DEMO|painScoreNrs|Primary Recommendation/);
  });

  it('keeps the audit trail for reviewers', async () => {
    const q = `query($id: ID!) { case(id: $id) { id auditTrail { action } } }`;
    const provider = await api.gql(as.provider('PRV-DEMO-001'), q, { id: caseId });
    expect(provider.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nurse = await api.gql(as.nurse(), q, { id: caseId });
    expect(nurse.body.data.case.auditTrail[0].action).toBe('SUBMIT_CASE');
  });
});
