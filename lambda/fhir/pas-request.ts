// Reading Da Vinci PAS request and inquiry Bundles into plain requests for the core.
// Pure: no I/O; the policy lookup is a port the caller fills. See README.md for the choices
// (member id, urgency, level of care, which QuestionnaireResponse answers which item).
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { collectReferences, resolveReference, type AnyResource, type BundleEntryView, type Resolved } from './bundle-refs';
import type { FactsJson, PolicyQuestionnaireSource } from './fact-tree';
import type { SubmitCaseInput } from '../core/inputs/submit-case';
import { linesOfBusiness, type LineOfBusiness } from '../core/model/case';
import { failed, type Result } from '../engine/result';
import { issue, type FhirIssue } from './operation-outcome';
import { parseQuestionnaireRef } from './questionnaire';
import { expressionForFactPath, questionnaireResponseToFacts, zodPathExpression, type FactLocations } from './questionnaire-response';

export const PAS_SD = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';
export const HCPCS_SYSTEM = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const POS_SYSTEM = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const ENCOUNTER_EXT = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Claim.encounter';

/**
 * What the core's submit takes: the core's own input type (lambda/core/inputs/submit-case.ts),
 * every field required, so a field added to the core is filled here or does not compile.
 */
export type SubmitRequest = SubmitCaseInput & {
  /** From the focal Coverage (README "Line of business"); COMMERCIAL when it says nothing we map. */
  lineOfBusiness: LineOfBusiness;
};
export type Urgency = SubmitRequest['urgency'];
export type CareSetting = SubmitRequest['requestedLevelOfCare']['setting'];
// The core declares the line of business once (lambda/core/model/case.ts).
export type { LineOfBusiness };

/** The most items a PAS Bundle may carry: all its new cases go in one DynamoDB transaction (core MAX_CASES_PER_SUBMISSION). */
export const MAX_PAS_ITEMS = 10;

/** Where each SubmitRequest field came from, to point core errors back at the Bundle. */
export interface SubmitLocations {
  memberId: string;
  providerId: string;
  item: string;
  cptCode: string;
  /** One per icd10Codes entry. */
  icd10Codes: string[];
  levelOfCare: string;
  /** item.servicedDate or item.servicedPeriod.start (the item itself when neither was sent). */
  plannedServiceDate: string;
  /** The QuestionnaireResponse, or the Claim's supportingInfo when none was sent. */
  questionnaireResponse: string;
  facts: FactLocations;
}

/** A PAS identifier as the request carried it (itemTraceNumber), echoed on the response item. */
export interface TraceNumber {
  system?: string | undefined;
  value?: string | undefined;
}

/** What may name the earlier request of an item: case ids (REF-NT) and authorization numbers (REF-BB) the request carries, in order. */
export interface ItemReferences {
  caseIds: string[];
  authorizationNumbers: string[];
}

interface ItemCommon {
  sequence: number;
  traceNumbers: TraceNumber[];
  /** FHIRPath of the item in the request. */
  expression: string;
}

export type PasItem =
  | (ItemCommon & {
      kind: 'submit';
      request: SubmitRequest;
      locations: SubmitLocations;
      refs: ItemReferences;
      /** The PAS infoChanged flag of a Claim Update's item. */
      changed: 'added' | 'changed' | null;
      /** Whether a QuestionnaireResponse answered the item (else clinicalFacts is {}). */
      factsGiven: boolean;
    })
  /** No policy covers the item's code: it needs no prior authorization (review action NA). */
  | (ItemCommon & { kind: 'no-policy'; cptCode: string })
  /** A Claim Update cancelling the item (certificationType 3, or the infoCancelled flag). */
  | (ItemCommon & { kind: 'cancel'; cptCode: string | null; refs: ItemReferences });

/** A PAS Claim Update: the earlier Claim it replaces (in the Bundle), and whether it cancels the whole request. */
export interface ClaimUpdate {
  cancel: boolean;
  /** FHIRPath of the earlier Claim in the Bundle. */
  earlierExpression: string;
}

/** A resource as it came in the request, echoed in the response with the same fullUrl (PAS spec-33). */
export interface EchoedResource {
  fullUrl: string;
  resource: AnyResource;
}

/** What the response needs from the request (submit and inquiry alike). */
export interface PasRequestContext {
  bundleIdentifier: { system: string | null; value: string };
  claim: { fullUrl: string | null; identifier: { system: string | null; value: string } | null; type: CodeableConcept | null };
  patient: EchoedResource;
  requestor: EchoedResource;
  insurer: EchoedResource | null;
  memberId: string;
  /** FHIRPath of the member id the door read. */
  memberExpression: string;
  providerNpi: string;
  /** FHIRPath of the requesting provider's NPI, for a "not the caller" issue. */
  providerExpression: string;
}

export interface ParsedPasSubmit {
  context: PasRequestContext;
  items: PasItem[];
  /** Set for a PAS Claim Update (Claim.related.claim): the items change earlier requests. */
  update: ClaimUpdate | null;
}

export type PolicyLookup = (cptCode: string) => PolicyQuestionnaireSource | null | Promise<PolicyQuestionnaireSource | null>;

/** The one result shape (lambda/engine/result.ts) with the door's issues. */
export type Parsed<T> = Result<T, FhirIssue>;

// ---- shapes (zod: every incoming element we read) ------------------------------------------

