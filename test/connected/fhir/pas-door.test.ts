// The FHIR door through its Lambda handler against DynamoDB Local, beside the GraphQL door
// on the same table: same cases, same rules, same determinations.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { factsToQuestionnaireResponse } from '../../../lambda/fhir';
import sijFusionV1 from '../../../policies/sij-fusion/v1.json';
import { allItems, as, countRequests } from '../../support/api';
import { SUBMIT_WITH_DETERMINATION } from '../../support/fixtures';
import { decide } from '../../support/workflow';
import { sijFusion } from '../../unit/fhir/policies';
import { fixture, r4Issues } from '../../unit/fhir/r4-validator';
import { claimResponseOf, createFhirTestApi, itemsOf, pasBundle, REFERENCE_MEMBER, REFERENCE_NPI, resourcesOf, withProviderNpi, type FhirTestApi } from './support';

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const SUBMIT = '/fhir/Claim/$submit';
const INQUIRE = '/fhir/Claim/$inquire';

let api: FhirTestApi;
beforeAll(async () => {
  api = await createFhirTestApi();
});

/** Every resource of a response (the Bundle and each entry) valid FHIR R4. */
function expectValidR4(resource: Resource) {
  expect(r4Issues(resource)).toEqual([]);
  if (resource.resourceType === 'Bundle') for (const r of resourcesOf(resource)) expect(r4Issues(r), r.resourceType).toEqual([]);
}

let npiSeq = 0;
/** A fresh requesting provider (10-digit NPI) per test: its cases are its own. */
const freshNpi = () => `77${String(Date.now() % 1e6).padStart(6, '0')}${String(npiSeq++ % 100).padStart(2, '0')}`;

/** The inquiry fixture for this provider, optionally naming the case id (administrationReferenceNumber). */
function inquiry(npi: string, caseId?: string): Bundle {
  const b = withProviderNpi(pasBundle('pas-inquiry-27279.json'), npi);
  const claim = b.entry![0]!.resource as any;
  for (const it of claim.item ?? []) {
    it.extension = (it.extension ?? []).filter((e: any) => e.url !== `${PAS}/extension-administrationReferenceNumber` && e.url !== `${PAS}/extension-authorizationNumber`);
    if (caseId) it.extension.push({ url: `${PAS}/extension-administrationReferenceNumber`, valueString: caseId });
  }
  return b;
}

/** The fixture's QuestionnaireResponse entry. */
const qrEntry = (b: Bundle) => b.entry!.find((e) => e.resource?.resourceType === 'QuestionnaireResponse')!;

const DETERMINATION_Q = /* GraphQL */ `
  query One($id: ID!) {
    case(id: $id) {
      id status providerId memberId urgency requestedLevelOfCare { setting inpatientDays } requestedService { cptCode icd10Codes }
      currentDetermination { source recommendation metCount totalCount reviewAction criteriaResults { criterionId status } }
    }
  }
`;

