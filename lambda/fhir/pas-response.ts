// PAS response Bundle (ClaimResponse first, then the resources it references) built from
// plain views of the core's decisions: a pure function, used by $submit, $inquire and the
// subscription notifications alike. One ClaimResponse item per Claim item; an item no
// policy covers needs no prior authorization (review action NA).
import type { Bundle, ClaimResponse, ClaimResponseItem, ClaimResponseAddItem, CommunicationRequest, Extension, Resource } from '@medplum/fhirtypes';
import { createHash } from 'node:crypto';
import type { AuthorizationRecord, DenialReasonRecord, ReviewAction, ReviewerRecord } from '../core/model/decision-records';
import { CPT_SYSTEM, PAS_SD, POS_SYSTEM, type CareSetting, type PasRequestContext, type TraceNumber } from './pas-request';

// The decision records are the core's (declared once, lambda/engine/decision-records.ts); the
// views add only what the door derives from them.
/** X12 306 review actions: the core's (A1 A2 A3 A4 A6), plus cancelled (C) and no action required (NA). */
export type FhirReviewAction = ReviewAction | 'C' | 'NA';
type FhirReviewerView = ReviewerRecord;
/** One certified service line (lines[0] is the requested procedure; then add-on codes). */
export interface FhirCertifiedLineView {
  cptCode: string;
  units: number;
  approvedSetting: CareSetting;
  approvedInpatientDays: number;
}
/** The authorization with its certified lines (one line, from its own fields, for records written before lines existed). */
export type FhirAuthorizationView = AuthorizationRecord & { lines: FhirCertifiedLineView[] };
/** An open request for information: what the reviewer asked for, and by when. */
export interface FhirInformationRequestView {
  items: string[];
  requestedAt: string;
  respondBy: string;
}

/** The current decision on one Claim item (a case and its current determination). */
export interface FhirDecisionView {
  caseId: string;
  /** CaseStatus of the case. */
  status: string;
  reviewAction: FhirReviewAction;
  receivedAt: string;
  decidedAt: string | null;
  item: { sequence: number; cptCode: string; traceNumbers: TraceNumber[] };
  authorization: FhirAuthorizationView | null;
  informationRequest: FhirInformationRequestView | null;
  denialReasons: DenialReasonRecord[];
  reviewer: FhirReviewerView | null;
  wasHumanReviewed: boolean;
  /** Plain words for the provider (e.g. why the item is pended, what to send). No field names. */
  noteText: string;
}

/** An item whose code no policy covers: it needs no prior authorization (NA); no case is made. */
export interface FhirNotRequiredItemView {
  sequence: number;
  cptCode: string;
  traceNumbers: TraceNumber[];
}

export const X12_306 = 'https://codesystem.x12.org/005010/306';
/** X12 code source 886, Health Care Services Review Decision Reason Code (PAS binds reasonCode to it). */
export const X12_886 = 'https://codesystem.x12.org/external/886';
/** X12 673 quantity qualifiers (PASQuantity.code): DY days, FL units. */
const X12_673 = 'https://codesystem.x12.org/005010/673';
const REVIEW_ACTION_DISPLAY: Record<FhirReviewAction, string> = {
  A1: 'Certified in total',
  A2: 'Certified - partial',
  A3: 'Not Certified',
  A4: 'Pended',
  A6: 'Modified',
  C: 'Cancelled',
  NA: 'No Action Required',
};
const NUCC_TAXONOMY = 'http://nucc.org/provider-taxonomy';
const CASE_ID_SYSTEM = 'urn:medical-necessity:case-id';
const INFORMATION_REQUEST_SYSTEM = 'urn:medical-necessity:information-request';

export interface PasResponseOptions {
  /** When the response was made (Bundle.timestamp, ClaimResponse.created). */
  now: string;
  /** Default insurer when the request named none (the deployment's payer). */
  payer?: { name: string; identifier?: { system: string; value: string } };
}

