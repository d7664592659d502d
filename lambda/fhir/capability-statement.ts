// GET /fhir/metadata: what the FHIR door serves (contract: "The FHIR door").
import type { CapabilityStatement } from '@medplum/fhirtypes';

export function buildCapabilityStatement(options: { baseUrl: string; date: string; softwareVersion?: string }): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    kind: 'instance',
    software: { name: 'medical-necessity-api', ...(options.softwareVersion ? { version: options.softwareVersion } : {}) },
    implementation: { description: 'Prior authorization (Da Vinci PAS) on the medical-necessity determination service', url: options.baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    implementationGuide: ['http://hl7.org/fhir/us/davinci-pas/ImplementationGuide/hl7.fhir.us.davinci-pas'],
    rest: [
      {
        mode: 'server',
        security: {
          description: 'Bearer JWT (same tokens and roles as the GraphQL API); a provider token submits and inquires only for its own NPI.',
        },
        resource: [
          {
            type: 'Claim',
            operation: [
              { name: 'submit', definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit' },
              { name: 'inquire', definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry' },
            ],
          },
          { type: 'Questionnaire', interaction: [{ code: 'read' }] },
        ],
      },
    ],
  };
}
