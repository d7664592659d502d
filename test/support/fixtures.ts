import { demoCaseInput } from '../../scripts/local/demo-case';

let n = 0;
/** A valid submitCase input (the reference case) with a fresh idempotency key. */
export function submitInput(overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    ...structuredClone(demoCaseInput),
    idempotencyKey: `key-${Date.now()}-${n}-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}

export const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      case {
        id version status urgency memberId providerId
        requestedService { cptCode icd10Codes description }
        requestedLevelOfCare { setting inpatientDays }
        clinicalFacts receivedAt dueAt decidedAt
      }
      userErrors { field message code }
    }
  }
`;

export const CASE = /* GraphQL */ `
  query One($id: ID!) {
    case(id: $id) {
      id version status urgency memberId providerId
      requestedService { cptCode icd10Codes description }
      requestedLevelOfCare { setting inpatientDays }
      clinicalFacts receivedAt dueAt decidedAt
    }
  }
`;

export const DETERMINATION_FIELDS = /* GraphQL */ `
  id version source recommendation decision metCount totalCount reviewAction createdAt reasons decidedBy nextSteps report
  policy { id version }
  criteriaResults { criterionId title status rationale evidence citations nextStep }
  levelOfCare { requestedSetting requestedInpatientDays recommendedSetting inpatientIndicated approvedInpatientDays guideline rationale }
`;

export const SUBMIT_WITH_DETERMINATION = /* GraphQL */ `
  mutation Submit($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      case {
        id version status decidedAt automaticApproval
        policy { id version }
        currentDetermination { ${DETERMINATION_FIELDS} }
      }
      userErrors { field message code }
    }
  }
`;

export const CASE_HISTORY = /* GraphQL */ `
  query History($id: ID!) {
    case(id: $id) {
      id version status decidedAt automaticApproval dueAt
      appeal { reason filedAt dueAt decidedAt decidedBy }
      extension { days reason extendedBy previousDueAt }
      currentDetermination { id version source decision reviewAction }
      determinations { ${DETERMINATION_FIELDS} }
      auditTrail { at actor role action fromStatus toStatus caseVersion determinationVersion correlationId }
    }
  }
`;
