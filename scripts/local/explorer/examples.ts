/**
 * The operations the explorer opens with, one tab each. They find the demonstration case
 * by its provider (seeded by scripts/local/seed.ts) so they work on any table. The first tab
 * takes no variables: GraphiQL 3 fills the variables editor from a default tab only when
 * the tab is switched to, not for the tab it opens on.
 */
import { demoCaseInput, demoProviderId } from '../demo-case';

export type ExampleTab = { query: string; variables?: string };

const json = (value: unknown) => JSON.stringify(value, null, 2);

export const exampleTabs: ExampleTab[] = [
  {
    query: `# The demonstration case (seeded by npm start). Pick a role above, then press Run (Ctrl-Enter).
# Reviewers see every case, newest first; PROVIDER only its own: try ${demoProviderId}, then another id.
query DemoCase {
  cases(first: 10) {
    edges {
      node {
        id
        status
        urgency
        providerId
        receivedAt
        dueAt
        requestedService { cptCode icd10Codes description }
      }
    }
  }
}
`,
  },
  {
    query: `# Its current determination and the Markdown report (reviewer roles or its PROVIDER;
# ANALYST may not read reports).
query DemoDetermination($providerId: ID) {
  cases(first: 1, filter: { providerId: $providerId }) {
    edges {
      node {
        id
        status
        currentDetermination {
          id
          source
          recommendation
          reviewAction
          metCount
          totalCount
          criteriaResults { criterionId title status rationale }
          levelOfCare { requestedSetting recommendedSetting approvedInpatientDays rationale }
          nextSteps
          report
        }
      }
    }
  }
}
`,
    variables: json({ providerId: demoProviderId }),
  },
  {
    query: `# Evaluate facts against the policy in effect: nothing is stored.
query Preview($input: PreviewInput!) {
  previewDetermination(input: $input) {
    recommendation
    metCount
    totalCount
    criteriaResults { criterionId status rationale }
    levelOfCare { recommendedSetting inpatientIndicated }
    nextSteps
    policy { id version title }
  }
}
`,
    variables: json({
      input: {
        cptCode: demoCaseInput.requestedService.cptCode,
        clinicalFacts: demoCaseInput.clinicalFacts,
        requestedLevelOfCare: demoCaseInput.requestedLevelOfCare,
      },
    }),
  },
  {
    query: `# Submit a case (PROVIDER for its own provider id, or UM_NURSE for intake).
# The same idempotencyKey again returns the first case; change it to submit another.
mutation Submit($input: SubmitCaseInput!) {
  submitCase(input: $input) {
    case { id status dueAt currentDetermination { recommendation reviewAction } }
    userErrors { field message code }
  }
}
`,
    variables: json({
      input: { ...demoCaseInput, idempotencyKey: 'explorer-example-1', memberId: 'MBR-EXAMPLE-0001' },
    }),
  },
];
