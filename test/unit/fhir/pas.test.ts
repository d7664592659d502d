import type { Bundle, ClaimResponse, Extension } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  buildCapabilityStatement,
  buildPasResponseBundle,
  expressionForSubmitField,
  httpStatusForIssues,
  issueFromCoreError,
  lineOfBusinessOf,
  operationOutcome,
  parsePasInquiryBundle,
  parsePasSubmitBundle,
  providerNotCallerIssue,
  type FhirDecisionView,
  type FhirNotRequiredItemView,
  type PasItem,
  type PolicyQuestionnaireSource,
} from '../../../lambda/fhir';
import { referenceFacts, sijFusion } from './policies';
import { fixture, r4Issues } from './r4-validator';

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const lookup = (cpt: string): PolicyQuestionnaireSource | null => (cpt === '27279' ? sijFusion : null);
const submit = async (name: string) => {
  const r = await parsePasSubmitBundle(fixture(name), lookup);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const submitted = (items: PasItem[]) => items.filter((i): i is Extract<PasItem, { kind: 'submit' }> => i.kind === 'submit');

describe('PAS request Bundle → SubmitRequest', () => {
  it('reads the adapted test-kit request for the reference case', async () => {
    const { items, context } = await submit('pas-request-27279.json');
    expect(items).toHaveLength(1);
    const [item] = submitted(items);
    expect(item!.sequence).toBe(1);
    expect(item!.request).toEqual({
      idempotencyKey: expect.stringMatching(/^pas:[0-9a-f]{40}:1$/),
      memberId: '12345678901',
      providerId: '8189991234',
      urgency: 'EXPEDITED', // levelOfServiceCode U (Urgent) wins over priority normal
      requestedService: { cptCode: '27279', icd10Codes: ['M53.3'], description: 'Arthrodesis, sacroiliac joint, percutaneous or minimally invasive' },
      requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 },
      clinicalFacts: referenceFacts,
      // The test kit's item has no servicedDate or servicedPeriod.
      plannedServiceDate: null,
      lineOfBusiness: 'COMMERCIAL',
    });
    expect(context.patient.fullUrl).toBe('https://prior-auth.davinci.hl7.org/fhir/Patient/SubscriberExample');
    expect(context.requestor.resource.resourceType).toBe('Organization');
  });

  it('gives the same idempotency key for a resubmission and another for another provider', async () => {
    const a = submitted((await submit('pas-request-27279.json')).items)[0]!.request.idempotencyKey;
    const b = submitted((await submit('pas-request-27279.json')).items)[0]!.request.idempotencyKey;
    const other = structuredClone(fixture('pas-request-27279.json')) as Bundle;
    (other.entry![1]!.resource as { identifier: { value: string }[] }).identifier[0]!.value = '1234567893';
    const r = await parsePasSubmitBundle(other, lookup);
    expect(a).toBe(b);
    expect(r.ok && submitted(r.value.items)[0]!.request.idempotencyKey).not.toBe(a);
  });

  it('reads urn:uuid references, a QuestionnaireResponse contained in the Claim, and an outpatient place of service', async () => {
    const [item] = submitted((await submit('pas-request-27279-uuid-contained.json')).items);
    expect(item!.request.requestedLevelOfCare).toEqual({ setting: 'OUTPATIENT', inpatientDays: 0 });
    expect(item!.request.clinicalFacts).toEqual(referenceFacts);
    expect(item!.locations.questionnaireResponse).toBe('Bundle.entry[0].resource.contained[0]');
  });

  it('gives one request per item with a policy and marks an item with no policy', async () => {
    const { items } = await submit('pas-request-two-items.json');
    expect(items.map((i) => [i.kind, i.sequence])).toEqual([
      ['submit', 1],
      ['no-policy', 2],
    ]);
    expect(items[1]).toMatchObject({ cptCode: '99213', expression: 'Bundle.entry[0].resource.item[1].productOrService' });
    expect(submitted(items)[0]!.request.idempotencyKey).toMatch(/:1$/);
  });

  it('maps core errors on a request back to the Bundle', async () => {
    const [item] = submitted((await submit('pas-request-27279.json')).items);
    const loc = item!.locations;
    expect(expressionForSubmitField(loc, ['clinicalFacts', 'diagnosticInjections', '0', 'painReliefPercent'])).toBe(
      'Bundle.entry[7].resource.item[3].item[2].answer[0]',
    );
    expect(expressionForSubmitField(loc, ['requestedService', 'icd10Codes', '0'])).toBe('Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept.coding');
    expect(expressionForSubmitField(loc, ['memberId'])).toBe('Bundle.entry[4].resource.identifier[0].value');
    const oo = operationOutcome([issueFromCoreError('FACT_OUT_OF_RANGE', 'painReliefPercent must be <= 100', loc.facts['diagnosticInjections.0.painReliefPercent'])]);
    expect(r4Issues(oo)).toEqual([]);
    expect(oo.issue[0]).toMatchObject({ code: 'value', expression: ['Bundle.entry[7].resource.item[3].item[2].answer[0]'] });
  });
});