const coding = z.looseObject({ system: z.optional(z.string()), code: z.optional(z.string()), display: z.optional(z.string()) });
const codeableConcept = z.looseObject({ coding: z.optional(z.array(coding)), text: z.optional(z.string()) });
type CodeableConcept = z.infer<typeof codeableConcept>;
const identifier = z.looseObject({ system: z.optional(z.string()), value: z.optional(z.string()), type: z.optional(codeableConcept) });
const reference = z.looseObject({ reference: z.optional(z.string()), identifier: z.optional(identifier) });
const extension = z.looseObject({
  url: z.string(),
  valueCodeableConcept: z.optional(codeableConcept),
  valueString: z.optional(z.string()),
  valueReference: z.optional(reference),
  valueIdentifier: z.optional(identifier),
  valueCode: z.optional(z.string()),
  valueBoolean: z.optional(z.boolean()),
});
const period = z.looseObject({ start: z.optional(z.string()), end: z.optional(z.string()) });
const positiveInt = z.int().check(z.positive());
const claimItem = z.looseObject({
  sequence: positiveInt,
  extension: z.optional(z.array(extension)),
  modifierExtension: z.optional(z.array(extension)),
  productOrService: codeableConcept,
  locationCodeableConcept: z.optional(codeableConcept),
  quantity: z.optional(z.looseObject({ value: z.optional(z.number()), unit: z.optional(z.string()), code: z.optional(z.string()) })),
  informationSequence: z.optional(z.array(positiveInt)),
  diagnosisSequence: z.optional(z.array(positiveInt)),
  servicedDate: z.optional(z.string()),
  servicedPeriod: z.optional(period),
});
const claimBase = {
  resourceType: z.literal('Claim'),
  identifier: z.optional(z.array(identifier)),
  type: z.optional(codeableConcept),
  use: z.string(),
  patient: reference,
  provider: reference,
  insurer: z.optional(reference),
  priority: z.optional(codeableConcept),
  extension: z.optional(z.array(extension)),
  contained: z.optional(z.array(z.looseObject({ resourceType: z.string(), id: z.optional(z.string()) }))),
  diagnosis: z.optional(z.array(z.looseObject({ sequence: positiveInt, diagnosisCodeableConcept: z.optional(codeableConcept) }))),
  supportingInfo: z.optional(
    z.array(
      z.looseObject({
        sequence: positiveInt,
        category: codeableConcept,
        valueReference: z.optional(reference),
        timingPeriod: z.optional(period),
      }),
    ),
  ),
  insurance: z.optional(
    z.array(z.looseObject({ sequence: positiveInt, focal: z.boolean(), coverage: reference, preAuthRef: z.optional(z.array(z.string())) })),
  ),
  related: z.optional(z.array(z.looseObject({ claim: z.optional(reference), relationship: z.optional(codeableConcept) }))),
};
// Items are checked in parsePasSubmitBundle: a Claim Update that cancels the whole request may have none.
const submitClaim = z.looseObject({ ...claimBase, item: z.optional(z.array(claimItem)) });
const inquiryClaim = z.looseObject({ ...claimBase, item: z.optional(z.array(claimItem)) });
type ClaimShape = z.infer<typeof inquiryClaim>;
type ClaimItem = z.infer<typeof claimItem>;

const bundleShape = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  identifier: z.optional(identifier),
  entry: z.optional(
    z.array(z.looseObject({ fullUrl: z.optional(z.string()), resource: z.optional(z.looseObject({ resourceType: z.string(), id: z.optional(z.string()) })) })),
  ),
});

// The referenced resources, as far as the door reads them: every element typed before use.
const identifiers = z.optional(z.array(identifier));
const participantShape = z.looseObject({ identifier: identifiers, practitioner: z.optional(reference), organization: z.optional(reference) });
const patientShape = z.looseObject({ identifier: identifiers });
const coverageShape = z.looseObject({
  identifier: identifiers,
  subscriberId: z.optional(z.string()),
  relationship: z.optional(codeableConcept),
  type: z.optional(codeableConcept),
  class: z.optional(z.array(z.looseObject({ type: z.optional(codeableConcept), value: z.optional(z.string()) }))),
});
const encounterShape = z.looseObject({ class: z.optional(coding), period: z.optional(period) });

/** A referenced resource read through its shape, or the issues naming the offending elements. */
function typed<T>(r: Resolved, shape: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: z.core.$ZodError } }): Parsed<T> {
  const p = shape.safeParse(r.resource);
  return p.success ? { ok: true, value: p.data } : failed(zodIssues(p.error, r.expression));
}

const zodIssues = (error: z.core.$ZodError, base: string): FhirIssue[] =>
  error.issues.map((i) => {
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    const at = zodPathExpression(base, i.path);
    return issue(missing ? 'required' : 'structure', `${at.replace(/\[\d+\]/g, '')}: ${i.message}`, at);
  });

// ---- common reading of a PAS Bundle ---------------------------------------------------------

interface Common {
  entries: BundleEntryView[];
  claim: ClaimShape;
  context: PasRequestContext;
  coverage: Resolved | null;
  lineOfBusiness: LineOfBusiness;
}

const CLAIM = 'Bundle.entry[0].resource';

