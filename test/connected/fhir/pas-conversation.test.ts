// The PAS conversation through the FHIR handler against DynamoDB Local: a request, a request
// for information answered by a Claim Update on the SAME case, a cancellation, certified
// quantities, items needing no authorization, atomic Bundles, and inquiries by key.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { factsToQuestionnaireResponse } from '../../../lambda/fhir';
import sijFusionV1 from '../../../policies/sij-fusion/v1.json';
import { allItems, as, countRequests } from '../../support/api';
import { decide } from '../../support/workflow';
import { REQUEST_INFO } from '../decision-records/helpers';
import { sijFusion } from '../../unit/fhir/policies';
import { r4Issues } from '../../unit/fhir/r4-validator';
import { claimResponseOf, createFhirTestApi, itemsOf, pasBundle, resourcesOf, withProviderNpi, type FhirTestApi } from './support';

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const SUBMIT = '/fhir/Claim/$submit';
const INQUIRE = '/fhir/Claim/$inquire';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const EVERY_CRITERION_MET = sijFusionV1.examples.find((e) => e.name.startsWith('Every criterion met'))!.facts;

let api: FhirTestApi;
beforeAll(async () => {
  api = await createFhirTestApi();
});

let npiSeq = 0;
const freshNpi = () => `66${String(Date.now() % 1e6).padStart(6, '0')}${String(npiSeq++ % 100).padStart(2, '0')}`;

function expectValidR4(resource: Resource) {
  expect(r4Issues(resource)).toEqual([]);
  if (resource.resourceType === 'Bundle') for (const r of resourcesOf(resource)) expect(r4Issues(r), r.resourceType).toEqual([]);
}

const claimOf = (b: Bundle) => b.entry![0]!.resource as any;
const qrEntry = (b: Bundle) => b.entry!.find((e) => e.resource?.resourceType === 'QuestionnaireResponse')!;

/** The reference request of this provider; outpatient (POS 22) unless days are given (inpatient, POS 21). */
function request(npi: string, opts: { facts?: Record<string, unknown>; inpatientDays?: number; source?: typeof sijFusion } = {}): Bundle {
  const b = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
  const item = claimOf(b).item[0];
  if (opts.inpatientDays === undefined) {
    item.locationCodeableConcept = { coding: [{ system: POS, code: '22' }] };
    delete item.quantity;
  } else {
    item.quantity = { value: opts.inpatientDays, unit: 'days', code: 'd' };
  }
  if (opts.facts || opts.source) {
    qrEntry(b).resource = factsToQuestionnaireResponse((opts.facts ?? {}) as any, opts.source ?? sijFusion, { subjectReference: 'Patient/SubscriberExample' }) as any;
  }
  return b;
}

/**
 * A PAS Claim Update of `original`: a new Claim (related.claim → the earlier Claim, which is in
 * the Bundle), with new facts, or cancelling the whole request (certificationType 3, no items).
 */
