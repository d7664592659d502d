import type { Claims } from '../../scripts/local/invoke';
import type { TestApi } from './api';

export const RECORD_DECISION = /* GraphQL */ `
  mutation D($input: RecordDecisionInput!) {
    recordDecision(input: $input) {
      case { id version status decidedAt appeal { decidedAt decidedBy } }
      determination { id version source decision reasons decidedBy reviewAction recommendation metCount
        criteriaResults { criterionId status rationale }
        levelOfCare { recommendedSetting approvedInpatientDays inpatientIndicated } report }
      userErrors { field message code }
    }
  }
`;
export const APPEAL = /* GraphQL */ `
  mutation A($input: AppealCaseInput!) { appealCase(input: $input) { case { id version status dueAt appeal { reason filedAt dueAt } } userErrors { field message code } } }
`;
export const UPDATE_FACTS = /* GraphQL */ `
  mutation U($input: UpdateClinicalFactsInput!) {
    updateClinicalFacts(input: $input) { case { id version status decidedAt currentDetermination { version source recommendation metCount } } userErrors { field message code } }
  }
`;
export const EXTEND = /* GraphQL */ `
  mutation E($input: ExtendDueDateInput!) { extendDueDate(input: $input) { case { id version dueAt extension { days reason previousDueAt } } userErrors { field message code } } }
`;

export async function decide(api: TestApi, who: Claims, input: Record<string, unknown>) {
  const res = await api.gql(who, RECORD_DECISION, { input: { reasons: [], ...input } });
  return { res, payload: res.body.data?.recordDecision, code: res.body.errors?.[0]?.extensions?.code as string | undefined };
}
