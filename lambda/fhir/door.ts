// The FHIR door's operations over the application core: $submit, $inquire, the
// Questionnaire read and the CapabilityStatement. Transport-free (the Lambda handler,
// handlers/fhir-app.ts, turns an FhirAnswer into an HTTP response); everything it reads or
// writes goes through the core's use cases and repositories, like the GraphQL door.
import type { Bundle, CapabilityStatement, OperationOutcome, Questionnaire } from '@medplum/fhirtypes';
import { admit, getCase, getPolicy, listCases, previewDetermination, submitCase, type CoreContext, type CoreError, type Failure } from '../core';
import type { CaseRecord } from '../core/model/case';
import type { CaseCollection } from '../core/ports';
import { submitCaseErrorCodes, submitCaseInputSchema } from '../core/inputs/submit-case';
import { errorsFromZod } from '../core/inputs/zod-errors';
import type { CompiledPolicy } from '../engine';
import { buildCapabilityStatement } from './capability-statement';
import { decisionView } from './decision-view';
import type { PolicyQuestionnaireSource } from './fact-tree';
import { httpStatusForIssues, issue, issueFromCoreError, operationOutcome, type FhirIssue } from './operation-outcome';
import {
  expressionForSubmitField,
  parsePasInquiryBundle,
  parsePasSubmitBundle,
  providerNotCallerIssue,
  type InquiryRequest,
  type PasItem,
} from './pas-request';
import { buildPasResponseBundle, type FhirDecisionView, type PasResponseOptions } from './pas-response';
import { buildQuestionnaire } from './questionnaire';

/** What an operation answers: an HTTP status, the resource, and the issue codes (for the log line). */
export type FhirAnswer = {
  status: number;
  resource: Bundle | OperationOutcome | Questionnaire | CapabilityStatement;
  issueCodes: string[];
};

export type DoorOptions = {
  /** Canonical base of the Questionnaires' urls (and of the CapabilityStatement). */
  canonicalBase?: string;
  payer?: PasResponseOptions['payer'];
};

const answer = (status: number, resource: FhirAnswer['resource']): FhirAnswer => ({ status, resource, issueCodes: [] });
export const refuse = (issues: readonly FhirIssue[]): FhirAnswer => ({
  status: httpStatusForIssues(issues),
  resource: operationOutcome(issues),
  issueCodes: [...new Set(issues.map((i) => i.code))],
});

/**
 * The core's refusal as a 403 OperationOutcome: a refusal of the provider the request names
 * (the own-provider scope) points at that provider in the Bundle.
 */
const refusedBy = (f: Failure, providerIssue?: () => FhirIssue): FhirAnswer =>
  refuse(f.errors.map((e) => (e.field?.[0] === 'providerId' && providerIssue ? providerIssue() : issueFromCoreError(e.code, e.message))));

const asSource = (p: CompiledPolicy): PolicyQuestionnaireSource => ({ id: p.id, version: p.version, title: p.title, factSchema: p.factSchema });

type SubmitItem = Extract<PasItem, { kind: 'submit' }>;

/** A core error on one item's request as an issue pointing into the Bundle. */
const itemIssue = (item: SubmitItem, e: CoreError, field: readonly string[] | null = e.field): FhirIssue =>
  issueFromCoreError(e.code, `Item ${item.sequence}: ${e.message}`, expressionForSubmitField(item.locations, field));

/** previewDetermination's fields (`input.cptCode`, `input.icd10Codes.0`) as submit fields. */
function previewFieldAsSubmitField(field: string[] | null): string[] | null {
  if (!field) return null;
  const [head, ...rest] = field[0] === 'input' ? field.slice(1) : field;
  if (head === 'cptCode' || head === 'icd10Codes') return ['requestedService', head, ...rest];
  return head === undefined ? null : [head, ...rest];
}

/**
 * Every item checked as submitCase would check it, before any is submitted: the input shape
 * (the core's own schema) and the facts against the policy (previewDetermination, the same
 * evaluation path, which stores nothing). A Bundle with one bad item stores nothing.
 */