function readCommon(body: unknown, claimSchema: typeof submitClaim | typeof inquiryClaim): Parsed<Common> {
  if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== 'Bundle') {
    return { ok: false, errors: [issue('structure', 'The request body must be a FHIR Bundle (resourceType "Bundle").')] };
  }
  const b = bundleShape.safeParse(body);
  if (!b.success) return failed(zodIssues(b.error, 'Bundle'));
  const bundle = b.data;
  const issues: FhirIssue[] = [];
  if (bundle.type !== 'collection') issues.push(issue('value', 'A PAS Bundle has type "collection".', 'Bundle.type'));
  if (!bundle.identifier?.value) issues.push(issue('required', 'A PAS Bundle needs an identifier (the submitter\'s transaction id).', 'Bundle.identifier'));
  const entries: BundleEntryView[] = (bundle.entry ?? []).map((e) => ({ fullUrl: e.fullUrl, resource: e.resource }));
  if (entries.length === 0) return failed([...issues, issue('structure', 'A PAS Bundle starts with the Claim: it has no entries.', 'Bundle.entry')]);
  if (entries[0]!.resource?.resourceType !== 'Claim') {
    return failed([...issues, issue('structure', 'The first entry of a PAS Bundle must be the Claim.', CLAIM)]);
  }
  const c = claimSchema.safeParse(entries[0]!.resource);
  if (!c.success) return failed([...issues, ...zodIssues(c.error, CLAIM)]);
  const claim = c.data;
  if (claim.use !== 'preauthorization') issues.push(issue('value', 'Claim.use must be "preauthorization".', `${CLAIM}.use`));

  // Every reference in the Claim must resolve inside the Bundle (PAS spec-13).
  const contained = claim.contained;
  for (const r of collectReferences(claim, CLAIM)) {
    if (typeof r.reference !== 'string') issues.push(issue('structure', 'Reference.reference must be a string.', `${r.path}.reference`));
    else if (!resolveReference(entries, r.reference, { index: 0, contained })) {
      issues.push(issue('not-found', 'The referenced resource is not in the Bundle.', `${r.path}.reference`));
    }
  }
  if (issues.length > 0) return failed(issues);

  const resolve = (ref: { reference?: string | undefined } | undefined) =>
    ref?.reference ? resolveReference(entries, ref.reference, { index: 0, contained }) : null;
  const echo = (r: Resolved): EchoedResource => ({
    fullUrl: r.fullUrl ?? `urn:uuid:${deterministicUuid(r.expression + JSON.stringify(r.resource))}`,
    resource: r.resource,
  });

  const patient = resolve(claim.patient);
  if (!patient || patient.resource.resourceType !== 'Patient') {
    return { ok: false, errors: [issue('required', 'Claim.patient must reference a Patient in the Bundle.', `${CLAIM}.patient`)] };
  }
  const patientData = typed(patient, patientShape);
  if (!patientData.ok) return patientData;
  const provider = readProvider(claim, entries, contained);
  if (!provider.ok) return provider;
  const insurer = resolve(claim.insurer);

  const ins = claim.insurance ?? [];
  const focal = ins.findIndex((i) => i.focal);
  const insIndex = focal >= 0 ? focal : ins.length > 0 ? 0 : -1;
  const coverage = insIndex >= 0 ? resolve(ins[insIndex]!.coverage) : null;
  if (coverage && coverage.resource.resourceType !== 'Coverage') {
    return { ok: false, errors: [issue('value', 'Claim.insurance.coverage must reference a Coverage.', `${CLAIM}.insurance[${insIndex}].coverage`)] };
  }
  const coverageData = coverage ? typed(coverage, coverageShape) : null;
  if (coverageData && !coverageData.ok) return coverageData;
  const member = readMemberId(patient, patientData.value, coverage, coverageData?.value ?? null);
  if (!member.ok) return member;

  const claimId = claim.identifier?.find((i) => i.value);
  return {
    ok: true,
    value: {
      entries,
      claim,
      coverage,
      lineOfBusiness: lineOfBusinessOf(coverageData?.value ?? null),
      context: {
        bundleIdentifier: { system: bundle.identifier?.system ?? null, value: bundle.identifier!.value! },
        claim: {
          fullUrl: entries[0]!.fullUrl ?? null,
          identifier: claimId ? { system: claimId.system ?? null, value: claimId.value! } : null,
          type: claim.type ?? null,
        },
        patient: echo(patient),
        requestor: echo(provider.value.resolved),
        insurer: insurer ? echo(insurer) : null,
        memberId: member.value.id,
        memberExpression: member.value.expression,
        providerNpi: provider.value.npi,
        providerExpression: provider.value.expression,
      },
    },
  };
}

type Participant = z.infer<typeof participantShape>;
const npiIndex = (p: Participant) => (p.identifier ?? []).findIndex((i) => i.system === NPI_SYSTEM && !!i.value);

/**
 * The requesting provider's NPI: Claim.provider → Practitioner / Organization with an
 * identifier of system us-npi; a PractitionerRole → its own NPI, else its practitioner's,
 * else its organization's. A logical reference (Reference.identifier with the NPI system) works too.
 */