function claimUpdate(original: Bundle, opts: { facts?: Record<string, unknown>; cancel?: boolean; caseId?: string }): Bundle {
  const b = structuredClone(original);
  b.identifier = { ...b.identifier, value: `u-${randomUUID()}` };
  const earlier = structuredClone(b.entry![0]!);
  const claim = claimOf(b);
  b.entry![0]!.fullUrl = 'https://prior-auth.davinci.hl7.org/fhir/Claim/ReferralAuthorizationUpdate';
  claim.id = 'ReferralAuthorizationUpdate';
  claim.meta = { profile: [`${PAS}/profile-claim-update`] };
  claim.identifier[0].value = '111099-UPDATE';
  claim.related = [{ claim: { reference: earlier.fullUrl }, relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', code: 'prior' }] } }];
  b.entry!.push(earlier);
  if (opts.cancel) {
    claim.extension.push({ url: `${PAS}/extension-certificationType`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/1322', code: '3', display: 'Cancel' }] } });
    delete claim.item;
  }
  if (opts.facts) {
    qrEntry(b).resource = factsToQuestionnaireResponse(opts.facts as any, sijFusion, { subjectReference: 'Patient/SubscriberExample' }) as any;
    claim.supportingInfo[0].extension = [{ url: `${PAS}/extension-infoChanged`, valueCode: 'changed' }];
  }
  if (opts.caseId) {
    const item = claim.item[0];
    item.extension = item.extension.filter((e: any) => e.url !== `${PAS}/extension-administrationReferenceNumber`);
    item.extension.push({ url: `${PAS}/extension-administrationReferenceNumber`, valueString: opts.caseId });
  }
  return b;
}

/** The inquiry fixture for this provider, naming a case id or an authorization number (or neither). */
function inquiry(npi: string, by: { caseId?: string; authorizationNumber?: string } = {}): Bundle {
  const b = withProviderNpi(pasBundle('pas-inquiry-27279.json'), npi);
  const claim = claimOf(b);
  for (const it of claim.item ?? []) {
    it.extension = (it.extension ?? []).filter((e: any) => e.url !== `${PAS}/extension-administrationReferenceNumber` && e.url !== `${PAS}/extension-authorizationNumber`);
    if (by.caseId) it.extension.push({ url: `${PAS}/extension-administrationReferenceNumber`, valueString: by.caseId });
    if (by.authorizationNumber) it.extension.push({ url: `${PAS}/extension-authorizationNumber`, valueString: by.authorizationNumber });
  }
  return b;
}

const CASES_Q = /* GraphQL */ `query Q($f: CaseFilter) { cases(first: 50, filter: $f) { edges { node { id status } } } }`;
const casesOf = async (npi: string): Promise<{ id: string; status: string }[]> =>
  (await api.gql(as.nurse(), CASES_Q, { f: { providerId: npi } })).body.data.cases.edges.map((e: any) => e.node);
const CASE_Q = /* GraphQL */ `query C($id: ID!) { case(id: $id) { id version status determinations { version source } authorization { number } informationRequest { items respondBy } } }`;
const caseOf = async (id: string) => (await api.gql(as.nurse(), CASE_Q, { id })).body.data.case;

const reviewActionExt = (item: any) => item.adjudication[0].extension.find((e: any) => e.url === `${PAS}/extension-reviewAction`);

describe('a request for information answered by a Claim Update: one case from submission to decision', () => {
  it('submit (A4) → a nurse asks for information → the A4 response carries a CommunicationRequest → a Claim Update answers it → A1, and the provider has exactly one case', async () => {
    const npi = freshNpi();
    const original = request(npi);
    const first = await api.call(as.provider(npi), 'POST', SUBMIT, original);
    expect(first.status).toBe(200);
    const [submitted] = itemsOf(first.body);
    expect(submitted).toMatchObject({ sequence: 1, reviewAction: 'A4' });
    const caseId = submitted!.caseId;

    const asked = await api.gql(as.nurse(), REQUEST_INFO, {
      input: { caseId, expectedVersion: 1, items: ['Operative report of the second diagnostic injection', 'Pain diary for the 6 weeks after it'], respondByDays: 7 },
    });
    expect(asked.body.data.requestAdditionalInformation.userErrors).toEqual([]);
    const { informationRequest } = await caseOf(caseId);

    // Asked again (a resubmission of the same Bundle) and through $inquire: pended, with what is needed and by when.
    for (const res of [await api.call(as.provider(npi), 'POST', SUBMIT, original), await api.call(as.provider(npi), 'POST', INQUIRE, inquiry(npi, { caseId }))]) {
      expect(res.status).toBe(200);
      expectValidR4(res.body);
      expect(itemsOf(res.body)).toMatchObject([{ caseId, reviewAction: 'A4' }]);
      const cr = claimResponseOf(res.body);
      expect(cr.communicationRequest).toHaveLength(1);
      const comm = res.body.entry.find((e: any) => e.fullUrl === cr.communicationRequest[0].reference).resource;
      expect(comm).toMatchObject({
        resourceType: 'CommunicationRequest',
        status: 'active',
        payload: [{ contentString: 'Operative report of the second diagnostic injection' }, { contentString: 'Pain diary for the 6 weeks after it' }],
        occurrencePeriod: { end: informationRequest.respondBy },
        extension: [{ url: `${PAS}/extension-serviceLineNumber`, valuePositiveInt: 1 }],
      });
      expect(cr.processNote[0].text).toContain('Operative report of the second diagnostic injection');
    }

    // The Claim Update, naming the case by the administrationReferenceNumber the response gave.
    const updated = await api.call(as.provider(npi), 'POST', SUBMIT, claimUpdate(original, { facts: EVERY_CRITERION_MET, caseId }));
    expect(updated.status).toBe(200);
    expectValidR4(updated.body);
    const [item] = itemsOf(updated.body);
    expect(item).toMatchObject({ sequence: 1, caseId, reviewAction: 'A1' });
    expect(claimResponseOf(updated.body).communicationRequest).toBeUndefined();
    const after = await caseOf(caseId);
    expect(after).toMatchObject({ status: 'APPROVED', informationRequest: null, authorization: { number: item!.authorizationNumber } });
    expect(after.determinations.map((d: any) => d.source)).toEqual(['ENGINE', 'ENGINE']);
    expect(await casesOf(npi)).toEqual([{ id: caseId, status: 'APPROVED' }]);
  });

  it('finds the earlier request without our reference (the test kit\'s foreign numbers): the member\'s newest request for the service', async () => {
    const npi = freshNpi();
    const original = request(npi);
    const { caseId } = itemsOf((await api.call(as.provider(npi), 'POST', SUBMIT, original)).body)[0]!;
    const updated = await api.call(as.provider(npi), 'POST', SUBMIT, claimUpdate(original, { facts: EVERY_CRITERION_MET }));
    expect(updated.status).toBe(200);
    expect(itemsOf(updated.body)).toMatchObject([{ caseId, reviewAction: 'A1' }]);
    expect((await casesOf(npi)).map((c) => c.id)).toEqual([caseId]);
  });

  it('refuses an update of a request nobody made (404-like not-found on the item) and stores nothing', async () => {
    const npi = freshNpi();
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, claimUpdate(request(npi), { facts: EVERY_CRITERION_MET }));
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ code: 'not-found', expression: ['Bundle.entry[0].resource.item[0]'] });
    expect(await api.itemCount()).toBe(before);
  });
});

describe('a cancellation', () => {
  it('a Claim Update with certificationType 3 and no items withdraws the case: its item says C, in $submit and $inquire, and no second case exists', async () => {
    const npi = freshNpi();
    const original = request(npi);
    const { caseId } = itemsOf((await api.call(as.provider(npi), 'POST', SUBMIT, original)).body)[0]!;
    const cancelled = await api.call(as.provider(npi), 'POST', SUBMIT, claimUpdate(original, { cancel: true }));
    expect(cancelled.status).toBe(200);
    expectValidR4(cancelled.body);
    expect(itemsOf(cancelled.body)).toMatchObject([{ sequence: 1, caseId, reviewAction: 'C' }]);
    expect(await caseOf(caseId)).toMatchObject({ status: 'WITHDRAWN' });
    const inquired = await api.call(as.provider(npi), 'POST', INQUIRE, inquiry(npi, { caseId }));
    expect(itemsOf(inquired.body)).toMatchObject([{ caseId, reviewAction: 'C' }]);
    expect(await casesOf(npi)).toEqual([{ id: caseId, status: 'WITHDRAWN' }]);
  });
});

describe('cancelling one item', () => {
  it('a Claim Update whose second item carries infoCancelled and certificationType 3 withdraws that item\'s case only', async () => {
    const npi = freshNpi();
    const original = request(npi);
    const claim = claimOf(original);
    claim.item.push({ ...structuredClone(claim.item[0]), sequence: 2 });
    const [one, two] = itemsOf((await api.call(as.provider(npi), 'POST', SUBMIT, original)).body);
    const update = claimUpdate(original, {});
    const item2 = claimOf(update).item[1];
    item2.extension = item2.extension.filter((e: any) => e.url !== `${PAS}/extension-administrationReferenceNumber`);
    item2.extension.push(
      { url: `${PAS}/extension-administrationReferenceNumber`, valueString: two!.caseId },
      { url: `${PAS}/extension-infoChanged`, valueCode: 'changed' },
      { url: `${PAS}/extension-certificationType`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/1322', code: '3' }] } },
    );
    item2.modifierExtension = [{ url: `${PAS}/modifierextension-infoCancelled`, valueBoolean: true }];
    claimOf(update).item[0].extension.push({ url: `${PAS}/extension-administrationReferenceNumber`, valueString: one!.caseId });
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, update);
    expect(res.status).toBe(200);
    expectValidR4(res.body);
    expect(itemsOf(res.body).map((i) => [i.sequence, i.caseId, i.reviewAction])).toEqual([
      [1, one!.caseId, 'A4'],
      [2, two!.caseId, 'C'],
    ]);
    expect((await casesOf(npi)).map((c) => c.status).sort()).toEqual(['PENDING_PHYSICIAN_REVIEW', 'WITHDRAWN']);
  });
});

describe('what was certified, machine-readably', () => {
  it('a partial approval (A2) of an inpatient stay: itemAuthorizedDetail with the code and the certified days', async () => {
    const npi = freshNpi();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, request(npi, { facts: EVERY_CRITERION_MET, inpatientDays: 3 }));
    const { caseId } = itemsOf(res.body)[0]!;
    const { version } = await caseOf(caseId);
    const decided = await decide(api, as.physician('dr-pas-1'), {
      caseId,
      expectedVersion: version,
      decision: 'PARTIALLY_APPROVED',
      approvedSetting: 'INPATIENT',
      approvedInpatientDays: 2,
      reasons: ['Two inpatient days are certified: a third is not supported by the records.'],
    });
    expect(decided.payload?.userErrors).toEqual([]);
    const inquired = await api.call(as.provider(npi), 'POST', INQUIRE, inquiry(npi, { caseId }));
    expectValidR4(inquired.body);
    const cr = claimResponseOf(inquired.body);
    expect(itemsOf(inquired.body)).toMatchObject([{ caseId, reviewAction: 'A2' }]);
    const detail = cr.item[0].extension.find((e: any) => e.url === `${PAS}/extension-itemAuthorizedDetail`);
    expect(detail.extension).toEqual([
      { url: 'productOrServiceCode', valueCodeableConcept: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '27279' }] } },
      { url: 'quantity', valueQuantity: { value: 2, unit: 'days', system: 'https://codesystem.x12.org/005010/673', code: 'DY' } },
    ]);
  });

  it('echoes the request\'s itemTraceNumber on its response item', async () => {
    const npi = freshNpi();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, request(npi));
    const trace = claimResponseOf(res.body).item[0].extension.find((e: any) => e.url === `${PAS}/extension-itemTraceNumber`);
    expect(trace.valueIdentifier).toEqual({ system: 'https://prior-auth.davinci.hl7.org/fhir/ITEM_TRACE_NUMBER', value: '1122334' });
  });

  it('an item no policy covers needs no authorization: NA, outcome complete, nothing stored', async () => {
    const npi = freshNpi();
    const b = request(npi);
    claimOf(b).item[0].productOrService.coding[0].code = '99213';
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, b);
    expect(res.status).toBe(200);
    expectValidR4(res.body);
    expect(claimResponseOf(res.body)).toMatchObject({ outcome: 'complete' });
    expect(claimResponseOf(res.body).error).toBeUndefined();
    expect(reviewActionExt(claimResponseOf(res.body).item[0]).extension[0].valueCodeableConcept.coding[0]).toMatchObject({ code: 'NA' });
    expect(await api.itemCount()).toBe(before);
  });
});