describe('GET /fhir/metadata and /fhir/Questionnaire/{id}', () => {
  it('answers a CapabilityStatement naming $submit and $inquire, as application/fhir+json', async () => {
    const res = await api.call(as.provider(REFERENCE_NPI), 'GET', '/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/fhir+json');
    expect(res.body.resourceType).toBe('CapabilityStatement');
    const ops = res.body.rest[0].resource.find((r: any) => r.type === 'Claim').operation.map((o: any) => o.name);
    expect(ops).toEqual(['submit', 'inquire']);
    expectValidR4(res.body);
  });

  it('publishes the CapabilityStatement without a token; refuses anything else without a caller with 401 and an OperationOutcome', async () => {
    const metadata = await api.call(null, 'GET', '/fhir/metadata');
    expect(metadata.status).toBe(200);
    expect(metadata.body.resourceType).toBe('CapabilityStatement');
    for (const [method, path, body] of [
      ['POST', SUBMIT, pasBundle('pas-request-27279.json')],
      ['POST', INQUIRE, inquiry(REFERENCE_NPI)],
      ['GET', '/fhir/Questionnaire/sij-fusion-v1', undefined],
    ] as const) {
      const res = await api.call(null, method, path, body);
      expect(res.status, path).toBe(401);
      expect(res.contentType).toBe('application/fhir+json');
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    }
  });

  it('answers an unknown route with 404 and an OperationOutcome, with or without a token; a malformed percent-escape in a Questionnaire id with 400', async () => {
    for (const [claims, method, path] of [
      [as.provider(REFERENCE_NPI), 'GET', '/fhir/Patient/1'],
      [as.provider(REFERENCE_NPI), 'POST', '/fhir/Claim'],
      [as.provider(REFERENCE_NPI), 'DELETE', '/fhir/metadata'],
      [null, 'GET', '/fhir/Patient/1'],
    ] as const) {
      const res = await api.call(claims, method, path, method === 'POST' ? {} : undefined);
      expect(res.status, path).toBe(404);
      expect(res.contentType).toBe('application/fhir+json');
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
      expectValidR4(res.body);
    }
    const bad = await api.call(as.provider(REFERENCE_NPI), 'GET', '/fhir/Questionnaire/%ZZ');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'structure' }] });
  });

  it('serves the policy\'s Questionnaire with linkIds equal to the fact paths', async () => {
    const res = await api.call(as.provider(REFERENCE_NPI), 'GET', '/fhir/Questionnaire/sij-fusion-v1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Questionnaire', id: 'sij-fusion-v1', version: '1' });
    const linkIds = (items: any[]): string[] => items.flatMap((i) => [i.linkId, ...linkIds(i.item ?? [])]);
    expect(linkIds(res.body.item)).toEqual(expect.arrayContaining(['painScoreNrs', 'nicotine', 'nicotine.status', 'diagnosticInjections', 'diagnosticInjections.painReliefPercent']));
    expectValidR4(res.body);
  });

  it('answers 404 with an OperationOutcome for an unknown Questionnaire', async () => {
    for (const id of ['sij-fusion-v99', 'no-such-policy-v1', 'garbage']) {
      const res = await api.call(as.nurse(), 'GET', `/fhir/Questionnaire/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      expectValidR4(res.body);
    }
  });
});

describe('$submit: the reference case (CPT 27279, facts in a QuestionnaireResponse)', () => {
  it('comes back pended (A4) with the determination the GraphQL door gives for the same request, and shows in the nurse\'s work queue', async () => {
    const npi = freshNpi();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-27279.json'), npi));
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/fhir+json');
    expectValidR4(res.body);
    const cr = claimResponseOf(res.body);
    expect(cr).toMatchObject({ resourceType: 'ClaimResponse', use: 'preauthorization', outcome: 'complete', status: 'active' });
    const [item] = itemsOf(res.body);
    expect(item).toMatchObject({ sequence: 1, reviewAction: 'A4', authorizationNumber: null });
    expect(cr.extension.find((e: any) => e.url === `${PAS}/extension-claimResponseReviewer`).extension).toContainEqual({ url: 'wasHumanReviewedFlag', valueBoolean: false });
    // The note says why it is pended, in plain words.
    expect(cr.processNote[0].text).toMatch(/^Pended for clinical review; a decision is due by 2026-02-05\. 3 of 8 applicable criteria are met/);

    // The same request through GraphQL.
    const gql = await api.gql(as.provider(npi), SUBMIT_WITH_DETERMINATION, {
      input: {
        idempotencyKey: `gql-${npi}`,
        memberId: REFERENCE_MEMBER,
        providerId: npi,
        urgency: 'EXPEDITED',
        requestedService: { cptCode: '27279', icd10Codes: ['M53.3'], description: null },
        requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 },
        clinicalFacts: sijFusionV1.examples[0]!.facts,
      },
    });
    const viaGraphql = gql.body.data.submitCase.case;
    const viaFhir = (await api.gql(as.nurse(), DETERMINATION_Q, { id: item!.caseId })).body.data.case;
    expect(viaFhir).toMatchObject({ status: viaGraphql.status, providerId: npi, memberId: REFERENCE_MEMBER, urgency: 'EXPEDITED', requestedService: { cptCode: '27279', icd10Codes: ['M53.3'] } });
    const pick = (d: any) => ({ recommendation: d.recommendation, metCount: d.metCount, totalCount: d.totalCount, reviewAction: d.reviewAction, statuses: Object.fromEntries(d.criteriaResults.map((r: any) => [r.criterionId, r.status])) });
    expect(pick(viaFhir.currentDetermination)).toEqual(pick(viaGraphql.currentDetermination));
    expect(pick(viaFhir.currentDetermination)).toEqual({
      recommendation: sijFusionV1.examples[0]!.expected.recommendation,
      metCount: 3,
      totalCount: 8,
      reviewAction: 'A4',
      statuses: sijFusionV1.examples[0]!.expected.statuses,
    });

    // The nurse's work queue (GraphQL `cases`) holds it.
    const queue = await api.gql(as.nurse(), `query Q($f: CaseFilter) { cases(first: 50, filter: $f) { edges { node { id status } } } }`, { f: { providerId: npi } });
    expect(queue.body.data.cases.edges.map((e: any) => e.node.id)).toContain(item!.caseId);
  });

  it('costs the same DynamoDB requests as GraphQL submitCase: the policy read once, one transaction', async () => {
    const npi = freshNpi();
    const { result, requests } = await countRequests(() => api.call(as.provider(npi), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-27279.json'), npi)));
    expect(result.status).toBe(200);
    expect(requests).toBe(2);
  });

  it('returns the same response to a resubmission of the Bundle and stores nothing new', async () => {
    const npi = freshNpi();
    const bundle = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
    const first = await api.call(as.provider(npi), 'POST', SUBMIT, bundle);
    expect(first.status).toBe(200);
    const before = await api.itemCount();
    const again = await api.call(as.provider(npi), 'POST', SUBMIT, bundle);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await api.itemCount()).toBe(before);
  });

  it('puts the test kit\'s adapted request fixtures through (urn:uuid references, contained QuestionnaireResponse; a second item no policy covers needs no authorization: NA)', async () => {
    const npi = freshNpi();
    const contained = await api.call(as.provider(npi), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-27279-uuid-contained.json'), npi));
    expect(contained.status).toBe(200);
    expectValidR4(contained.body);
    expect(itemsOf(contained.body)).toMatchObject([{ sequence: 1, reviewAction: 'A4' }]);

    const two = await api.call(as.provider(npi), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-two-items.json'), npi));
    expect(two.status).toBe(200);
    expectValidR4(two.body);
    const cr = claimResponseOf(two.body);
    expect(cr.outcome).toBe('complete');
    expect(cr.error).toBeUndefined();
    expect(itemsOf(two.body).map((i) => [i.sequence, i.reviewAction])).toEqual([
      [1, 'A4'],
      [2, 'NA'],
    ]);
  });
});

describe('$inquire sees what GraphQL decided', () => {
  it('a physician\'s denial in GraphQL is A3 through $inquire, by case id and by member + provider + service', async () => {
    const npi = freshNpi();
    const submitted = await api.call(as.provider(npi), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-27279.json'), npi));
    const { caseId } = itemsOf(submitted.body)[0]!;
    const denied = await decide(api, as.physician('dr-fhir-1'), { caseId, expectedVersion: 1, decision: 'DENIED', reasons: ['Two diagnostic injections with at least 75% relief are not documented.'] });
    expect(denied.payload.userErrors).toEqual([]);

    for (const b of [inquiry(npi, caseId), inquiry(npi)]) {
      const res = await api.call(as.provider(npi), 'POST', INQUIRE, b);
      expect(res.status).toBe(200);
      expectValidR4(res.body);
      const [item] = itemsOf(res.body);
      expect(item).toMatchObject({ caseId, reviewAction: 'A3', authorizationNumber: null });
      const cr = claimResponseOf(res.body);
      expect(cr.extension.find((e: any) => e.url === `${PAS}/extension-claimResponseReviewer`).extension).toContainEqual({ url: 'wasHumanReviewedFlag', valueBoolean: true });
      const notes = cr.processNote.map((n: any) => n.text).join(' ');
      // The specific reasons GraphQL stored: one coded reason per NOT_MET criterion, each with its note.
      const stored = (await api.gql(as.nurse(), 'query D($id: ID!) { case(id: $id) { currentDetermination { denialReasons { criterionId code system text } } } }', { id: caseId })).body.data.case.currentDetermination.denialReasons;
      expect(stored.filter((r: { criterionId: string | null }) => r.criterionId).length).toBeGreaterThanOrEqual(3);
      expect(item!.reasonCodes.length).toBeGreaterThanOrEqual(3);
      expect(cr.processNote.length).toBeGreaterThan(item!.reasonCodes.length);
      expect(notes).toContain('Two diagnostic injections with at least 75% relief are not documented.');
      expect(notes).toMatch(/^Not certified by a physician reviewer\./);
    }
    // A nurse may inquire too (same reads as the GraphQL `case`).
    expect((await api.call(as.nurse(), 'POST', INQUIRE, inquiry(npi, caseId))).status).toBe(200);
  });

  it('a PROVIDER never sees another provider\'s request: not found, and another NPI in the Claim is refused', async () => {
    const owner = freshNpi();
    const submitted = await api.call(as.provider(owner), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-27279.json'), owner));
    const { caseId } = itemsOf(submitted.body)[0]!;
    const other = freshNpi();
    const byCaseId = await api.call(as.provider(other), 'POST', INQUIRE, inquiry(other, caseId));
    expect(byCaseId.status).toBe(404);
    expect(byCaseId.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    const claimingOwner = await api.call(as.provider(other), 'POST', INQUIRE, inquiry(owner, caseId));
    expect(claimingOwner.status).toBe(403);
    expect(claimingOwner.body.issue[0]).toMatchObject({ code: 'forbidden', expression: [expect.stringMatching(/identifier\[\d+\]\.value$/)] });
    expect(JSON.stringify(claimingOwner.body)).not.toContain(caseId);
  });
});

describe('$submit: an automatic approval', () => {
  it('comes back A1 for a request meeting every criterion (policy example "Every criterion met, outpatient requested")', async () => {
    const example = sijFusionV1.examples.find((e) => e.name.startsWith('Every criterion met'))!;
    const npi = freshNpi();
    const b = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
    const entry = qrEntry(b);
    entry.resource = factsToQuestionnaireResponse(example.facts as any, sijFusion, { subjectReference: 'Patient/SubscriberExample' });
    const item = (b.entry![0]!.resource as any).item[0];
    item.locationCodeableConcept = { coding: [{ system: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set', code: '22' }] };
    delete item.quantity;

    const res = await api.call(as.provider(npi), 'POST', SUBMIT, b);
    expect(res.status).toBe(200);
    expectValidR4(res.body);
    const [decision] = itemsOf(res.body);
    expect(decision!.reviewAction).toBe('A1');
    const cr = claimResponseOf(res.body);
    expect(cr.processNote[0].text).toBe('Certified: the request meets every criterion of the medical policy.');
    // The authorization the core issued, as GraphQL reads it: number and validity period.
    const auth = (await api.gql(as.nurse(), 'query A($id: ID!) { case(id: $id) { authorization { number validFrom validTo } } }', { id: decision!.caseId })).body.data.case.authorization;
    expect(auth.number).toMatch(/^PA-\d{4}-[0-9A-Z]{8}$/);
    expect(decision!.authorizationNumber).toBe(auth.number);
    expect(cr.preAuthRef).toBe(auth.number);
    expect(cr.preAuthPeriod).toEqual({ start: auth.validFrom, end: auth.validTo });
    const viaGraphql = (await api.gql(as.nurse(), DETERMINATION_Q, { id: decision!.caseId })).body.data.case;
    expect(viaGraphql).toMatchObject({ status: 'APPROVED', currentDetermination: { source: 'ENGINE', recommendation: 'MEDICALLY_NECESSARY', metCount: 8, totalCount: 8, reviewAction: 'A1' } });
  });
});

describe('$submit: the planned service date', () => {
  /** The automatic-approval request (every criterion met, outpatient) for a fresh provider. */
  function approvable(npi: string): Bundle {
    const example = sijFusionV1.examples.find((e) => e.name.startsWith('Every criterion met'))!;
    const b = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
    qrEntry(b).resource = factsToQuestionnaireResponse(example.facts as any, sijFusion, { subjectReference: 'Patient/SubscriberExample' });
    const item = (b.entry![0]!.resource as any).item[0];
    item.locationCodeableConcept = { coding: [{ system: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set', code: '22' }] };
    delete item.quantity;
    return b;
  }
  const AUTH_Q = 'query A($id: ID!) { case(id: $id) { plannedServiceDate authorization { validFrom } } }';

  it('reaches the core from item.servicedDate or item.servicedPeriod.start: the authorization starts on that day', async () => {
    for (const [field, value] of [['servicedDate', '2026-03-16'], ['servicedPeriod', { start: '2026-03-20T08:00:00Z', end: '2026-03-20T12:00:00Z' }]] as const) {
      const npi = freshNpi();
      const b = approvable(npi);
      (b.entry![0]!.resource as any).item[0][field] = value;
      const res = await api.call(as.provider(npi), 'POST', SUBMIT, b);
      expect(res.status).toBe(200);
      const day = typeof value === 'string' ? value : value.start.slice(0, 10);
      const c = (await api.gql(as.nurse(), AUTH_Q, { id: itemsOf(res.body)[0]!.caseId })).body.data.case;
      expect(c).toEqual({ plannedServiceDate: day, authorization: { validFrom: day } });
      expect(claimResponseOf(res.body).preAuthPeriod.start).toBe(day);
    }
  });

  it('refuses a servicedDate that is not a full date (400, pointing at it) and stores nothing', async () => {
    const npi = freshNpi();
    const b = approvable(npi);
    (b.entry![0]!.resource as any).item[0].servicedDate = '2026-03';
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, b);
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ code: 'value', expression: ['Bundle.entry[0].resource.item[0].servicedDate'] });
    expect(await api.itemCount()).toBe(before);
  });
});

describe('$submit: bad Bundles get an OperationOutcome and store nothing', () => {
  const bad = (): [string, number, () => unknown, { code: string; expression?: RegExp }][] => {
    const wrongFirst = pasBundle('pas-request-27279.json');
    wrongFirst.entry!.reverse();
    const unknownAnswer = pasBundle('pas-request-27279.json');
    (qrEntry(unknownAnswer).resource as any).item.push({ linkId: 'notAFact', answer: [{ valueBoolean: true }] });
    const invalidFact = pasBundle('pas-request-27279.json');
    (qrEntry(invalidFact).resource as any).item.find((i: any) => i.linkId === 'painScoreNrs').answer = [{ valueInteger: 42 }];
    return [
      ['not JSON', 400, () => '{"resourceType": "Bundle", ', { code: 'structure' }],
      ['not a Bundle', 400, () => ({ resourceType: 'Claim' }), { code: 'structure' }],
      ['the test kit\'s nonconformant Bundle (no entries)', 400, () => fixture('nonconformant-pas-bundle.json'), { code: 'structure', expression: /^Bundle\.entry$/ }],
      ['a first entry that is not the Claim', 400, () => wrongFirst, { code: 'structure', expression: /^Bundle\.entry\[0\]\.resource$/ }],
      ['a referenced resource missing from the Bundle (test kit)', 400, () => fixture('missing-referenced-resource-request-bundle.json'), { code: 'not-found', expression: /careTeam\[0\]\.provider\.reference$/ }],
      ['an unknown Questionnaire answer', 400, () => unknownAnswer, { code: 'invalid', expression: /^Bundle\.entry\[7\]\.resource\.item\[\d+\]/ }],
      ['an invalid fact', 400, () => invalidFact, { code: 'value', expression: /^Bundle\.entry\[7\]\.resource\.item\[0\]/ }],
    ];
  };

  it.each(bad().map(([name, status, body, expected]) => ({ name, status, body, expected })))('$name', async ({ status, body, expected }) => {
    const before = await api.itemCount();
    const res = await api.call(as.provider(REFERENCE_NPI), 'POST', SUBMIT, body());
    expect(res.status).toBe(status);
    expect(res.contentType).toBe('application/fhir+json');
    expect(res.body.resourceType).toBe('OperationOutcome');
    expectValidR4(res.body);
    const hit = res.body.issue.find((i: any) => i.code === expected.code);
    expect(hit, JSON.stringify(res.body.issue)).toBeDefined();
    if (expected.expression) expect(hit.expression[0]).toMatch(expected.expression);
    expect(await api.itemCount()).toBe(before);
  });

  it('stores no item of a Bundle when a later item is invalid (every item validated before any is submitted)', async () => {
    const npi = freshNpi();
    const b = withProviderNpi(pasBundle('pas-request-27279.json'), npi);
    const claim = b.entry![0]!.resource as any;
    const goodQr = qrEntry(b);
    const badQr = structuredClone(goodQr);
    badQr.fullUrl = 'urn:uuid:5d0c3c1e-0b8e-4e8f-9d55-0d3f1c0a0b02';
    (badQr.resource as any).item.find((i: any) => i.linkId === 'painScoreNrs').answer = [{ valueInteger: 42 }];
    b.entry!.push(badQr);
    claim.supportingInfo.push({ ...structuredClone(claim.supportingInfo[0]), sequence: 2, valueReference: { reference: badQr.fullUrl } });
    claim.item[0].informationSequence = [1];
    claim.item.push({ ...structuredClone(claim.item[0]), sequence: 2, informationSequence: [2] });
    const before = await api.itemCount();
    const res = await api.call(as.provider(npi), 'POST', SUBMIT, b);
    expect(res.status).toBe(400);
    expect(res.body.issue).toHaveLength(1);
    expect(res.body.issue[0]).toMatchObject({ code: 'value', expression: [expect.stringMatching(/^Bundle\.entry\[8\]\.resource\.item\[0\]/)] });
    expect(res.body.issue[0].diagnostics).toMatch(/^Item 2: /);
    expect(await api.itemCount()).toBe(before);
  });

  it('refuses a PROVIDER submitting for another NPI (403, pointing at the NPI) and a role that may not submit', async () => {
    const before = await api.itemCount();
    const res = await api.call(as.provider('1234567893'), 'POST', SUBMIT, pasBundle('pas-request-27279.json'));
    expect(res.status).toBe(403);
    expect(res.body.issue[0]).toMatchObject({ code: 'forbidden', expression: ['Bundle.entry[1].resource.identifier[0].value'] });
    const analyst = await api.call(as.analyst(), 'POST', SUBMIT, pasBundle('pas-request-27279.json'));
    expect(analyst.status).toBe(403);
    expect(await api.itemCount()).toBe(before);
    expect((await allItems(api)).some((i) => i.type === 'CASE' && i.providerId === '1234567893')).toBe(false);
  });

  it('lets a UM nurse key in a request on the provider\'s behalf (as submitCase does)', async () => {
    const npi = freshNpi();
    const res = await api.call(as.nurse(), 'POST', SUBMIT, withProviderNpi(pasBundle('pas-request-27279.json'), npi));
    expect(res.status).toBe(200);
    const { caseId } = itemsOf(res.body)[0]!;
    expect((await api.gql(as.provider(npi), DETERMINATION_Q, { id: caseId })).body.data.case.providerId).toBe(npi);
  });
});