/** The PAS response Bundle for a submit, an update or an inquiry. */
export function buildPasResponseBundle(
  ctx: PasRequestContext,
  decisions: readonly FhirDecisionView[],
  notRequired: readonly FhirNotRequiredItemView[],
  options: PasResponseOptions,
): Bundle {
  const insurer = ctx.insurer ?? defaultInsurer(options.payer ?? { name: 'Health plan' });
  const notes: { number: number; type: 'display'; text: string }[] = [];
  const note = (text: string) => {
    notes.push({ number: notes.length + 1, type: 'display', text });
    return notes.length;
  };
  const sorted = [...decisions].sort((a, b) => a.item.sequence - b.item.sequence);
  const items: ClaimResponseItem[] = [
    ...sorted.map((d) => ({ sequence: d.item.sequence, item: responseItem(d, ctx, note) })),
    ...notRequired.map((r) => ({ sequence: r.sequence, item: notRequiredItem(r, ctx, note) })),
  ]
    .sort((a, b) => a.sequence - b.sequence)
    .map((x) => x.item);
  const addItems: ClaimResponseAddItem[] = sorted.flatMap((d) => addedItems(d));
  const communications = sorted.filter((d) => d.reviewAction === 'A4' && d.informationRequest).map((d) => communicationRequest(d, ctx, insurer.fullUrl));

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
    // (each item's review action says pended, certified, not required...).
    outcome: 'complete',
    ...(auths.length === 1
      ? { preAuthRef: auths[0]!.authorization!.number, preAuthPeriod: { start: auths[0]!.authorization!.validFrom, end: auths[0]!.authorization!.validTo } }
      : {}),
    ...(items.length > 0 ? { item: items } : {}),
    ...(addItems.length > 0 ? { addItem: addItems } : {}),
    ...(communications.length > 0 ? { communicationRequest: communications.map((c) => ({ reference: c.fullUrl })) } : {}),
    ...(notes.length > 0 ? { processNote: notes } : {}),
  };
  const entries: { fullUrl: string; resource: Resource }[] = [
    { fullUrl: `urn:uuid:${uuidFrom(`ClaimResponse|${claimResponse.id}|${options.now}`)}`, resource: claimResponse },
  ];
  for (const r of [ctx.patient, ctx.requestor, insurer]) {
    if (!entries.some((e) => e.fullUrl === r.fullUrl)) entries.push({ fullUrl: r.fullUrl, resource: r.resource as unknown as Resource });
  }
  entries.push(...communications);
  return {
    resourceType: 'Bundle',
    identifier: { ...(ctx.bundleIdentifier.system ? { system: ctx.bundleIdentifier.system } : {}), value: ctx.bundleIdentifier.value },
    type: 'collection',
    timestamp: options.now,
    entry: entries,
  };
}

const traceExtensions = (traceNumbers: readonly TraceNumber[]): Extension[] =>
  traceNumbers.map((t) => ({ url: `${PAS_SD}/extension-itemTraceNumber`, valueIdentifier: { ...(t.system ? { system: t.system } : {}), ...(t.value ? { value: t.value } : {}) } }));

const authorizedProvider = (ctx: PasRequestContext): Extension => ({
  url: `${PAS_SD}/extension-itemAuthorizedProvider`,
  extension: [
    { url: 'provider', valueReference: { reference: ctx.requestor.fullUrl } },
    { url: `${PAS_SD}/extension-authorizedProviderType`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/98', code: 'SJ' }], text: 'Service provider' } },
  ],
});

const reviewActionCode = (code: FhirReviewAction): Extension => ({
  url: `${PAS_SD}/extension-reviewActionCode`,
  valueCodeableConcept: { coding: [{ system: X12_306, code, display: REVIEW_ACTION_DISPLAY[code] }] },
});
const SUBMITTED = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }] };

/** A certified quantity as a PASQuantity: inpatient days (X12 673 DY) for a stay, else units (FL). */
const certifiedQuantity = (l: FhirCertifiedLineView) =>
  l.approvedSetting === 'INPATIENT'
    ? { value: l.approvedInpatientDays, unit: 'days', system: X12_673, code: 'DY' }
    : { value: l.units, unit: 'units', system: X12_673, code: 'FL' };

/** PAS itemAuthorizedDetail: the certified code and quantity, machine-readable. */
const authorizedDetail = (l: FhirCertifiedLineView): Extension => ({
  url: `${PAS_SD}/extension-itemAuthorizedDetail`,
  extension: [
    { url: 'productOrServiceCode', valueCodeableConcept: { coding: [{ system: CPT_SYSTEM, code: l.cptCode }] } },
    { url: 'quantity', valueQuantity: certifiedQuantity(l) },
  ],
});

/** An item no policy covers: no prior authorization is required for it (X12 306 NA). */
function notRequiredItem(r: FhirNotRequiredItemView, ctx: PasRequestContext, note: (t: string) => number): ClaimResponseItem {
  return {
    extension: [...traceExtensions(r.traceNumbers), authorizedProvider(ctx)],
    itemSequence: r.sequence,
    noteNumber: [note(`Item ${r.sequence} (${r.cptCode}): no prior authorization is required for this service.`)],
    adjudication: [{ extension: [{ url: `${PAS_SD}/extension-reviewAction`, extension: [reviewActionCode('NA')] }], category: SUBMITTED }],
  };
}

/**
 * PAS CommunicationRequest of a pended item awaiting information: one payload per requested
 * item, as the reviewer wrote it; the respond-by date is the end of its occurrence period.
 */