function readProvider(
  claim: ClaimShape,
  entries: BundleEntryView[],
  contained: AnyResource[] | undefined,
): Parsed<{ npi: string; resolved: Resolved; expression: string }> {
  const at = `${CLAIM}.provider`;
  const fail = (code: 'required' | 'value', msg: string, where = at): Parsed<never> => ({ ok: false, errors: [issue(code, msg, where)] });
  const ref = claim.provider.reference;
  if (!ref) return fail('required', 'Claim.provider must reference the requesting provider in the Bundle.');
  const r = resolveReference(entries, ref, { index: 0, contained });
  if (!r) return fail('required', 'Claim.provider must reference the requesting provider in the Bundle.');
  const first = typed(r, participantShape);
  if (!first.ok) return first;
  const candidates: { resolved: Resolved; data: Participant }[] = [{ resolved: r, data: first.value }];
  if (r.resource.resourceType === 'PractitionerRole') {
    for (const key of ['practitioner', 'organization'] as const) {
      const sub = first.value[key]?.reference;
      const idx = entries.findIndex((e) => e.resource === r.resource);
      const s = sub ? resolveReference(entries, sub, { index: idx >= 0 ? idx : 0 }) : null;
      if (!s) continue;
      const data = typed(s, participantShape);
      if (!data.ok) return data;
      candidates.push({ resolved: s, data: data.value });
    }
  } else if (r.resource.resourceType !== 'Practitioner' && r.resource.resourceType !== 'Organization') {
    return fail('value', 'Claim.provider must be a Practitioner, Organization or PractitionerRole.');
  }
  for (const c of candidates) {
    const i = npiIndex(c.data);
    if (i < 0) continue;
    const npi = c.data.identifier![i]!.value!.trim();
    const expression = `${c.resolved.expression}.identifier[${i}].value`;
    if (!/^\d{10}$/.test(npi)) return fail('value', 'The requesting provider\'s NPI must be 10 digits.', expression);
    return { ok: true, value: { npi, resolved: r, expression } };
  }
  return fail('required', `The requesting provider needs an identifier with system ${NPI_SYSTEM} (its NPI).`, `${r.expression}.identifier`);
}

const isMemberType = (t: CodeableConcept | undefined) => !!t?.coding?.some((c) => c.code === 'MB');

/**
 * The member id, in the order PAS points to: the focal Coverage's member identifier
 * (US Core memberid slice, type MB), the Patient's identifier of type MB (PAS inquiry),
 * Coverage.subscriberId when the patient is the subscriber, else the Patient's only
 * identifier (older PAS examples, e.g. the test kit's, carry the member number that way).
 */
function readMemberId(
  patient: Resolved,
  patientData: z.infer<typeof patientShape>,
  coverage: Resolved | null,
  coverageData: z.infer<typeof coverageShape> | null,
): Parsed<{ id: string; expression: string }> {
  type Id = z.infer<typeof identifier>;
  const found = (r: Resolved, list: Id[], i: number) =>
    ({ ok: true, value: { id: list[i]!.value!.trim(), expression: `${r.expression}.identifier[${i}].value` } }) as const;
  const covIds = coverageData?.identifier ?? [];
  const cov = covIds.findIndex((i) => isMemberType(i.type) && i.value?.trim());
  if (coverage && cov >= 0) return found(coverage, covIds, cov);
  const pat = patientData.identifier ?? [];
  const mb = pat.findIndex((i) => isMemberType(i.type) && i.value?.trim());
  if (mb >= 0) return found(patient, pat, mb);
  const subscriberId = coverageData?.subscriberId;
  const rel = coverageData?.relationship?.coding?.map((c) => c.code) ?? [];
  if (typeof subscriberId === 'string' && subscriberId.trim() && (rel.length === 0 || rel.includes('self') || rel.includes('18'))) {
    return { ok: true, value: { id: subscriberId.trim(), expression: `${coverage!.expression}.subscriberId` } };
  }
  const withValue = pat.filter((i) => i.value?.trim());
  if (withValue.length === 1) return found(patient, pat, pat.indexOf(withValue[0]!));
  return {
    ok: false,
    errors: [issue('required', 'The member id is missing: give the Coverage (or the Patient) an identifier of type MB.', coverage ? `${coverage.expression}.identifier` : `${patient.expression}.identifier`)],
  };
}

const SOPT_SYSTEMS = new Set(['https://nahdo.org/sopt', 'urn:oid:2.16.840.1.113883.3.221.5']);
/** A coding naming our LineOfBusiness value directly (README "Line of business"); the only way to say EXCHANGE. */
export const LINE_OF_BUSINESS_SYSTEM = 'urn:medical-necessity:line-of-business';
const LINES_OF_BUSINESS = new Set<LineOfBusiness>(linesOfBusiness);

/**
 * The line of business from the focal Coverage (README "Line of business"): a coding of
 * system urn:medical-necessity:line-of-business in Coverage.type or Coverage.class.type
 * names it; else Coverage.type in the Source of Payment Typology (US Core's payer type):
 * 11x Medicare managed care (Medicare Advantage) → MEDICARE_ADVANTAGE, 2x Medicaid →
 * MEDICAID; anything else, or no Coverage, → COMMERCIAL.
 */
export function lineOfBusinessOf(coverage: z.infer<typeof coverageShape> | null): LineOfBusiness {
  if (!coverage) return 'COMMERCIAL';
  const codings = [...(coverage.type?.coding ?? []), ...(coverage.class ?? []).flatMap((c) => c.type?.coding ?? [])];
  const named = codings.find((c) => c.system === LINE_OF_BUSINESS_SYSTEM && LINES_OF_BUSINESS.has(c.code as LineOfBusiness));
  if (named) return named.code as LineOfBusiness;
  const sopt = (coverage.type?.coding ?? []).find((c) => c.system !== undefined && SOPT_SYSTEMS.has(c.system) && c.code)?.code ?? '';
  if (sopt.startsWith('11')) return 'MEDICARE_ADVANTAGE';
  if (sopt.startsWith('2')) return 'MEDICAID';
  return 'COMMERCIAL';
}

