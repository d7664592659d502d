// PAS response Bundle (ClaimResponse first, then the resources it references) built from
// plain views of the core's decisions. One ClaimResponse item per Claim item; items no
// policy covers are refused as ClaimResponse.error (README: "Items with no policy").
import type { Bundle, ClaimResponse, ClaimResponseItem, ClaimResponseAddItem, Extension, Resource } from '@medplum/fhirtypes';
import { createHash } from 'node:crypto';
import type { AuthorizationRecord, DenialReasonRecord, ReviewAction, ReviewerRecord } from '../core/model/decision-records';
import { CPT_SYSTEM, PAS_SD, POS_SYSTEM, type CareSetting, type PasRequestContext } from './pas-request';

// The decision records are the core's (declared once, lambda/engine/decision-records.ts).
export type FhirReviewAction = ReviewAction;
type FhirReviewerView = ReviewerRecord;

/** The current decision on one Claim item (a case and its current determination). */
export interface FhirDecisionView {
  caseId: string;
  /** CaseStatus of the case. */
  status: string;
  reviewAction: FhirReviewAction;
  receivedAt: string;
  decidedAt: string | null;
  item: { sequence: number; cptCode: string };
  authorization: AuthorizationRecord | null;
  denialReasons: DenialReasonRecord[];
  reviewer: ReviewerRecord | null;
  wasHumanReviewed: boolean;
  /** Plain words for the provider (e.g. why the item is pended, what to send). No field names. */
  noteText: string;
}

/** An item the core refused because no policy covers its code. */
export interface FhirRefusedItemView {
  sequence: number;
  cptCode: string;
  /** FHIRPath of the item's productOrService in the request. */
  expression: string;
}

export const X12_306 = 'https://codesystem.x12.org/005010/306';
const X12_901 = 'https://codesystem.x12.org/005010/901';
const REVIEW_ACTION_DISPLAY: Record<FhirReviewAction, string> = {
  A1: 'Certified in total',
  A2: 'Certified - partial',
  A3: 'Not Certified',
  A4: 'Pended',
  A6: 'Modified',
};
const NUCC_TAXONOMY = 'http://nucc.org/provider-taxonomy';
const CASE_ID_SYSTEM = 'urn:medical-necessity:case-id';

export interface PasResponseOptions {
  /** When the response was made (Bundle.timestamp, ClaimResponse.created). */
  now: string;
  /** Default insurer when the request named none (the deployment's payer). */
  payer?: { name: string; identifier?: { system: string; value: string } };
}

