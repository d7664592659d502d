import { beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApi, type TestApi } from '../../support/api';
import { CASE_HISTORY, SUBMIT_WITH_DETERMINATION, submitInput } from '../../support/fixtures';
import { shippedPolicies } from '../../../policies';
import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';

let now = new Date('2026-03-01T12:00:00.000Z');
let api: TestApi;
const provider = as.provider('PRV-DEMO-001');
const v1 = shippedPolicies.find((p) => p.id === 'sij-fusion' && p.version === 1)!;

/** v2 raises the pain threshold (one parameter) to 8 and takes effect on 2026-04-01; its examples follow. */
function v2Document() {
  const doc = structuredClone(v1) as unknown as Record<string, any>;
  doc.version = 2;
  doc.effectiveFrom = '2026-04-01';
  doc.parameters.minPainScore.value = 8;
  for (const ex of doc.examples) if (ex.facts.painScoreNrs === 7) ex.facts.painScoreNrs = 8;
  return doc;
}

const PUBLISH = /* GraphQL */ `
  mutation P($input: PublishPolicyInput!) {
    publishPolicy(input: $input) { policy { id version effectiveFrom criteria { id } factSchema } userErrors { field message code } }
  }
`;

beforeAll(async () => {
  api = await createTestApi({ now: () => now });
});

describe('policies', () => {
  it('serves the shipped policy with its fact schema and criteria', async () => {
    const res = await api.gql(as.analyst(), '{ policies { id version title cptCodes effectiveFrom factSchema criteria { id title requirement citations } } }');
    const p = res.body.data.policies.find((x: { id: string }) => x.id === 'sij-fusion');
    expect(p).toMatchObject({ id: 'sij-fusion', version: 1, cptCodes: ['27279'], effectiveFrom: '2026-01-01' });
    expect(p.criteria).toHaveLength(8);
    expect(p.factSchema.properties).toHaveProperty('painScoreNrs');
    expect(p.factSchema.additionalProperties).toBe(false);
  });

  it('lets only POLICY_ADMIN publish', async () => {
    for (const who of [as.provider('P'), as.nurse(), as.physician(), as.analyst()]) {
      const res = await api.gql(who, PUBLISH, { input: { document: v2Document() } });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('validates a published document exactly like the files', async () => {
    const broken = v2Document();
    broken.criteria[0].rules = 'not rules';
    broken.version = 3;
    const res = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: broken } });
    expect(res.body.data.publishPolicy.policy).toBeNull();
    expect(res.body.data.publishPolicy.userErrors[0]).toMatchObject({ code: 'INVALID_POLICY' });
    expect(res.body.data.publishPolicy.userErrors[0].field.slice(0, 2)).toEqual(['input', 'document']);

    const badCel = v2Document();
    badCel.version = 3;
    badCel.criteria = JSON.parse(JSON.stringify(badCel.criteria).replace('painScoreNrs >= params.minPainScore', 'painScoreNrs >= '));
    const res2 = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: badCel } });
    expect(res2.body.data.publishPolicy.userErrors[0]).toMatchObject({ code: 'INVALID_POLICY' });
  });

  it('refuses a document whose own example fails, naming the example, and stores nothing', async () => {
    const doc = v2Document();
    doc.version = 3;
    doc.parameters.minPainScore.value = 9; // the examples still say pain 8 meets the threshold
    const res = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: doc } });
    expect(res.body.data.publishPolicy.policy).toBeNull();
    expect(res.body.data.publishPolicy.userErrors[0]).toMatchObject({
      code: 'INVALID_POLICY',
      field: ['input', 'document', 'examples', '0'],
      message: expect.stringMatching(/example "Reference case .*" fails: BASELINE_PAIN_AT_LEAST_5 is NOT_MET, expected MET/),
    });
    const after = await api.gql(as.analyst(), '{ policy(id: "sij-fusion", version: 3) { version } }');
    expect(after.body.data?.policy ?? null).toBeNull();
  });

  it('refuses a policy with a catastrophic regular expression at publish, with a clear message', async () => {
    const doc = v2Document();
    doc.version = 3;
    doc.criteria[2].outcomes[1].when = 'has(facts.competingFindings) && facts.competingFindings.exists(f, f.matches("^(a+)+$"))';
    const res = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: doc } });
    expect(res.body.data.publishPolicy.userErrors[0]).toMatchObject({ code: 'INVALID_POLICY', message: expect.stringMatching(/regular expressions \(matches\) are not allowed/) });
  });

  it('pins a case to the version in effect on its received date, across a new version', async () => {
    // Before v2 exists: a case gets v1 (pain 6 meets v1's threshold).
    const facts = { ...allMetFacts, painScoreNrs: 6 };
    const old = (await api.gql(provider, SUBMIT_WITH_DETERMINATION, { input: submitInput({ clinicalFacts: facts, requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 } }) })).body.data.submitCase.case;
    expect(old.policy).toEqual({ id: 'sij-fusion', version: 1 });

    const pub = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: v2Document() } });
    expect(pub.body.data.publishPolicy.userErrors).toEqual([]);
    expect(pub.body.data.publishPolicy.policy).toMatchObject({ version: 2, effectiveFrom: '2026-04-01' });

    // Still March: new cases get v1 until v2's effectiveFrom.
    const march = (await api.gql(provider, SUBMIT_WITH_DETERMINATION, { input: submitInput({ clinicalFacts: facts }) })).body.data.submitCase.case;
    expect(march.policy.version).toBe(1);

    now = new Date('2026-04-01T00:00:00.000Z');
    const april = (await api.gql(provider, SUBMIT_WITH_DETERMINATION, { input: submitInput({ clinicalFacts: facts }) })).body.data.submitCase.case;
    expect(april.policy.version).toBe(2);
    const pain = (d: { criteriaResults: { criterionId: string; status: string }[] }) =>
      d.criteriaResults.find((r) => r.criterionId === 'BASELINE_PAIN_AT_LEAST_5')?.status;
    expect(pain(april.currentDetermination)).toBe('NOT_MET');

    // The old case keeps its v1 determination, and re-evaluation still uses v1.
    const upd = await api.gql(provider, `mutation U($input: UpdateClinicalFactsInput!) { updateClinicalFacts(input: $input) { case { id version } userErrors { code } } }`, {
      input: { caseId: old.id, expectedVersion: old.version, clinicalFacts: { ...facts, painScoreNrs: 7 } },
    });
    expect(upd.body.data.updateClinicalFacts.userErrors).toEqual([]);
    const hist = (await api.gql(as.nurse(), CASE_HISTORY, { id: old.id })).body.data.case;
    expect(hist.determinations.map((d: { policy: { version: number } }) => d.policy.version)).toEqual([1, 1]);
    expect(pain(hist.determinations[0])).toBe('MET');
  });

  it('never changes a published version and only moves forward', async () => {
    const same = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: v2Document() } });
    expect(same.body.data.publishPolicy.userErrors[0]).toMatchObject({ code: 'VERSION_EXISTS', field: ['input', 'document', 'version'] });
    const res = await api.gql(as.analyst(), '{ policy(id: "sij-fusion") { version } v1: policy(id: "sij-fusion", version: 1) { version effectiveFrom } }');
    expect(res.body.data.policy.version).toBe(2);
    expect(res.body.data.v1).toEqual({ version: 1, effectiveFrom: '2026-01-01' });
  });
});