// ---- $submit --------------------------------------------------------------------------------

const codeIn = (cc: CodeableConcept | undefined, test: (system: string) => boolean) =>
  cc?.coding?.find((c) => c.system !== undefined && test(c.system) && c.code)?.code;
const endsWithX12 = (n: string) => (s: string) => /codesystem\.x12\.org\/(005010\/)?/.test(s) && s.endsWith(`/${n}`);

/**
 * Urgency: EXPEDITED when either the PAS levelOfServiceCode (X12 1338: U urgent, 03
 * emergency) or Claim.priority (stat) says so; STANDARD otherwise. The faster clock wins
 * when the two disagree: an expedited request is never slowed down by a default priority.
 */
function readUrgency(claim: ClaimShape): Urgency {
  const los = claim.extension?.find((e) => e.url === `${PAS_SD}/extension-levelOfServiceCode`)?.valueCodeableConcept;
  const losCode = codeIn(los, endsWithX12('1338'));
  const priority = codeIn(claim.priority, (s) => s === 'http://terminology.hl7.org/CodeSystem/processpriority');
  return losCode === 'U' || losCode === '03' || priority === 'stat' ? 'EXPEDITED' : 'STANDARD';
}

const INPATIENT_POS = new Set(['21', '51', '61']); // inpatient hospital, inpatient psychiatric, inpatient rehab
const isPos = (s: string) => /place-of-service-codes\/Place_of_Service_Code_Set$/.test(s) || s.endsWith('CMSPlaceofServiceCodes');
const DAY_UNITS = new Set(['d', 'day', 'days', 'DA']);

function daysBetween(p: { start?: string | undefined; end?: string | undefined } | undefined): number | undefined {
  if (!p?.start || !p.end) return undefined;
  const ms = Date.parse(p.end.slice(0, 10)) - Date.parse(p.start.slice(0, 10));
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 86_400_000) : undefined;
}

/**
 * Setting and length of stay, as PAS carries them: the Claim's Encounter (extension
 * Claim.encounter: class IMP/ACUTE/NONAC inpatient, OBSENC observation), else the item's
 * place of service (POS 21/51/61 inpatient, any other outpatient). Inpatient days: the
 * item's quantity in days, else the Encounter's period, else the admissionDates supportingInfo.
 */
function readLevelOfCare(
  item: ClaimItem,
  at: string,
  encounter: { resolved: Resolved; data: z.infer<typeof encounterShape> } | null,
  admission: { start?: string | undefined; end?: string | undefined } | undefined,
): Parsed<{ setting: CareSetting; inpatientDays: number; expression: string }> {
  let setting: CareSetting | undefined;
  let expression = `${at}.locationCodeableConcept`;
  const encClass = encounter?.data.class?.code;
  if (encClass && ['IMP', 'ACUTE', 'NONAC'].includes(encClass)) setting = 'INPATIENT';
  else if (encClass === 'OBSENC') setting = 'OBSERVATION';
  if (setting) expression = `${encounter!.resolved.expression}.class`;
  else {
    const pos = codeIn(item.locationCodeableConcept, isPos);
    if (pos) setting = INPATIENT_POS.has(pos) ? 'INPATIENT' : 'OUTPATIENT';
  }
  if (!setting) {
    return { ok: false, errors: [issue('required', 'The item needs a place of service (locationCodeableConcept, CMS POS code) or the Claim an Encounter.', expression)] };
  }
  if (setting !== 'INPATIENT') return { ok: true, value: { setting, inpatientDays: 0, expression } };
  const q = item.quantity;
  const inDays = q && q.value !== undefined && (DAY_UNITS.has(q.code ?? '') || DAY_UNITS.has(q.unit ?? '')) ? q.value : undefined;
  const encPeriod = encounter?.data.period;
  const days = inDays ?? daysBetween(encPeriod) ?? daysBetween(admission);
  if (days === undefined) {
    return {
      ok: false,
      errors: [issue('required', 'An inpatient request needs its length of stay: item.quantity in days, the Encounter period or the admission dates.', `${at}.quantity`)],
    };
  }
  if (!Number.isInteger(days) || days < 0) return { ok: false, errors: [issue('value', 'The length of stay must be a whole number of days.', `${at}.quantity.value`)] };
  return { ok: true, value: { setting, inpatientDays: days, expression } };
}

/**
 * The day the service is planned (the core's plannedServiceDate: an authorization starts no
 * earlier): the item's servicedDate, else the start of its servicedPeriod; a dateTime is cut
 * to its day. The core checks the date (YYYY-MM-DD); a partial FHIR date is refused there.
 */
function readServiceDate(item: ClaimItem, at: string): { date: string | null; expression: string } {
  if (item.servicedDate) return { date: item.servicedDate.slice(0, 10), expression: `${at}.servicedDate` };
  const start = item.servicedPeriod?.start;
  if (start) return { date: start.slice(0, 10), expression: `${at}.servicedPeriod.start` };
  return { date: null, expression: at };
}