/** The PAS response Bundle for a submit or an inquiry. */
export function buildPasResponseBundle(
  ctx: PasRequestContext,
  decisions: readonly FhirDecisionView[],
  refused: readonly FhirRefusedItemView[],
  options: PasResponseOptions,
): Bundle {
  const insurer = ctx.insurer ?? defaultInsurer(options.payer ?? { name: 'Health plan' });
  const notes: { number: number; type: 'display'; text: string }[] = [];
  const note = (text: string) => {
    notes.push({ number: notes.length + 1, type: 'display', text });
    return notes.length;
  };
  const sorted = [...decisions].sort((a, b) => a.item.sequence - b.item.sequence);
  const items: ClaimResponseItem[] = sorted.map((d) => responseItem(d, ctx, note));
  const addItems: ClaimResponseAddItem[] = sorted.filter((d) => d.reviewAction === 'A6' && d.authorization).map((d) => modifiedItem(d));
  const errors = refused.map((r) => ({
    itemSequence: r.sequence,
    extension: [{ url: `${PAS_SD}/extension-errorPath`, valueString: r.expression }],
    // X12 901 "AG": Invalid/Missing Procedure Code(s): no medical policy applies to this code.
    code: { coding: [{ system: X12_901, code: 'AG' }], text: `No medical-necessity policy applies to ${r.cptCode}; this item was not reviewed.` },
  }));
  for (const r of refused) note(`Item ${r.sequence} (${r.cptCode}): no medical-necessity policy applies to this service; it was not reviewed.`);

  const auths = sorted.filter((d) => d.authorization);
  const humans = sorted.filter((d) => d.reviewer);
  const reviewer = humans.length > 0 && humans.every((d) => d.reviewer!.sub === humans[0]!.reviewer!.sub) ? humans[0]!.reviewer : null;
  const claimResponse: ClaimResponse = {
    resourceType: 'ClaimResponse',
    id: responseId(ctx, sorted),
    extension: [reviewerExtension(sorted.some((d) => d.wasHumanReviewed), reviewer)],
    identifier: sorted.map((d) => ({ system: CASE_ID_SYSTEM, value: d.caseId })),
    status: 'active',
    type: ctx.claim.type ?? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'preauthorization',
    patient: { reference: ctx.patient.fullUrl },
    created: options.now,
    insurer: { reference: insurer.fullUrl },
    requestor: { reference: ctx.requestor.fullUrl },
    request: requestReference(ctx),
    // PAS restricts outcome to complete | error | partial; its pended example is "complete"
    // (the item's review action says pended). partial: some items refused; error: all.
    outcome: refused.length === 0 ? 'complete' : items.length === 0 ? 'error' : 'partial',
    ...(auths.length === 1
      ? { preAuthRef: auths[0]!.authorization!.number, preAuthPeriod: { start: auths[0]!.authorization!.validFrom, end: auths[0]!.authorization!.validTo } }
      : {}),
    ...(items.length > 0 ? { item: items } : {}),
    ...(addItems.length > 0 ? { addItem: addItems } : {}),
    ...(notes.length > 0 ? { processNote: notes } : {}),
    ...(errors.length > 0 ? { error: errors } : {}),
  };
  const entries: { fullUrl: string; resource: Resource }[] = [
    { fullUrl: `urn:uuid:${uuidFrom(`ClaimResponse|${claimResponse.id}|${options.now}`)}`, resource: claimResponse },
  ];
  for (const r of [ctx.patient, ctx.requestor, insurer]) {
    if (!entries.some((e) => e.fullUrl === r.fullUrl)) entries.push({ fullUrl: r.fullUrl, resource: r.resource as unknown as Resource });
  }
  return {
    resourceType: 'Bundle',
    identifier: { ...(ctx.bundleIdentifier.system ? { system: ctx.bundleIdentifier.system } : {}), value: ctx.bundleIdentifier.value },
    type: 'collection',
    timestamp: options.now,
    entry: entries,
  };
}

function responseItem(d: FhirDecisionView, ctx: PasRequestContext, note: (t: string) => number): ClaimResponseItem {
  const ext: Extension[] = [
    // REF-NT: the payer's reference for this item (the case id); $inquire accepts it back.
    { url: `${PAS_SD}/extension-administrationReferenceNumber`, valueString: d.caseId },
    {
      url: `${PAS_SD}/extension-itemAuthorizedProvider`,
      extension: [
        { url: 'provider', valueReference: { reference: ctx.requestor.fullUrl } },
        { url: `${PAS_SD}/extension-authorizedProviderType`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/98', code: 'SJ' }], text: 'Service provider' } },
      ],
    },
  ];
  const a = d.authorization;
  if (a) {
    ext.push(
      { url: `${PAS_SD}/extension-itemPreAuthIssueDate`, valueDate: (d.decidedAt ?? a.validFrom).slice(0, 10) },
      { url: `${PAS_SD}/extension-itemPreAuthPeriod`, valuePeriod: { start: a.validFrom, end: a.validTo } },
    );
  }
  const reviewAction: Extension = {
    url: `${PAS_SD}/extension-reviewAction`,
    extension: [
      { url: `${PAS_SD}/extension-reviewActionCode`, valueCodeableConcept: { coding: [{ system: X12_306, code: d.reviewAction, display: REVIEW_ACTION_DISPLAY[d.reviewAction] }] } },
      ...(a ? [{ url: 'number', valueString: a.number }] : []),
      ...d.denialReasons.map((r) => ({ url: 'reasonCode', valueCodeableConcept: { coding: [{ system: r.system, code: r.code }], text: r.text } })),
    ],
  };
  const noteNumbers = [
    ...(d.noteText.trim() ? [note(d.noteText.trim())] : []),
    ...d.denialReasons.map((r) => note(r.citations.length > 0 ? `${r.text} (policy source ${r.citations.join(', ')})` : r.text)),
  ];
  return {
    extension: ext,
    itemSequence: d.item.sequence,
    ...(noteNumbers.length > 0 ? { noteNumber: noteNumbers } : {}),
    adjudication: [{ extension: [reviewAction], category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }] } }],
  };
}

