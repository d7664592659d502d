import type { Claims } from '../../../scripts/local/invoke';
import { as, type TestApi } from '../../support/api';
import { submitInput } from '../../support/fixtures';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { allMetFacts } from '../../unit/engine/fixtures/sij-cases';

export const PROVIDER_ID = 'PRV-DEMO-001';
export const provider = as.provider(PROVIDER_ID);

export const AUTHORIZATION = 'authorization { number validFrom validTo cptCode units approvedSetting approvedInpatientDays lines { cptCode units approvedSetting approvedInpatientDays } }';
export const RECORD_FIELDS = /* GraphQL */ `
  id version source decision reviewAction reasons
  ${AUTHORIZATION}
  denialReasons { criterionId code system text citations }
  reviewer { sub role npi specialty }
`;
export const CASE_FIELDS = /* GraphQL */ `
  id version status decidedAt plannedServiceDate
  ${AUTHORIZATION}
  informationRequest { items requestedAt requestedBy respondBy }
  withdrawal { reason withdrawnAt withdrawnBy }
  currentDetermination { ${RECORD_FIELDS} }
`;
export const SUBMIT_RECORD = /* GraphQL */ `
  mutation S($input: SubmitCaseInput!) { submitCase(input: $input) { case { ${CASE_FIELDS} } userErrors { field code message } } }
`;
export const DECIDE_RECORD = /* GraphQL */ `
  mutation D($input: RecordDecisionInput!) {
    recordDecision(input: $input) { case { ${CASE_FIELDS} } determination { ${RECORD_FIELDS} } userErrors { field code message } }
  }
`;
export const CASE_RECORD = /* GraphQL */ `
  query C($id: ID!) { case(id: $id) { ${CASE_FIELDS} determinations { ${RECORD_FIELDS} } } }
`;
/** Reviewers only. */
export const AUDIT = /* GraphQL */ `
  query T($id: ID!) { case(id: $id) { auditTrail { action actor role fromStatus toStatus caseVersion determinationVersion } } }
`;
export const REQUEST_INFO = /* GraphQL */ `
  mutation R($input: RequestAdditionalInformationInput!) { requestAdditionalInformation(input: $input) { case { ${CASE_FIELDS} } userErrors { field code message } } }
`;
export const WITHDRAW = /* GraphQL */ `
  mutation W($input: WithdrawCaseInput!) { withdrawCase(input: $input) { case { ${CASE_FIELDS} } userErrors { field code message } } }
`;
export const UPDATE_FACTS_RECORD = /* GraphQL */ `
  mutation U($input: UpdateClinicalFactsInput!) { updateClinicalFacts(input: $input) { case { ${CASE_FIELDS} } userErrors { field code message } } }
`;

/** A physician whose token carries NPI and specialty claims (as Cognito custom attributes would). */
export function physicianWithNpi(sub: string, npi = '1234567893', specialty = 'Orthopaedic Surgery'): Claims {
  const claims = { sub, role: 'PHYSICIAN_REVIEWER', npi, specialty };
  return claims as Claims;
}

/** Submits a case; pending (the reference case) unless `approve` (all criteria met, outpatient: automatic approval). */
export async function submit(api: TestApi, opts: { approve?: boolean; input?: Record<string, unknown> } = {}) {
  const input = submitInput({
    providerId: PROVIDER_ID,
    clinicalFacts: opts.approve ? allMetFacts : referenceFacts,
    requestedLevelOfCare: opts.approve ? { setting: 'OUTPATIENT' } : { setting: 'INPATIENT', inpatientDays: 2 },
    ...opts.input,
  });
  const res = await api.gql(provider, SUBMIT_RECORD, { input });
  const c = res.body.data?.submitCase.case;
  if (!c) throw new Error(`submit failed: ${JSON.stringify(res.body)}`);
  return { case: c, input };
}

export async function decideRecord(api: TestApi, who: Claims, input: Record<string, unknown>) {
  const res = await api.gql(who, DECIDE_RECORD, { input: { reasons: [], ...input } });
  return res.body.data?.recordDecision ?? { errors: res.body.errors };
}