/** `pas:<hash of provider NPI + Bundle.identifier>:<item sequence>`: a resubmission maps to the same case. */
export function idempotencyKeyFor(providerNpi: string, bundleIdentifier: { system: string | null; value: string }, sequence: number): string {
  const h = createHash('sha256').update(`${providerNpi}|${bundleIdentifier.system ?? ''}|${bundleIdentifier.value}`).digest('hex');
  return `pas:${h.slice(0, 40)}:${sequence}`;
}

function deterministicUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface QrCandidate {
  sequence: number;
  resource: AnyResource;
  expression: string;
  ref: { policyId: string; version: number } | null;
}

const CPT_OR_HCPCS = /^(\d{5}|[A-V]\d{4})$/;
const CERTIFICATION_TYPE = `${PAS_SD}/extension-certificationType`;
const INFO_CHANGED = `${PAS_SD}/extension-infoChanged`;
const INFO_CANCELLED = `${PAS_SD}/modifierextension-infoCancelled`;
type Ext = z.infer<typeof extension>;

/** The X12 1322 certification type `3` (cancel) in a list of extensions. */
const cancels = (list: Ext[] | undefined) =>
  !!list?.some((e) => e.url === CERTIFICATION_TYPE && e.valueCodeableConcept?.coding?.some((c) => c.code === '3' && (c.system === undefined || endsWithX12('1322')(c.system))));
const extStrings = (list: Ext[] | undefined, name: string) =>
  (list ?? []).filter((e) => e.url === `${PAS_SD}/extension-${name}` && e.valueString?.trim()).map((e) => e.valueString!.trim());
const traceNumbersOf = (it: ClaimItem): TraceNumber[] =>
  (it.extension ?? []).filter((e) => e.url === `${PAS_SD}/extension-itemTraceNumber` && e.valueIdentifier?.value).map((e) => ({ system: e.valueIdentifier!.system, value: e.valueIdentifier!.value }));
const refsOf = (...lists: (Ext[] | undefined)[]): ItemReferences => ({
  caseIds: [...new Set(lists.flatMap((l) => extStrings(l, 'administrationReferenceNumber')))],
  authorizationNumbers: [...new Set(lists.flatMap((l) => extStrings(l, 'authorizationNumber')))],
});

/** The earlier Claim a PAS Claim Update names (Claim.related.claim, in the Bundle: PAS spec-65). */
function readUpdate(claim: ClaimShape, entries: BundleEntryView[], contained: AnyResource[] | undefined): Parsed<{ update: ClaimUpdate; earlierItems: ClaimItem[] } | null> {
  const related = (claim.related ?? []).map((r, i) => ({ ref: r.claim?.reference, at: `${CLAIM}.related[${i}].claim` })).filter((r) => r.ref);
  if (related.length === 0) return { ok: true, value: null };
  const first = related[0]!;
  const earlier = resolveReference(entries, first.ref!, { index: 0, contained });
  if (!earlier || earlier.resource.resourceType !== 'Claim') {
    return { ok: false, errors: [issue('not-found', 'A Claim Update names the Claim it updates (related.claim), and that Claim is in the Bundle.', `${first.at}.reference`)] };
  }
  const items = z.optional(z.array(claimItem)).safeParse(earlier.resource['item']);
  if (!items.success) return failed(zodIssues(items.error, `${earlier.expression}.item`));
  return { ok: true, value: { update: { cancel: cancels(claim.extension), earlierExpression: earlier.expression }, earlierItems: items.data ?? [] } };
}

/**
 * Parses a PAS request Bundle for `Claim/$submit`: one item per Claim item (a request with
 * a policy, an item needing no authorization, or a cancellation in a Claim Update), or the
 * issues that make the Bundle unprocessable (nothing is to be stored then).
 */