describe('X12 886 reason codes are policy data', () => {
  const PUBLISH = /* GraphQL */ `mutation P($input: PublishPolicyInput!) { publishPolicy(input: $input) { policy { id version } userErrors { field message code } } }`;

  it('a criterion that declares one: the denial\'s reasonCode carries it under code source 886, the policy\'s own coding beside it; one that does not: the policy\'s coding only', async () => {
    const doc = structuredClone(sijFusionV1) as any;
    doc.id = 'sij-fusion-x12';
    doc.cptCodes = ['27280'];
    doc.criteria.find((c: any) => c.id === 'TWO_DIAGNOSTIC_INJECTIONS').x12ReasonCode = 'T1';
    const published = await api.gql(as.policyAdmin(), PUBLISH, { input: { document: doc } });
    expect(published.body.data.publishPolicy.userErrors).toEqual([]);

    const npi = freshNpi();
    const source = { ...sijFusion, id: 'sij-fusion-x12' };
    const b = request(npi, { facts: sijFusionV1.examples[0]!.facts, source });
    claimOf(b).item[0].productOrService.coding[0].code = '27280';
    const submitted = await api.call(as.provider(npi), 'POST', SUBMIT, b);
    expect(submitted.status).toBe(200);
    const { caseId } = itemsOf(submitted.body)[0]!;
    const denied = await decide(api, as.physician('dr-pas-2'), { caseId, expectedVersion: 1, decision: 'DENIED', reasons: ['Only one diagnostic injection is documented.'] });
    expect(denied.payload?.userErrors).toEqual([]);

    const inquired = await api.call(as.provider(npi), 'POST', INQUIRE, inquiry(npi, { caseId }));
    expectValidR4(inquired.body);
    const reasons = reviewActionExt(claimResponseOf(inquired.body).item[0]).extension.filter((e: any) => e.url === 'reasonCode').map((e: any) => e.valueCodeableConcept.coding);
    const withX12 = reasons.filter((c: any[]) => c.some((x) => x.system === 'https://codesystem.x12.org/external/886'));
    expect(withX12).toHaveLength(1);
    expect(withX12[0]).toEqual([
      { system: 'https://codesystem.x12.org/external/886', code: 'T1' },
      expect.objectContaining({ code: expect.any(String), system: expect.any(String) }),
    ]);
    expect(reasons.length).toBeGreaterThan(1);
  });
});