describe('Bad PAS Bundles → OperationOutcome', () => {
  const issuesOf = async (body: unknown) => {
    const r = await parsePasSubmitBundle(body, lookup);
    if (r.ok) throw new Error('expected issues');
    const oo = operationOutcome(r.errors);
    expect(r4Issues(oo)).toEqual([]);
    return r.errors;
  };
  const mutate = (f: (b: { entry: { fullUrl: string; resource: Record<string, unknown> }[] }) => void) => {
    const b = structuredClone(fixture('pas-request-27279.json')) as { entry: { fullUrl: string; resource: Record<string, unknown> }[] };
    f(b);
    return b;
  };

  it('the test kit nonconformant bundle (no entries)', async () => {
    expect(await issuesOf(fixture('nonconformant-pas-bundle.json'))).toEqual([expect.objectContaining({ code: 'structure', expression: ['Bundle.entry'] })]);
  });

  it('not a Bundle', async () => {
    const issues = await issuesOf({ resourceType: 'Claim' });
    expect(issues).toEqual([expect.objectContaining({ code: 'structure' })]);
    expect(httpStatusForIssues(issues)).toBe(400);
  });

  it('a first entry that is not the Claim', async () => {
    const b = mutate((b) => b.entry.reverse());
    expect(await issuesOf(b)).toEqual([expect.objectContaining({ code: 'structure', expression: ['Bundle.entry[0].resource'] })]);
  });

  it('a Claim whose use is not preauthorization', async () => {
    expect(await issuesOf(mutate((b) => (b.entry[0]!.resource['use'] = 'claim')))).toEqual([
      expect.objectContaining({ code: 'value', expression: ['Bundle.entry[0].resource.use'] }),
    ]);
  });

  it('a referenced resource missing from the Bundle (test kit fixture)', async () => {
    expect(await issuesOf(fixture('missing-referenced-resource-request-bundle.json'))).toEqual([
      expect.objectContaining({ code: 'not-found', expression: ['Bundle.entry[0].resource.careTeam[0].provider.reference'] }),
    ]);
  });

  it('an unknown Questionnaire answer and an invalid value', async () => {
    const b = mutate((b) => {
      const qr = b.entry[7]!.resource as { item: { linkId: string; answer?: unknown[] }[] };
      qr.item[0]!.answer = [{ valueString: 'seven' }];
      qr.item.push({ linkId: 'bloodPressure', answer: [{ valueInteger: 120 }] });
    });
    expect(await issuesOf(b)).toEqual([
      expect.objectContaining({ code: 'value', expression: ['Bundle.entry[7].resource.item[0].answer[0]'] }),
      expect.objectContaining({ code: 'invalid', expression: ['Bundle.entry[7].resource.item[7].linkId'] }),
    ]);
  });

  it('a requesting provider without a 10-digit NPI', async () => {
    const b = mutate((b) => ((b.entry[1]!.resource['identifier'] as { value: string }[])[0]!.value = '12345'));
    expect(await issuesOf(b)).toEqual([expect.objectContaining({ code: 'value', expression: ['Bundle.entry[1].resource.identifier[0].value'] })]);
  });

  it('a requesting provider that is not the caller', async () => {
    const { context } = await submit('pas-request-27279.json');
    const i = providerNotCallerIssue(context);
    expect(i).toMatchObject({ code: 'forbidden', expression: ['Bundle.entry[1].resource.identifier[0].value'] });
    expect(httpStatusForIssues([i])).toBe(403);
  });
});