async function validateItems(ctx: CoreContext, items: SubmitItem[]): Promise<FhirIssue[]> {
  const issues: FhirIssue[] = [];
  for (const item of items) {
    const shape = submitCaseInputSchema.safeParse(item.request);
    if (!shape.success) {
      for (const e of errorsFromZod(shape.error, [], submitCaseErrorCodes)) issues.push(itemIssue(item, e));
      continue;
    }
    const { requestedService, requestedLevelOfCare, clinicalFacts } = shape.data;
    const preview = await previewDetermination(ctx, { cptCode: requestedService.cptCode, icd10Codes: requestedService.icd10Codes, clinicalFacts, requestedLevelOfCare });
    if (!preview.ok) for (const e of preview.errors) issues.push(itemIssue(item, e, previewFieldAsSubmitField(e.field)));
  }
  return issues;
}

/**
 * POST /fhir/Claim/$submit. The Bundle is parsed (policies: the core's policy in effect
 * today for each item's code), the requesting provider checked against the caller, every
 * item validated, then each item with a policy submitted through the core's submitCase
 * with the idempotency key the parser derives from the Bundle identifier: a resubmission
 * returns the same cases, hence the same response.
 */
export async function submitPas(ctx: CoreContext, body: unknown, options: DoorOptions = {}): Promise<FhirAnswer> {
  const admitted = admit(ctx, 'submitCase');
  if (!admitted.ok) return refusedBy(admitted);
  const today = ctx.clock().toISOString().slice(0, 10);
  const policies = new Map<string, Promise<CompiledPolicy | null>>();
  const lookup = async (cptCode: string) => {
    if (!policies.has(cptCode)) policies.set(cptCode, ctx.repos.policies.inEffect(cptCode, today));
    const p = await policies.get(cptCode)!;
    return p ? asSource(p) : null;
  };
  const parsed = await parsePasSubmitBundle(body, lookup);
  if (!parsed.ok) return refuse(parsed.errors);
  const { context, items } = parsed.value;
  const forProvider = admit(ctx, 'submitCase', context.providerNpi);
  if (!forProvider.ok) return refusedBy(forProvider, () => providerNotCallerIssue(context));

  const toSubmit = items.filter((i): i is SubmitItem => i.kind === 'submit');
  const refused = items.flatMap((i) => (i.kind === 'no-policy' ? [{ sequence: i.sequence, cptCode: i.cptCode, expression: i.expression }] : []));
  if (toSubmit.length === 0) {
    return refuse(refused.map((r) => issue('not-supported', 'No medical-necessity policy applies to this item\'s service code; the request was not reviewed.', r.expression)));
  }
  const invalid = await validateItems(ctx, toSubmit);
  if (invalid.length > 0) return refuse(invalid);

  const decisions: FhirDecisionView[] = [];
  for (const item of toSubmit) {
    const r = await submitCase(ctx, item.request);
    // Validated above: a refusal here is a rule the preview does not see (e.g. a role rule).
    if (!r.ok) return refuse(r.errors.map((e) => itemIssue(item, e, e.field?.[0] === 'input' ? e.field.slice(1) : e.field)));
    decisions.push(decisionView(r.value.case, r.value.determination, item.sequence));
  }
  // The response is dated when the request was received, so a resubmission answers the same.
  const received = decisions.map((d) => d.receivedAt).sort().at(-1)!;
  return answer(200, buildPasResponseBundle(context, decisions, refused, { now: received, ...(options.payer ? { payer: options.payer } : {}) }));
}

/** Cases read per inquiry at most (pages of the provider's listing); beyond that: not found. */
const MAX_SCAN_PAGES = 10;
const PAGE = 100;

/** The provider's cases for a member, newest first, optionally of one service (core listing, provider partition). */
async function casesOf(ctx: CoreContext, q: InquiryRequest, cptCode: string | null, stop: (c: CaseRecord) => boolean): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_SCAN_PAGES; page++) {
    const r = await listCases(ctx, { filter: { providerId: q.providerId, ...(cptCode ? { cptCode } : {}) }, first: PAGE, after });
    if (!r.ok) break;
    for (const e of r.value.edges) {
      if (e.node.memberId !== q.memberId) continue;
      out.push(e.node);
      if (stop(e.node)) return out;
    }
    if (!r.value.hasNextPage || r.value.edges.length === 0) break;
    after = r.value.edges.at(-1)!.cursor;
  }
  return out;
}

const CERTIFIED = new Set(['APPROVED', 'PARTIALLY_APPROVED', 'APPROVED_ON_APPEAL', 'PARTIALLY_APPROVED_ON_APPEAL']);
const authorizationNumberOf = (x: unknown): string | null => {
  const a = (x as { authorization?: { number?: unknown } | null }).authorization;
  return typeof a?.number === 'string' ? a.number : null;
};