describe('an atomic $submit', () => {
  /** The reference request with `n` items (sequences 1..n), all answered by the one QuestionnaireResponse. */
  function withItems(npi: string, n: number): Bundle {
    const b = request(npi);
    const claim = claimOf(b);
    claim.item = Array.from({ length: n }, (_, i) => ({ ...structuredClone(claim.item[0]), sequence: i + 1 }));
    return b;
  }

  it('stores five items as five cases in ONE transaction (the policy read once): two DynamoDB requests, the shared counter item added to once per case', async () => {
    const npi = freshNpi();
    const statsBefore = (await allItems(api)).filter((i) => i.type === 'STATS_DAY' && i.cptCode === '27279' && i.urgency === 'EXPEDITED' && i.day === '2026-02-02');
    const casesBefore = Number(statsBefore[0]?.cases ?? 0);
    const { result, requests } = await countRequests(() => api.call(as.provider(npi), 'POST', SUBMIT, withItems(npi, 5)));
    expect(result.status).toBe(200);
    expectValidR4(result.body);
    expect(requests).toBe(2);
    const items = itemsOf(result.body);
    expect(items.map((i) => i.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(items.map((i) => i.caseId)).size).toBe(5);
    expect((await casesOf(npi)).length).toBe(5);
    const statsAfter = (await allItems(api)).filter((i) => i.type === 'STATS_DAY' && i.cptCode === '27279' && i.urgency === 'EXPEDITED' && i.day === '2026-02-02');
    expect(Number(statsAfter[0]!.cases)).toBe(casesBefore + 5);
  });

  it('a resubmitted Bundle returns the same cases; one that gained an item stores only the new one, with the earlier two unchanged', async () => {
    const npi = freshNpi();
    const two = withItems(npi, 2);
    const first = await api.call(as.provider(npi), 'POST', SUBMIT, two);
    expect(first.status).toBe(200);
    const before = await api.itemCount();
    const again = await api.call(as.provider(npi), 'POST', SUBMIT, two);
    expect(again.body).toEqual(first.body);
    expect(await api.itemCount()).toBe(before);
    const three = structuredClone(two);
    claimOf(three).item.push({ ...structuredClone(claimOf(three).item[0]), sequence: 3 });
    const grown = await api.call(as.provider(npi), 'POST', SUBMIT, three);
    expect(grown.status).toBe(200);
    const ids = itemsOf(grown.body).map((i) => i.caseId);
    expect(ids.slice(0, 2)).toEqual(itemsOf(first.body).map((i) => i.caseId));
    expect(new Set(ids).size).toBe(3);
    expect((await casesOf(npi)).length).toBe(3);
  });

  it('stores nothing when the second of three items is invalid', async () => {
    const npi = freshNpi();
    const b = withItems(npi, 3);
    const claim = claimOf(b);
    const badQr = structuredClone(qrEntry(b));
    badQr.fullUrl = 'urn:uuid:7d0c3c1e-0b8e-4e8f-9d55-0d3f1c0a0b07';
    (badQr.resource as any).item.find((i: any) => i.linkId === 'painScoreNrs').answer = [{ valueInteger: 42 }];
    b.entry!.push(badQr);
    claim.supportingInfo.push({ ...structuredClone(claim.supportingInfo[0]), sequence: 2, valueReference: { reference: badQr.fullUrl } });
    for (const it of claim.item) it.informationSequence = [it.sequence === 2 ? 2 : 1];
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, b);
    expect(res.status).toBe(400);
    expect(res.body.issue).toHaveLength(1);
    expect(res.body.issue[0].diagnostics).toMatch(/^Item 2: /);
    expect(await api.itemCount()).toBe(before);
    expect(await casesOf(npi)).toEqual([]);
  });

  it('refuses a Bundle of 11 items with an OperationOutcome and stores nothing', async () => {
    const npi = freshNpi();
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, withItems(npi, 11));
    expect(res.status).toBe(422);
    expect(res.contentType).toBe('application/fhir+json');
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'business-rule', expression: ['Bundle.entry[0].resource.item'] }] });
    expect(await api.itemCount()).toBe(before);
  });
});

