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
