// Reading Da Vinci PAS request and inquiry Bundles into plain requests for the core.
// Pure: no I/O; the policy lookup is a port the caller fills. See README.md for the choices
// (member id, urgency, level of care, which QuestionnaireResponse answers which item).
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { collectReferences, resolveReference, type AnyResource, type BundleEntryView, type Resolved } from './bundle-refs';
import type { FactsJson, PolicyQuestionnaireSource } from './fact-tree';
import type { SubmitCaseInput } from '../core/inputs/submit-case';
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
export type SubmitRequest = SubmitCaseInput;
export type Urgency = SubmitRequest['urgency'];
export type CareSetting = SubmitRequest['requestedLevelOfCare']['setting'];

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

export type PasItem =
  | { kind: 'submit'; sequence: number; request: SubmitRequest; locations: SubmitLocations }
  /** No policy covers the item's code: refused in the response (README: "Items with no policy"). */
  | { kind: 'no-policy'; sequence: number; cptCode: string; expression: string };

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
});
const period = z.looseObject({ start: z.optional(z.string()), end: z.optional(z.string()) });
const positiveInt = z.int().check(z.positive());
const claimItem = z.looseObject({
  sequence: positiveInt,
  extension: z.optional(z.array(extension)),
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
};
const submitClaim = z.looseObject({ ...claimBase, item: z.array(claimItem).check(z.minLength(1)) });
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

const zodIssues = (error: z.core.$ZodError, base: string): FhirIssue[] =>
  error.issues.map((i) => {
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    return issue(missing ? 'required' : 'structure', `${base.replace(/\[\d+\]/g, '')}: ${i.message}`, zodPathExpression(base, i.path));
  });

// ---- common reading of a PAS Bundle ---------------------------------------------------------

interface Common {
  entries: BundleEntryView[];
  claim: ClaimShape;
  context: PasRequestContext;
  coverage: Resolved | null;
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
    if (!resolveReference(entries, r.reference, { index: 0, contained })) {
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
  const member = readMemberId(patient, coverage);
  if (!member.ok) return member;

  const claimId = claim.identifier?.find((i) => i.value);
  return {
    ok: true,
    value: {
      entries,
      claim,
      coverage,
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

const npiOf = (r: AnyResource) =>
  ((r['identifier'] as { system?: string; value?: string }[] | undefined) ?? []).findIndex((i) => i.system === NPI_SYSTEM && !!i.value);

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
  const candidates: Resolved[] = [r];
  if (r.resource.resourceType === 'PractitionerRole') {
    for (const key of ['practitioner', 'organization']) {
      const sub = (r.resource[key] as { reference?: string } | undefined)?.reference;
      const idx = entries.findIndex((e) => e.resource === r.resource);
      const s = sub ? resolveReference(entries, sub, { index: idx >= 0 ? idx : 0 }) : null;
      if (s) candidates.push(s);
    }
  } else if (r.resource.resourceType !== 'Practitioner' && r.resource.resourceType !== 'Organization') {
    return fail('value', 'Claim.provider must be a Practitioner, Organization or PractitionerRole.');
  }
  for (const c of candidates) {
    const i = npiOf(c.resource);
    if (i < 0) continue;
    const npi = (c.resource['identifier'] as { value: string }[])[i]!.value.trim();
    const expression = `${c.expression}.identifier[${i}].value`;
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
function readMemberId(patient: Resolved, coverage: Resolved | null): Parsed<{ id: string; expression: string }> {
  const ids = (r: AnyResource) => z.array(identifier).safeParse(r['identifier'] ?? []).data ?? [];
  const found = (r: Resolved, list: z.infer<typeof identifier>[], i: number) =>
    ({ ok: true, value: { id: list[i]!.value!.trim(), expression: `${r.expression}.identifier[${i}].value` } }) as const;
  const covIds = coverage ? ids(coverage.resource) : [];
  const cov = covIds.findIndex((i) => isMemberType(i.type) && i.value);
  if (coverage && cov >= 0) return found(coverage, covIds, cov);
  const pat = ids(patient.resource);
  const mb = pat.findIndex((i) => isMemberType(i.type) && i.value);
  if (mb >= 0) return found(patient, pat, mb);
  const subscriberId = coverage?.resource['subscriberId'];
  const rel = (coverage?.resource['relationship'] as CodeableConcept | undefined)?.coding?.map((c) => c.code) ?? [];
  if (typeof subscriberId === 'string' && subscriberId.trim() && (rel.length === 0 || rel.includes('self') || rel.includes('18'))) {
    return { ok: true, value: { id: subscriberId.trim(), expression: `${coverage!.expression}.subscriberId` } };
  }
  const withValue = pat.filter((i) => i.value);
  if (withValue.length === 1) return found(patient, pat, pat.indexOf(withValue[0]!));
  return {
    ok: false,
    errors: [issue('required', 'The member id is missing: give the Coverage (or the Patient) an identifier of type MB.', coverage ? `${coverage.expression}.identifier` : `${patient.expression}.identifier`)],
  };
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
  encounter: Resolved | null,
  admission: { start?: string | undefined; end?: string | undefined } | undefined,
): Parsed<{ setting: CareSetting; inpatientDays: number; expression: string }> {
  let setting: CareSetting | undefined;
  let expression = `${at}.locationCodeableConcept`;
  const encClass = (encounter?.resource['class'] as { code?: string } | undefined)?.code;
  if (encClass && ['IMP', 'ACUTE', 'NONAC'].includes(encClass)) setting = 'INPATIENT';
  else if (encClass === 'OBSENC') setting = 'OBSERVATION';
  if (setting) expression = `${encounter!.expression}.class`;
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
  const encPeriod = encounter?.resource['period'] as { start?: string; end?: string } | undefined;
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

/**
 * Parses a PAS request Bundle for `Claim/$submit`: one SubmitRequest per Claim item with a
 * policy, or the issues that make the Bundle unprocessable (nothing is to be stored then).
 */
export async function parsePasSubmitBundle(body: unknown, lookupPolicy: PolicyLookup): Promise<Parsed<ParsedPasSubmit>> {
  const common = readCommon(body, submitClaim);
  if (!common.ok) return common;
  const { entries, claim, context } = common.value;
  const items = claim.item ?? [];
  const contained = claim.contained;
  const issues: FhirIssue[] = [];

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
  const encounter = encRef ? resolveReference(entries, encRef, { index: 0, contained }) : null;
  const urgency = readUrgency(claim);

  const out: PasItem[] = [];
  for (const [i, it] of items.entries()) {
    const at = `${CLAIM}.item[${i}]`;
    const cpt = codeIn(it.productOrService, (s) => s === CPT_SYSTEM || s === HCPCS_SYSTEM);
    if (!cpt) {
      issues.push(issue('code-invalid', `productOrService must carry a CPT (${CPT_SYSTEM}) or HCPCS code.`, `${at}.productOrService`));
      continue;
    }
    const cptCode = cpt.trim().toUpperCase();
    const cptAt = `${at}.productOrService.coding[${it.productOrService.coding!.findIndex((c) => c.code === cpt)}]`;
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
      out.push({ kind: 'no-policy', sequence: it.sequence, cptCode, expression: `${at}.productOrService` });
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
    out.push({
      kind: 'submit',
      sequence: it.sequence,
      request: {
        idempotencyKey: idempotencyKeyFor(context.providerNpi, context.bundleIdentifier, it.sequence),
        memberId: context.memberId,
        providerId: context.providerNpi,
        urgency,
        requestedService: { cptCode, icd10Codes: dx.filter((d) => d !== undefined).map((d) => d.code), description },
        requestedLevelOfCare: { setting: loc.value.setting, inpatientDays: loc.value.inpatientDays },
        clinicalFacts,
        plannedServiceDate: serviced.date,
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
  return { ok: true, value: { context, items: out } };
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
  items: { sequence: number; cptCode: string | null }[];
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
      })),
      context,
    },
  };
}
