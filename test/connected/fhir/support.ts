// Both doors on one DynamoDB Local table: the FHIR handler beside the GraphQL handler, as
// the two Lambda functions share the table in AWS.
import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { createFhirHandler, type FhirAppHandler } from '../../../lambda/handlers/fhir-app';
import type { ApiEvent } from '../../../lambda/handlers/graphql-app';
import { apiEvent, lambdaContext, type Claims } from '../../../scripts/local/invoke';
import { allItems, createTestApi, type TestApi } from '../../support/api';
import { fixture } from '../../unit/fhir/r4-validator';

export type FhirTestApi = TestApi & {
  fhir: FhirAppHandler;
  /** One request through the FHIR handler, as API Gateway (payload v2, after the JWT authorizer) delivers it. */
  call: (claims: Claims | null, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>) => Promise<FhirResponse>;
  itemCount: () => Promise<number>;
};
export type FhirResponse = { status: number; contentType: string | undefined; body: any };

/** The day the policies' examples are evaluated on (policies/*\/v1.json `evaluationDate`). */
export const EXAMPLE_DAY = new Date('2026-02-02T15:00:00.000Z');

export async function createFhirTestApi(opts: { now?: () => Date } = {}): Promise<FhirTestApi> {
  const now = opts.now ?? (() => EXAMPLE_DAY);
  const api = await createTestApi({ now });
  const fhir = createFhirHandler({ tableName: api.tableName, endpoint: api.endpoint, region: 'us-east-1', stage: 'dev', roleClaim: 'role', providerClaim: 'providerId', now });
  return {
    ...api,
    fhir,
    call: async (claims, method, path, body, headers = {}) => {
      const res = await fhir(fhirEvent(method, path, body, claims, headers), lambdaContext());
      if (typeof res === 'string') throw new Error('the FHIR handler answers structured results');
      return { status: res.statusCode ?? 200, contentType: res.headers?.['content-type'] as string | undefined, body: res.body ? JSON.parse(res.body) : undefined };
    },
    itemCount: async () => (await allItems(api)).length,
  };
}

export function fhirEvent(method: string, path: string, body: unknown, claims: Claims | null, headers: Record<string, string> = {}): ApiEvent {
  return apiEvent({
    method,
    path,
    headers: { 'content-type': 'application/fhir+json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    claims,
  });
}

/** The reference request's requesting provider (Organization UMOExample) and member. */
export const REFERENCE_NPI = '8189991234';
export const REFERENCE_MEMBER = '12345678901';

/** A test-kit fixture with its own Bundle identifier (each test its own submission). */
export function pasBundle(name: string, identifier = `t-${randomUUID()}`): Bundle {
  const b = structuredClone(fixture(name)) as Bundle;
  b.identifier = { ...b.identifier, value: identifier };
  return b;
}

/** Sets the NPI of the requesting provider (the Claim's provider, an Organization in the fixtures). */
export function withProviderNpi(b: Bundle, npi: string): Bundle {
  const claim = b.entry![0]!.resource as { provider: { reference: string } };
  const ref = claim.provider.reference.split('/').slice(-2).join('/');
  const org = b.entry!.find((e) => e.fullUrl?.endsWith(ref))!.resource as { identifier: { system?: string; value?: string }[] };
  for (const id of org.identifier) if (id.system === 'http://hl7.org/fhir/sid/us-npi') id.value = npi;
  return b;
}

export const claimResponseOf = (b: Bundle) => b.entry![0]!.resource as any;

/** The review action code, case id and authorization number of each ClaimResponse item. */
export function itemsOf(bundle: Bundle): { sequence: number; reviewAction: string; caseId: string; authorizationNumber: string | null; reasonCodes: string[] }[] {
  const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
  return (claimResponseOf(bundle).item ?? []).map((it: any) => {
    const ra = it.adjudication[0].extension.find((e: any) => e.url === `${PAS}/extension-reviewAction`);
    return {
      sequence: it.itemSequence,
      reviewAction: ra.extension.find((e: any) => e.url === `${PAS}/extension-reviewActionCode`).valueCodeableConcept.coding[0].code,
      caseId: it.extension.find((e: any) => e.url === `${PAS}/extension-administrationReferenceNumber`)?.valueString ?? '',
      authorizationNumber: ra.extension.find((e: any) => e.url === 'number')?.valueString ?? null,
      reasonCodes: ra.extension.filter((e: any) => e.url === 'reasonCode').map((e: any) => e.valueCodeableConcept.coding[0].code),
    };
  });
}

export const resourcesOf = (b: Bundle): Resource[] => (b.entry ?? []).map((e) => e.resource!);