const SETTING_POS: Record<CareSetting, { code: string; display: string } | null> = {
  INPATIENT: { code: '21', display: 'Inpatient Hospital' },
  OUTPATIENT: { code: '22', display: 'On Campus-Outpatient Hospital' },
  OBSERVATION: null,
};

/** PAS spec-36/37: a modified (A6) item's authorized version goes in addItem, linked by itemSequence. */
function modifiedItem(d: FhirDecisionView): ClaimResponseAddItem {
  const a = d.authorization!;
  const pos = SETTING_POS[a.approvedSetting];
  return {
    itemSequence: [d.item.sequence],
    extension: [{ url: `${PAS_SD}/extension-itemPreAuthPeriod`, valuePeriod: { start: a.validFrom, end: a.validTo } }],
    productOrService: { coding: [{ system: CPT_SYSTEM, code: a.cptCode }] },
    locationCodeableConcept: {
      ...(pos ? { coding: [{ system: POS_SYSTEM, ...pos }] } : {}),
      text: `Approved setting: ${a.approvedSetting.toLowerCase()}${a.approvedSetting === 'INPATIENT' ? `, ${a.approvedInpatientDays} day(s)` : ''}`,
    },
    quantity: { value: a.units },
    adjudication: [
      {
        extension: [
          {
            url: `${PAS_SD}/extension-reviewAction`,
            extension: [
              { url: `${PAS_SD}/extension-reviewActionCode`, valueCodeableConcept: { coding: [{ system: X12_306, code: 'A1', display: REVIEW_ACTION_DISPLAY.A1 }] } },
              { url: 'number', valueString: a.number },
            ],
          },
        ],
        category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }] },
      },
    ],
  };
}

/** PAS extension-claimResponseReviewer: wasHumanReviewedFlag 1..1, reviewer NPI and specialty when known. */
function reviewerExtension(wasHumanReviewed: boolean, reviewer: FhirReviewerView | null): Extension {
  const ext: Extension[] = [{ url: 'wasHumanReviewedFlag', valueBoolean: wasHumanReviewed }];
  if (reviewer?.npi) ext.push({ url: 'reviewerNPI', valueIdentifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: reviewer.npi } });
  if (reviewer?.specialty) {
    // A NUCC taxonomy code is coded; any other text travels as text.
    const coded = /^[0-9]{3}[0-9A-Z]{6}X$/.test(reviewer.specialty);
    ext.push({ url: 'reviewerSpecialty', valueCodeableConcept: coded ? { coding: [{ system: NUCC_TAXONOMY, code: reviewer.specialty }] } : { text: reviewer.specialty } });
  }
  return { url: `${PAS_SD}/extension-claimResponseReviewer`, extension: ext };
}

function requestReference(ctx: PasRequestContext): ClaimResponse['request'] {
  if (ctx.claim.identifier) {
    return { identifier: { ...(ctx.claim.identifier.system ? { system: ctx.claim.identifier.system } : {}), value: ctx.claim.identifier.value } };
  }
  return ctx.claim.fullUrl ? { reference: ctx.claim.fullUrl } : { display: `Claim in Bundle ${ctx.bundleIdentifier.value}` };
}

function defaultInsurer(payer: NonNullable<PasResponseOptions['payer']>) {
  return {
    fullUrl: `urn:uuid:${uuidFrom(`Organization|${payer.name}`)}`,
    resource: {
      resourceType: 'Organization',
      active: true,
      type: [{ coding: [{ system: 'https://codesystem.x12.org/005010/98', code: 'PR' }] }],
      name: payer.name,
      ...(payer.identifier ? { identifier: [payer.identifier] } : {}),
    },
  };
}

const responseId = (ctx: PasRequestContext, d: readonly FhirDecisionView[]) =>
  `pas-${createHash('sha256').update(`${ctx.providerNpi}|${ctx.bundleIdentifier.value}|${d.map((x) => x.caseId).join(',')}`).digest('hex').slice(0, 32)}`;

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