describe('$inquire by key and by index', () => {
  it('by authorization number costs one or two DynamoDB requests (the number\'s item, then the case); by member + provider + service an index query, not a scan', async () => {
    const npi = freshNpi();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, request(npi, { facts: EVERY_CRITERION_MET }));
    const [approved] = itemsOf(res.body);
    expect(approved).toMatchObject({ reviewAction: 'A1' });
    const byNumber = await countRequests(() => api.call(as.provider(npi), 'POST', INQUIRE, inquiry(npi, { authorizationNumber: approved!.authorizationNumber! })));
    expect(byNumber.result.status).toBe(200);
    expect(itemsOf(byNumber.result.body)).toMatchObject([{ caseId: approved!.caseId, reviewAction: 'A1', authorizationNumber: approved!.authorizationNumber }]);
    expect(byNumber.requests).toBeGreaterThanOrEqual(1);
    expect(byNumber.requests).toBeLessThanOrEqual(2);

    const byMember = await countRequests(() => api.call(as.provider(npi), 'POST', INQUIRE, inquiry(npi)));
    expect(itemsOf(byMember.result.body)).toMatchObject([{ caseId: approved!.caseId }]);
    expect(byMember.requests).toBe(2);
  });

  it('an authorization number of another provider\'s case is not found for this one', async () => {
    const owner = freshNpi();
    const res = await api.call(as.provider(owner), 'POST', SUBMIT, request(owner, { facts: EVERY_CRITERION_MET }));
    const [approved] = itemsOf(res.body);
    const other = freshNpi();
    const probe = await api.call(as.provider(other), 'POST', INQUIRE, inquiry(other, { authorizationNumber: approved!.authorizationNumber! }));
    expect(probe.status).toBe(404);
    expect(JSON.stringify(probe.body)).not.toContain(approved!.caseId);
  });
});