export async function parsePasSubmitBundle(body: unknown, lookupPolicy: PolicyLookup): Promise<Parsed<ParsedPasSubmit>> {
  const common = readCommon(body, submitClaim);
  if (!common.ok) return common;
  const { entries, claim, context, lineOfBusiness } = common.value;
  const contained = claim.contained;
  const updating = readUpdate(claim, entries, contained);
  if (!updating.ok) return updating;
  const update = updating.value?.update ?? null;
  const earlierItems = updating.value?.earlierItems ?? [];
  const items = claim.item ?? [];
  if (items.length > MAX_PAS_ITEMS) {
    return { ok: false, errors: [issue('business-rule', `A PAS Bundle may carry at most ${MAX_PAS_ITEMS} items; send the others in another Bundle.`, `${CLAIM}.item`)] };
  }
  // A cancel of the whole request names no items: it cancels the earlier Claim's.
  if (update?.cancel) {
    const source = items.length > 0 ? items : earlierItems;
    if (source.length > MAX_PAS_ITEMS) return { ok: false, errors: [issue('business-rule', `A request has at most ${MAX_PAS_ITEMS} items.`, `${update.earlierExpression}.item`)] };
    return {
      ok: true,
      value: {
        context,
        update,
        items: source.map((it, i) => {
          const before = earlierItems.find((e) => e.sequence === it.sequence);
          return {
            kind: 'cancel' as const,
            sequence: it.sequence,
            traceNumbers: traceNumbersOf(it),
            expression: items.length > 0 ? `${CLAIM}.item[${i}]` : `${update.earlierExpression}.item[${i}]`,
            cptCode: codeIn(it.productOrService, (s) => s === CPT_SYSTEM || s === HCPCS_SYSTEM)?.trim().toUpperCase() ?? null,
            refs: refsOf(it.extension, before?.extension),
          };
        }),
      },
    };
  }
  const issues: FhirIssue[] = [];
  if (items.length === 0) return { ok: false, errors: [issue('required', 'The Claim has no items.', `${CLAIM}.item`)] };

  const seen = new Set<number>();
  items.forEach((it, i) => {
    if (seen.has(it.sequence)) issues.push(issue('value', 'Claim item sequences must be unique.', `${CLAIM}.item[${i}].sequence`));
    seen.add(it.sequence);
  });

  // Diagnoses: ICD-10-CM only (the core's requestedService.icd10Codes).
  const diagnoses = new Map<number, { code: string; expression: string }>();
  (claim.diagnosis ?? []).forEach((d, i) => {
    const at = `${CLAIM}.diagnosis[${i}].diagnosisCodeableConcept`;
    const code = codeIn(d.diagnosisCodeableConcept, (s) => s === ICD10CM_SYSTEM);
    if (!code) issues.push(issue('code-invalid', `Diagnoses must be ICD-10-CM codes (${ICD10CM_SYSTEM}).`, at));
    else diagnoses.set(d.sequence, { code: code.trim().toUpperCase(), expression: `${at}.coding` });
  });

  // QuestionnaireResponses in supportingInfo (Bundle entries, or contained in the Claim).
  const qrs: QrCandidate[] = [];
  (claim.supportingInfo ?? []).forEach((s) => {
    const ref = s.valueReference?.reference;
    const r = ref ? resolveReference(entries, ref, { index: 0, contained }) : null;
    if (r?.resource.resourceType !== 'QuestionnaireResponse') return;
    const q = r.resource['questionnaire'];
    qrs.push({ sequence: s.sequence, resource: r.resource, expression: r.expression, ref: typeof q === 'string' ? parseQuestionnaireRef(q) : null });
  });
  const admission = claim.supportingInfo?.find((s) => s.category.coding?.some((c) => c.code === 'admissionDates'))?.timingPeriod;
  const encRef = claim.extension?.find((e) => e.url === ENCOUNTER_EXT)?.valueReference?.reference;
  const encResolved = encRef ? resolveReference(entries, encRef, { index: 0, contained }) : null;
  let encounter: { resolved: Resolved; data: z.infer<typeof encounterShape> } | null = null;
  if (encResolved) {
    const data = typed(encResolved, encounterShape);
    if (!data.ok) return data;
    encounter = { resolved: encResolved, data: data.value };
  }
  const urgency = readUrgency(claim);

  const out: PasItem[] = [];
  for (const [i, it] of items.entries()) {
    const at = `${CLAIM}.item[${i}]`;
    const traceNumbers = traceNumbersOf(it);
    const before = earlierItems.find((e) => e.sequence === it.sequence);
    const refs = refsOf(it.extension, before?.extension);
    const cpt = codeIn(it.productOrService, (s) => s === CPT_SYSTEM || s === HCPCS_SYSTEM);
    if (!cpt) {
      issues.push(issue('code-invalid', `productOrService must carry a CPT (${CPT_SYSTEM}) or HCPCS code.`, `${at}.productOrService`));
      continue;
    }
    const cptCode = cpt.trim().toUpperCase();
    const cptAt = `${at}.productOrService.coding[${it.productOrService.coding!.findIndex((c) => c.code === cpt)}]`;
    if (!CPT_OR_HCPCS.test(cptCode)) {
      issues.push(issue('code-invalid', 'The service code must be a 5-digit CPT code or a HCPCS Level II code (a letter and 4 digits).', cptAt));
      continue;
    }
    if (update && (cancels(it.extension) || it.modifierExtension?.some((e) => e.url === INFO_CANCELLED && e.valueBoolean === true))) {
      out.push({ kind: 'cancel', sequence: it.sequence, traceNumbers, expression: at, cptCode, refs });
      continue;
    }
    const loc = readLevelOfCare(it, at, encounter, admission);
    if (!loc.ok) {
      issues.push(...loc.errors);
      continue;
    }
    const dx = it.diagnosisSequence?.length ? it.diagnosisSequence.map((s) => diagnoses.get(s)) : [...diagnoses.values()];
    if (it.diagnosisSequence?.some((s) => !(claim.diagnosis ?? []).some((d) => d.sequence === s))) {
      issues.push(issue('not-found', 'item.diagnosisSequence names a diagnosis the Claim does not have.', `${at}.diagnosisSequence`));
      continue;
    }
    const policy = await lookupPolicy(cptCode);
    if (!policy) {
      out.push({ kind: 'no-policy', sequence: it.sequence, traceNumbers, expression: `${at}.productOrService`, cptCode });
      continue;
    }
    // The item's own supportingInfo (informationSequence) first, else all of the Claim's.
    const pool = it.informationSequence?.length ? qrs.filter((q) => it.informationSequence!.includes(q.sequence)) : qrs;
    const same = pool.filter((q) => q.ref?.policyId === policy.id);
    const exact = same.find((q) => q.ref?.version === policy.version);
    if (!exact && same.length > 0) {
      issues.push(
        issue('business-rule', `The QuestionnaireResponse answers another version of the policy's Questionnaire; answer ${policy.id}-v${policy.version}.`, `${same[0]!.expression}.questionnaire`),
      );
      continue;
    }
    const unnamed = pool.filter((q) => q.ref === null);
    const chosen = exact ?? (unnamed.length === 1 ? unnamed[0] : undefined);
    let clinicalFacts: FactsJson = {};
    let facts: FactLocations = {};
    if (chosen) {
      const parsed = questionnaireResponseToFacts(chosen.resource, policy, chosen.expression);
      if (!parsed.ok) {
        issues.push(...parsed.errors);
        continue;
      }
      clinicalFacts = parsed.value.facts;
      facts = parsed.value.locations;
    }
    const serviced = readServiceDate(it, at);
    const description = it.productOrService.text ?? it.productOrService.coding?.find((c) => c.code === cpt)?.display ?? null;
    const changed = it.extension?.find((e) => e.url === INFO_CHANGED)?.valueCode;
    out.push({
      kind: 'submit',
      sequence: it.sequence,
      traceNumbers,
      expression: at,
      refs,
      changed: changed === 'added' || changed === 'changed' ? changed : null,
      factsGiven: chosen !== undefined,
      request: {
        idempotencyKey: idempotencyKeyFor(context.providerNpi, context.bundleIdentifier, it.sequence),
        memberId: context.memberId,
        providerId: context.providerNpi,
        urgency,
        requestedService: { cptCode, icd10Codes: dx.filter((d) => d !== undefined).map((d) => d.code), description },
        requestedLevelOfCare: { setting: loc.value.setting, inpatientDays: loc.value.inpatientDays },
        clinicalFacts,
        plannedServiceDate: serviced.date,
        lineOfBusiness,
      },
      locations: {
        memberId: context.memberExpression,
        providerId: context.providerExpression,
        item: at,
        cptCode: cptAt,
        icd10Codes: dx.filter((d) => d !== undefined).map((d) => d.expression),
        levelOfCare: loc.value.expression,
        plannedServiceDate: serviced.expression,
        questionnaireResponse: chosen?.expression ?? `${CLAIM}.supportingInfo`,
        facts,
      },
    });
  }
  if (issues.length > 0) return failed(issues);
  return { ok: true, value: { context, items: out, update } };
}