describe('line of business from the focal Coverage (README "Line of business")', () => {
  const withCoverageType = async (coding: { system: string; code: string }[]) => {
    const b = structuredClone(fixture('pas-request-27279.json')) as Bundle;
    (b.entry!.find((e) => e.resource?.resourceType === 'Coverage')!.resource as any).type = { coding };
    const r = await parsePasSubmitBundle(b, lookup);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return submitted(r.value.items)[0]!.request.lineOfBusiness;
  };
  it('maps the Source of Payment Typology (Medicare managed care, Medicaid), names EXCHANGE by our own system, and defaults to COMMERCIAL', async () => {
    expect(await withCoverageType([{ system: 'https://nahdo.org/sopt', code: '111' }])).toBe('MEDICARE_ADVANTAGE');
    expect(await withCoverageType([{ system: 'urn:oid:2.16.840.1.113883.3.221.5', code: '21' }])).toBe('MEDICAID');
    expect(await withCoverageType([{ system: 'https://nahdo.org/sopt', code: '121' }])).toBe('COMMERCIAL');
    expect(await withCoverageType([{ system: 'urn:medical-necessity:line-of-business', code: 'EXCHANGE' }])).toBe('EXCHANGE');
    expect(await withCoverageType([{ system: 'http://example.org/other', code: '2' }])).toBe('COMMERCIAL');
    expect(lineOfBusinessOf(null)).toBe('COMMERCIAL');
  });
});

describe('PAS inquiry Bundle → InquiryRequest', () => {
  it('reads member, provider, service and the authorization number', () => {
    const r = parsePasInquiryBundle(fixture('pas-inquiry-27279.json'));
    expect(r.ok && { ...r.value, context: undefined }).toEqual({
      memberId: '12345678901',
      providerId: '8189991234',
      authorizationNumber: '1122445',
      caseId: '9988311',
      items: [{ sequence: 1, cptCode: '27279', traceNumbers: [{ system: 'https://prior-auth.davinci.hl7.org/fhir/ITEM_TRACE_NUMBER', value: '1122334' }] }],
      context: undefined,
    });
  });
});

const ext = (list: Extension[] | undefined, url: string) => list?.find((e) => e.url === url);
const reviewAction = (cr: ClaimResponse, i = 0) => ext(cr.item?.[i]?.adjudication?.[0]?.extension, `${PAS}/extension-reviewAction`);
const sub = (e: Extension | undefined, url: string) => e?.extension?.filter((x) => x.url === url) ?? [];