describe('typed FHIR input: a field of the wrong JSON type is a 400 OperationOutcome naming it, never a 500', () => {
  const ENC_URL = 'https://prior-auth.davinci.hl7.org/fhir/Encounter/Stay';
  const cases: [string, (b: Bundle) => void, RegExp][] = [
    ['a numeric identifier.value (the NPI)', (b) => void ((b.entry![1]!.resource as any).identifier[0].value = 8189991234), /^Bundle\.entry\[1\]\.resource\.identifier\[0\]\.value$/],
    ['an identifier.value that is an object', (b) => void ((b.entry![1]!.resource as any).identifier[0].value = {}), /^Bundle\.entry\[1\]\.resource\.identifier\[0\]\.value$/],
    ['an identifier list holding null', (b) => void ((b.entry![4]!.resource as any).identifier = [null]), /^Bundle\.entry\[4\]\.resource\.identifier\[0\]$/],
    ['a numeric reference', (b) => void (claimOf(b).careTeam[0].provider.reference = 42), /careTeam\[0\]\.provider\.reference$/],
    ['Coverage.relationship.coding a string', (b) => void ((b.entry![3]!.resource as any).relationship = { coding: 'self' }), /^Bundle\.entry\[3\]\.resource\.relationship\.coding$/],
    [
      'Encounter.period with numbers',
      (b) => {
        b.entry!.push({ fullUrl: ENC_URL, resource: { resourceType: 'Encounter', id: 'Stay', status: 'planned', class: { code: 'IMP' }, period: { start: 1, end: 2 } } as any });
        claimOf(b).extension.push({ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Claim.encounter', valueReference: { reference: ENC_URL } });
      },
      /^Bundle\.entry\[\d+\]\.resource\.period\.start$/,
    ],
  ];
  it.each(cases.map(([name, mutate, expression]) => ({ name, mutate, expression })))('$name', async ({ mutate, expression }) => {
    const npi = freshNpi();
    const b = request(npi);
    mutate(b);
    const before = await api.itemCount();
    const res = await api.call(as.nurse(), 'POST', SUBMIT, b);
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue.map((i: any) => i.expression?.[0])).toContainEqual(expect.stringMatching(expression));
    expect(await api.itemCount()).toBe(before);
  });

  it('a numeric NPI in $inquire', async () => {
    const npi = freshNpi();
    const b = inquiry(npi);
    const org = b.entry!.find((e) => e.resource?.resourceType === 'Organization' && (e.resource as any).identifier?.some((i: any) => i.value === npi))!;
    for (const id of (org.resource as any).identifier) if (id.value === npi) id.value = Number(npi);
    const res = await api.call(as.nurse(), 'POST', INQUIRE, b);
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ code: 'structure', expression: [expect.stringMatching(/identifier\[\d+\]\.value$/)] });
  });
});