/**
 * The expression for a core error on a SubmitRequest field (a userError `field` path such
 * as ["clinicalFacts", "diagnosticInjections", "0", "date"] or ["requestedService", "cptCode"]).
 */
export function expressionForSubmitField(loc: SubmitLocations, field: readonly string[] | null): string {
  const [head, second, third] = field ?? [];
  switch (head) {
    case 'clinicalFacts':
      return expressionForFactPath(loc.facts, field!.slice(1), loc.questionnaireResponse);
    case 'memberId':
      return loc.memberId;
    case 'providerId':
      return loc.providerId;
    case 'requestedService':
      if (second === 'icd10Codes' && third !== undefined) return loc.icd10Codes[Number(third)] ?? loc.item;
      return second === 'cptCode' ? loc.cptCode : loc.item;
    case 'requestedLevelOfCare':
      return loc.levelOfCare;
    case 'plannedServiceDate':
      return loc.plannedServiceDate;
    default:
      return loc.item;
  }
}

/** The issue for a requesting provider that is not the caller (a provider's token). */
export const providerNotCallerIssue = (context: PasRequestContext): FhirIssue =>
  issue('forbidden', 'The requesting provider is not the authenticated provider.', context.providerExpression);

// ---- $inquire -------------------------------------------------------------------------------

/** A PAS inquiry as plain data: match by authorization number or case id, else member + provider + service. */
export interface InquiryRequest {
  memberId: string;
  providerId: string;
  /** REF-BB: the authorization number (extension authorizationNumber on the Claim or an item, or insurance.preAuthRef). */
  authorizationNumber: string | null;
  /** REF-NT: the administration reference number this door returns (the case id). */
  caseId: string | null;
  /** Items asked about; cptCode null for PAS's data-absent-reason "not-applicable" (any service). */
  items: { sequence: number; cptCode: string | null; traceNumbers: TraceNumber[] }[];
  context: PasRequestContext;
}

/** Parses a PAS inquiry Bundle for `Claim/$inquire`. */
export function parsePasInquiryBundle(body: unknown): Parsed<InquiryRequest> {
  const common = readCommon(body, inquiryClaim);
  if (!common.ok) return common;
  const { claim, context } = common.value;
  const ext = (list: { url: string; valueString?: string | undefined }[] | undefined, name: string) =>
    list?.find((e) => e.url === `${PAS_SD}/extension-${name}` && e.valueString?.trim())?.valueString?.trim();
  const items = claim.item ?? [];
  const authorizationNumber =
    ext(claim.extension, 'authorizationNumber') ??
    items.map((i) => ext(i.extension, 'authorizationNumber')).find((v) => v) ??
    claim.insurance?.flatMap((i) => i.preAuthRef ?? []).find((v) => v.trim()) ??
    null;
  const caseId = ext(claim.extension, 'administrationReferenceNumber') ?? items.map((i) => ext(i.extension, 'administrationReferenceNumber')).find((v) => v) ?? null;
  return {
    ok: true,
    value: {
      memberId: context.memberId,
      providerId: context.providerNpi,
      authorizationNumber,
      caseId,
      items: items.map((it) => ({
        sequence: it.sequence,
        cptCode: codeIn(it.productOrService, (s) => s === CPT_SYSTEM || s === HCPCS_SYSTEM)?.trim().toUpperCase() ?? null,
        traceNumbers: traceNumbersOf(it),
      })),
      context,
    },
  };
}