describe('PAS response Bundle', () => {
  const decision = (over: Partial<FhirDecisionView>): FhirDecisionView => ({
    caseId: 'case-1',
    status: 'PENDING_PHYSICIAN_REVIEW',
    reviewAction: 'A4',
    receivedAt: '2026-02-02T10:00:00Z',
    decidedAt: null,
    item: { sequence: 1, cptCode: '27279', traceNumbers: [] },
    authorization: null,
    informationRequest: null,
    denialReasons: [],
    reviewer: null,
    wasHumanReviewed: false,
    noteText: 'Pended for physician review.',
    ...over,
  });
  const build = async (decisions: FhirDecisionView[], notRequired: FhirNotRequiredItemView[] = []) => {
    const { context } = await submit('pas-request-two-items.json');
    const b = buildPasResponseBundle(context, decisions, notRequired, { now: '2026-02-02T10:00:05Z' });
    expect(r4Issues(b)).toEqual([]);
    for (const e of b.entry ?? []) expect(r4Issues(e.resource!), e.resource!.resourceType).toEqual([]);
    const cr = b.entry![0]!.resource as ClaimResponse;
    expect(r4Issues(cr)).toEqual([]);
    // Every resource the ClaimResponse references is in the Bundle.
    for (const ref of [cr.patient, cr.insurer, cr.requestor].map((r) => r?.reference)) {
      expect(b.entry!.some((e) => e.fullUrl === ref)).toBe(true);
    }
    return { b, cr };
  };

  it('a pended item (A4): ClaimResponse first, the item echoed with its sequence and the review action', async () => {
    const { b, cr } = await build([decision({})]);
    expect(b).toMatchObject({ type: 'collection', identifier: { value: 'A12345' } });
    expect(cr).toMatchObject({ use: 'preauthorization', status: 'active', outcome: 'complete' });
    expect(cr.item?.[0]?.itemSequence).toBe(1);
    expect(cr.item?.[0]?.adjudication?.[0]?.category.coding?.[0]?.code).toBe('submitted');
    expect(sub(reviewAction(cr), `${PAS}/extension-reviewActionCode`)[0]?.valueCodeableConcept?.coding?.[0]).toMatchObject({
      system: 'https://codesystem.x12.org/005010/306',
      code: 'A4',
    });
    expect(cr.preAuthRef).toBeUndefined();
    expect(sub(ext(cr.extension, `${PAS}/extension-claimResponseReviewer`), 'wasHumanReviewedFlag')[0]?.valueBoolean).toBe(false);
    expect(ext(cr.item?.[0]?.extension, `${PAS}/extension-administrationReferenceNumber`)?.valueString).toBe('case-1');
  });

  it('an automatic approval (A1): authorization number and period', async () => {
    const line = { cptCode: '27279', units: 1, approvedSetting: 'OUTPATIENT' as const, approvedInpatientDays: 0 };
    const auth = { number: 'PA-2026-000123', validFrom: '2026-02-02', validTo: '2026-05-03', ...line, lines: [line] };
    const { cr } = await build([decision({ status: 'APPROVED', reviewAction: 'A1', authorization: auth, decidedAt: '2026-02-02T10:00:00Z', noteText: '' })]);
    expect(cr.preAuthRef).toBe('PA-2026-000123');
    expect(cr.preAuthPeriod).toEqual({ start: '2026-02-02', end: '2026-05-03' });
    expect(sub(reviewAction(cr), 'number')[0]?.valueString).toBe('PA-2026-000123');
    expect(ext(cr.item?.[0]?.extension, `${PAS}/extension-itemPreAuthPeriod`)?.valuePeriod).toEqual({ start: '2026-02-02', end: '2026-05-03' });
  });

  it('a physician denial (A3): specific reasons as reason codes and process notes, human reviewed', async () => {
    const reasons = [
      { criterionId: 'TWO_DIAGNOSTIC_INJECTIONS', code: 'SIJ01', system: 'https://example.org/denial-reasons', text: 'Only one qualifying diagnostic injection is documented.', citations: ['[1]', '[2]'] },
    ];
    const reviewer = { sub: 'dr-1', role: 'PHYSICIAN_REVIEWER' as const, npi: '1234567893', specialty: '207X00000X' };
    const { cr } = await build([decision({ status: 'DENIED', reviewAction: 'A3', denialReasons: reasons, reviewer, wasHumanReviewed: true, noteText: '' })]);
    expect(sub(reviewAction(cr), 'reasonCode')[0]?.valueCodeableConcept).toMatchObject({ coding: [{ code: 'SIJ01' }], text: reasons[0]!.text });
    expect(cr.processNote?.map((n) => n.text)).toEqual([`${reasons[0]!.text} (policy source [1], [2])`]);
    expect(cr.item?.[0]?.noteNumber).toEqual([1]);
    const rev = ext(cr.extension, `${PAS}/extension-claimResponseReviewer`);
    expect(sub(rev, 'wasHumanReviewedFlag')[0]?.valueBoolean).toBe(true);
    expect(sub(rev, 'reviewerNPI')[0]?.valueIdentifier?.value).toBe('1234567893');
  });

  it('a modified item (A6) carries the authorized version in addItem; an item with no policy needs no authorization (NA), not an error', async () => {
    const line = { cptCode: '27279', units: 1, approvedSetting: 'OUTPATIENT' as const, approvedInpatientDays: 0 };
    const auth = { number: 'PA-7', validFrom: '2026-02-03', validTo: '2026-05-04', ...line, lines: [line] };
    const reasons = [{ criterionId: null, code: 'LOC', system: 'https://example.org/denial-reasons', text: 'Inpatient care is not indicated; approved as outpatient.', citations: ['[1]'] }];
    const { cr } = await build(
      [decision({ status: 'PARTIALLY_APPROVED', reviewAction: 'A6', authorization: auth, denialReasons: reasons, wasHumanReviewed: true, noteText: '' })],
      [{ sequence: 2, cptCode: '99213', traceNumbers: [{ system: 'urn:trace', value: 'T-2' }] }],
    );
    expect(cr.outcome).toBe('complete');
    expect(cr.error).toBeUndefined();
    expect(cr.addItem?.[0]).toMatchObject({ itemSequence: [1], productOrService: { coding: [{ code: '27279' }] } });
    expect(cr.item?.map((i) => i.itemSequence)).toEqual([1, 2]);
    expect(sub(reviewAction(cr, 1), `${PAS}/extension-reviewActionCode`)[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe('NA');
    expect(ext(cr.item?.[1]?.extension, `${PAS}/extension-itemTraceNumber`)?.valueIdentifier).toEqual({ system: 'urn:trace', value: 'T-2' });
  });

  it('a partial approval (A2) of an inpatient stay says what was certified: code and days in itemAuthorizedDetail; add-on lines are items of their own', async () => {
    const lines = [
      { cptCode: '22633', units: 1, approvedSetting: 'INPATIENT' as const, approvedInpatientDays: 3 },
      { cptCode: '22634', units: 2, approvedSetting: 'INPATIENT' as const, approvedInpatientDays: 3 },
    ];
    const auth = { number: 'PA-9', validFrom: '2026-02-03', validTo: '2026-05-04', ...lines[0]!, lines };
    const { cr } = await build([
      decision({ status: 'PARTIALLY_APPROVED', reviewAction: 'A2', authorization: auth, wasHumanReviewed: true, noteText: '', item: { sequence: 1, cptCode: '22633', traceNumbers: [{ system: 'urn:trace', value: 'T-1' }] } }),
    ]);
    const detail = ext(cr.item?.[0]?.extension, `${PAS}/extension-itemAuthorizedDetail`);
    expect(sub(detail, 'productOrServiceCode')[0]?.valueCodeableConcept?.coding?.[0]).toMatchObject({ system: 'http://www.ama-assn.org/go/cpt', code: '22633' });
    expect(sub(detail, 'quantity')[0]?.valueQuantity).toMatchObject({ value: 3, code: 'DY' });
    expect(ext(cr.item?.[0]?.extension, `${PAS}/extension-itemTraceNumber`)?.valueIdentifier?.value).toBe('T-1');
    expect(cr.addItem).toHaveLength(1);
    expect(cr.addItem?.[0]).toMatchObject({ itemSequence: [1], productOrService: { coding: [{ code: '22634' }] }, quantity: { value: 2, code: 'FL' } });
  });

  it('a request for information: the pended item references a PAS CommunicationRequest listing each item and the respond-by date', async () => {
    const informationRequest = { items: ['Operative note of the injection', 'Pain diary'], requestedAt: '2026-02-03T09:00:00.000Z', respondBy: '2026-02-10T09:00:00.000Z' };
    const { b, cr } = await build([decision({ status: 'PENDING_INFORMATION', informationRequest })]);
    const comm = b.entry!.find((e) => e.resource?.resourceType === 'CommunicationRequest')!;
    expect(cr.communicationRequest).toEqual([{ reference: comm.fullUrl }]);
    expect(comm.resource).toMatchObject({
      status: 'active',
      payload: [{ contentString: 'Operative note of the injection' }, { contentString: 'Pain diary' }],
      occurrencePeriod: { end: '2026-02-10T09:00:00.000Z' },
      extension: [{ url: `${PAS}/extension-serviceLineNumber`, valuePositiveInt: 1 }],
    });
    expect((comm.resource as any).identifier).toHaveLength(1);
  });

  it('a cancelled item (C); a reason the policy codes in X12 886 carries that code first and the policy\'s own beside it', async () => {
    const { cr } = await build([decision({ status: 'WITHDRAWN', reviewAction: 'C', noteText: '' })]);
    expect(sub(reviewAction(cr), `${PAS}/extension-reviewActionCode`)[0]?.valueCodeableConcept?.coding?.[0]).toMatchObject({ code: 'C' });
    const reasons = [{ criterionId: 'A', code: 'SIJ01', system: 'https://example.org/denial-reasons', x12ReasonCode: '0U', text: 'Not met.', citations: [] }];
    const denied = await build([decision({ status: 'DENIED', reviewAction: 'A3', denialReasons: reasons, noteText: '' })]);
    expect(sub(reviewAction(denied.cr), 'reasonCode')[0]?.valueCodeableConcept?.coding).toEqual([
      { system: 'https://codesystem.x12.org/external/886', code: '0U' },
      { system: 'https://example.org/denial-reasons', code: 'SIJ01' },
    ]);
  });
});

describe('CapabilityStatement and OperationOutcome', () => {
  it('names $submit and $inquire on Claim and Questionnaire read', () => {
    const cs = buildCapabilityStatement({ baseUrl: 'https://api.example.org/fhir', date: '2026-02-02' });
    expect(r4Issues(cs)).toEqual([]);
    expect(cs).toMatchObject({ fhirVersion: '4.0.1', format: ['json'] });
    const claim = cs.rest?.[0]?.resource?.find((r) => r.type === 'Claim');
    expect(claim?.operation?.map((o) => o.name)).toEqual(['submit', 'inquire']);
    expect(cs.rest?.[0]?.resource?.find((r) => r.type === 'Questionnaire')?.interaction).toEqual([{ code: 'read' }]);
  });

  it('maps core error codes to issue codes and statuses', () => {
    expect(issueFromCoreError('FORBIDDEN', 'x').code).toBe('forbidden');
    expect(issueFromCoreError('VERSION_CONFLICT', 'x').code).toBe('conflict');
    expect(issueFromCoreError('NO_POLICY_FOR_SERVICE', 'x').code).toBe('not-supported');
    expect(httpStatusForIssues([issueFromCoreError('NO_POLICY_FOR_SERVICE', 'x')])).toBe(422);
    expect(httpStatusForIssues([issueFromCoreError('VERSION_CONFLICT', 'x')])).toBe(409);
    expect(httpStatusForIssues([issueFromCoreError('CASE_NOT_FOUND', 'x')])).toBe(404);
  });

  it('the R4 validator used here rejects an invalid resource (so the checks above can fail)', () => {
    expect(r4Issues({ resourceType: 'ClaimResponse', status: 'active', use: 'preauthorization' } as ClaimResponse).length).toBeGreaterThan(0);
  });
});