function communicationRequest(d: FhirDecisionView, ctx: PasRequestContext, insurerUrl: string): { fullUrl: string; resource: CommunicationRequest } {
  const ir = d.informationRequest!;
  const id = `${d.caseId}-${ir.requestedAt}`;
  return {
    fullUrl: `urn:uuid:${uuidFrom(`CommunicationRequest|${id}`)}`,
    resource: {
      resourceType: 'CommunicationRequest',
      extension: [{ url: `${PAS_SD}/extension-serviceLineNumber`, valuePositiveInt: d.item.sequence }],
      identifier: [{ system: INFORMATION_REQUEST_SYSTEM, value: id }],
      status: 'active',
      subject: { reference: ctx.patient.fullUrl },
      about: [{ identifier: { system: CASE_ID_SYSTEM, value: d.caseId } }],
      payload: ir.items.map((text) => ({ contentString: text })),
      occurrencePeriod: { start: ir.requestedAt, end: ir.respondBy },
      authoredOn: ir.requestedAt,
      requester: { reference: insurerUrl },
      recipient: [{ reference: ctx.requestor.fullUrl }],
    },
  };
}

function responseItem(d: FhirDecisionView, ctx: PasRequestContext, note: (t: string) => number): ClaimResponseItem {
  const ext: Extension[] = [
    ...traceExtensions(d.item.traceNumbers),
    // REF-NT: the payer's reference for this item (the case id); $inquire accepts it back.
    { url: `${PAS_SD}/extension-administrationReferenceNumber`, valueString: d.caseId },
    authorizedProvider(ctx),
  ];
  const a = d.authorization;
  if (a) {
    ext.push(
      { url: `${PAS_SD}/extension-itemPreAuthIssueDate`, valueDate: (d.decidedAt ?? a.validFrom).slice(0, 10) },
      { url: `${PAS_SD}/extension-itemPreAuthPeriod`, valuePeriod: { start: a.validFrom, end: a.validTo } },
      // What was certified for the requested code (lines[0]); add-on lines are items of their own (addItem).
      authorizedDetail(a.lines[0] ?? a),
    );
  }
  const reviewAction: Extension = {
    url: `${PAS_SD}/extension-reviewAction`,
    extension: [
      reviewActionCode(d.reviewAction),
      ...(a ? [{ url: 'number', valueString: a.number }] : []),
      ...d.denialReasons.map((r) => ({
        url: 'reasonCode',
        valueCodeableConcept: {
          // PAS binds reasonCode to X12 886: its code first where the policy declares one, the policy's own beside it.
          coding: [...(r.x12ReasonCode ? [{ system: X12_886, code: r.x12ReasonCode }] : []), { system: r.system, code: r.code }],
          text: r.text,
        },
      })),
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
    adjudication: [{ extension: [reviewAction], category: SUBMITTED }],
  };
}

const SETTING_POS: Record<CareSetting, { code: string; display: string } | null> = {
  INPATIENT: { code: '21', display: 'Inpatient Hospital' },
  OUTPATIENT: { code: '22', display: 'On Campus-Outpatient Hospital' },
  OBSERVATION: null,
};

/**
 * Items the payer adds, linked to the request's item by itemSequence: a modified (A6) item's
 * authorized version (PAS spec-36/37), and each certified add-on line (lines[1..]) as an item
 * of its own with its code and units.
 */
function addedItems(d: FhirDecisionView): ClaimResponseAddItem[] {
  const a = d.authorization;
  if (!a) return [];
  const out: ClaimResponseAddItem[] = [];
  const lines = a.lines.length > 0 ? a.lines : [a];
  if (d.reviewAction === 'A6') out.push(addItem(d, lines[0]!, true));
  for (const line of lines.slice(1)) out.push(addItem(d, line, false));
  return out;
}

function addItem(d: FhirDecisionView, l: FhirCertifiedLineView, withSetting: boolean): ClaimResponseAddItem {
  const a = d.authorization!;
  const pos = SETTING_POS[l.approvedSetting];
  return {
    itemSequence: [d.item.sequence],
    extension: [{ url: `${PAS_SD}/extension-itemPreAuthPeriod`, valuePeriod: { start: a.validFrom, end: a.validTo } }],
    productOrService: { coding: [{ system: CPT_SYSTEM, code: l.cptCode }] },
    ...(withSetting
      ? {
          locationCodeableConcept: {
            ...(pos ? { coding: [{ system: POS_SYSTEM, ...pos }] } : {}),
            text: `Approved setting: ${l.approvedSetting.toLowerCase()}${l.approvedSetting === 'INPATIENT' ? `, ${l.approvedInpatientDays} day(s)` : ''}`,
          },
        }
      : {}),
    quantity: withSetting ? certifiedQuantity(l) : { value: l.units, unit: 'units', system: X12_673, code: 'FL' },
    adjudication: [
      {
        extension: [{ url: `${PAS_SD}/extension-reviewAction`, extension: [reviewActionCode('A1'), { url: 'number', valueString: a.number }] }],
        category: SUBMITTED,
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
