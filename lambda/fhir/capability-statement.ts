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
          description:
            'Bearer JWT (same tokens and roles as the GraphQL API) on every interaction but this CapabilityStatement; a provider token submits, updates and inquires only for its own NPI.',
        },
        resource: [
          {
            type: 'Claim',
            operation: [
              {
                name: 'submit',
                definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit',
                documentation:
                  'A PAS request Bundle of at most 10 items, stored atomically; a PAS Claim Update (related.claim) answers a request for information or changes the same request, and with certificationType 3 cancels it.',
              },
              {
                name: 'inquire',
                definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry',
                documentation: 'By administrationReferenceNumber or authorization number (direct lookup), else member + provider + service.',
              },
            ],
          },
          { type: 'Questionnaire', interaction: [{ code: 'read' }] },
        ],
      },
    ],
  };
}