/**
 * The requests an inquiry names, each with the inquiry item it answers: by case id
 * (administrationReferenceNumber, which this door returns), else by authorization number,
 * else by member + provider + service (the newest such request). A case of another
 * provider or member is never matched: for a provider's token it is as if it did not exist.
 */
async function findRequests(ctx: CoreContext, q: InquiryRequest): Promise<{ collection: CaseCollection; sequence: number }[]> {
  // The caller was admitted to getCase (and listCases, the same roles) before: a refusal here
  // cannot happen, and would read as no match.
  const readCase = async (caseId: string) => {
    const r = await getCase(ctx, caseId);
    return r.ok ? r.value : null;
  };
  const ours = (c: CaseRecord) => c.providerId === q.providerId && c.memberId === q.memberId;
  const sequenceFor = (c: CaseRecord) => q.items.find((i) => i.cptCode === c.requestedService.cptCode)?.sequence ?? q.items[0]?.sequence ?? 1;
  if (q.caseId) {
    const col = await readCase(q.caseId);
    if (col && ours(col.case)) return [{ collection: col, sequence: sequenceFor(col.case) }];
  }
  if (q.authorizationNumber) {
    const wanted = q.authorizationNumber;
    let found: CaseCollection | null = null;
    const candidates = await casesOf(ctx, q, null, () => false);
    for (const c of candidates.filter((x) => CERTIFIED.has(x.status))) {
      const onCase = authorizationNumberOf(c);
      if (onCase !== null && onCase !== wanted) continue;
      const col = await readCase(c.id);
      if (col && col.determinations.some((d) => authorizationNumberOf(d) === wanted)) {
        found = col;
        break;
      }
    }
    if (found) return [{ collection: found, sequence: sequenceFor(found.case) }];
  }
  // Member + provider + service: one request per inquiry item (any service when the item has none).
  const items = q.items.length > 0 ? q.items : [{ sequence: 1, cptCode: null }];
  const out: { collection: CaseCollection; sequence: number }[] = [];
  for (const it of items) {
    const [newest] = (await casesOf(ctx, q, it.cptCode, () => true)).filter(ours);
    const col = newest ? await readCase(newest.id) : null;
    if (col) out.push({ collection: col, sequence: it.sequence });
  }
  return out;
}

/** POST /fhir/Claim/$inquire: the current PAS response for the request the inquiry names. */
export async function inquirePas(ctx: CoreContext, body: unknown, options: DoorOptions = {}): Promise<FhirAnswer> {
  const admitted = admit(ctx, 'getCase');
  if (!admitted.ok) return refusedBy(admitted);
  const parsed = parsePasInquiryBundle(body);
  if (!parsed.ok) return refuse(parsed.errors);
  const q = parsed.value;
  const forProvider = admit(ctx, 'getCase', q.providerId);
  if (!forProvider.ok) return refusedBy(forProvider, () => providerNotCallerIssue(q.context));
  const found = await findRequests(ctx, q);
  if (found.length === 0) return refuse([issue('not-found', 'No prior-authorization request matches this inquiry.')]);
  const decisions = found.map(({ collection, sequence }) => decisionView(collection.case, collection.determinations.at(-1) ?? null, sequence));
  return answer(200, buildPasResponseBundle(q.context, decisions, [], { now: ctx.clock().toISOString(), ...(options.payer ? { payer: options.payer } : {}) }));
}

/** GET /fhir/Questionnaire/{policyId}-v{version}: the policy version's fact schema as a Questionnaire. */
export async function readQuestionnaire(ctx: CoreContext, id: string, options: DoorOptions = {}): Promise<FhirAnswer> {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]{0,99})-v(\d{1,6})$/.exec(id);
  const read = m ? await getPolicy(ctx, m[1]!, Number(m[2])) : null;
  if (read && !read.ok) return refusedBy(read);
  const policy = read?.value ?? null;
  if (!policy) return refuse([issue('not-found', 'No Questionnaire with this id: ids are {policyId}-v{version} of a published policy.')]);
  return answer(200, buildQuestionnaire(asSource(policy), { effectiveFrom: policy.effectiveFrom, ...(options.canonicalBase ? { canonicalBase: options.canonicalBase } : {}) }));
}

/** GET /fhir/metadata. */
export const capabilityStatement = (baseUrl: string, date: string): FhirAnswer => answer(200, buildCapabilityStatement({ baseUrl, date }));
