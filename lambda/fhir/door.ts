// The FHIR door's operations over the application core: $submit, $inquire, the
// Questionnaire read and the CapabilityStatement. Transport-free (the Lambda handler,
// handlers/fhir-app.ts, turns an FhirAnswer into an HTTP response); everything it reads or
// writes goes through the core's use cases and repositories, like the GraphQL door.
import type { Bundle, CapabilityStatement, OperationOutcome, Questionnaire } from '@medplum/fhirtypes';
import {
  admit,
  caseByAuthorizationNumber,
  findMemberCases,
  getCase,
  MAX_MEMBER_CASES,
  getPolicy,
  submitCases,
  updateClinicalFacts,
  withdrawCase,
  type CaseCollection,
  type CoreContext,
  type CoreError,
  type Failure,
} from '../core';
import type { CaseRecord } from '../core/model/case';
import type { DeterminationRecord } from '../core/model/determination';
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
  type ItemReferences,
  type PasItem,
  type PasRequestContext,
  type TraceNumber,
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
type CancelItem = Extract<PasItem, { kind: 'cancel' }>;
type NoPolicyItem = Extract<PasItem, { kind: 'no-policy' }>;

/** A core error on one item's request as an issue pointing into the Bundle. */
const itemIssue = (item: SubmitItem, e: CoreError, field: readonly string[] | null = e.field): FhirIssue =>
  issueFromCoreError(e.code, `Item ${item.sequence}: ${e.message}`, expressionForSubmitField(item.locations, field));

/** A core error on a change to an earlier request (Claim Update) as an issue on the item. */
const changeIssue = (item: { sequence: number; expression: string }, e: CoreError): FhirIssue =>
  issueFromCoreError(e.code, `Item ${item.sequence}: ${e.message}`, item.expression);

const notRequiredView = (i: NoPolicyItem) => ({ sequence: i.sequence, cptCode: i.cptCode, traceNumbers: i.traceNumbers });

/** The response to a submission: dated when the requests were received, so a resubmission answers the same. */
function respond(context: PasRequestContext, decisions: FhirDecisionView[], notRequired: NoPolicyItem[], now: string, options: DoorOptions): FhirAnswer {
  return answer(200, buildPasResponseBundle(context, decisions, notRequired.map(notRequiredView), { now, ...(options.payer ? { payer: options.payer } : {}) }));
}

/**
 * New requests through the core's submitCases: every item validated and evaluated once,
 * then all of them stored in one transaction (or none). A core error names its request by
 * index (['inputs', i, ...]), mapped back to the item's element.
 */
async function submitNew(ctx: CoreContext, items: SubmitItem[]): Promise<{ ok: true; decisions: FhirDecisionView[] } | { ok: false; answer: FhirAnswer }> {
  if (items.length === 0) return { ok: true, decisions: [] };
  const r = await submitCases(ctx, items.map((i) => i.request));
  if (!r.ok) {
    return {
      ok: false,
      answer: refuse(
        r.errors.map((e) => {
          const [head, index, ...rest] = e.field ?? [];
          const item = head === 'inputs' && index !== undefined ? items[Number(index)] : undefined;
          return item ? itemIssue(item, e, rest.length > 0 ? rest : null) : issueFromCoreError(e.code, e.message, `${CLAIM_PATH}.item`);
        }),
      ),
    };
  }
  return { ok: true, decisions: r.value.map((o, k) => decisionView(o.case, o.determination, items[k]!.sequence, items[k]!.traceNumbers)) };
}

const CLAIM_PATH = 'Bundle.entry[0].resource';

/**
 * POST /fhir/Claim/$submit. The Bundle is parsed (policies: the core's policy in effect
 * today for each item's code), the requesting provider checked against the caller, then:
 * a request's items with a policy become cases through the core's submitCases (one
 * transaction, with the idempotency key the parser derives from the Bundle identifier: a
 * resubmission returns the same cases, hence the same response); items no policy covers
 * need no prior authorization (NA). A Claim Update changes the earlier requests instead.
 */
export async function submitPas(ctx: CoreContext, body: unknown, options: DoorOptions = {}): Promise<FhirAnswer> {
  const admitted = admit(ctx, 'submitCases');
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
  const { context, items, update } = parsed.value;
  const forProvider = admit(ctx, 'submitCases', context.providerNpi);
  if (!forProvider.ok) return refusedBy(forProvider, () => providerNotCallerIssue(context));
  if (update) return updatePas(ctx, context, items, options);

  const toSubmit = items.filter((i): i is SubmitItem => i.kind === 'submit');
  const notRequired = items.filter((i): i is NoPolicyItem => i.kind === 'no-policy');
  const submitted = await submitNew(ctx, toSubmit);
  if (!submitted.ok) return submitted.answer;
  const received = submitted.decisions.map((d) => d.receivedAt).sort().at(-1) ?? ctx.clock().toISOString();
  return respond(context, submitted.decisions, notRequired, received, options);
}

const PENDING_REVIEW = new Set(['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW']);
/** Case ids and authorization numbers as this service issues them; anything else names nothing. */
const KEY_VALUE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The earlier request a Claim item (or inquiry) names, of this provider and member only:
 * by case id (administrationReferenceNumber, REF-NT), else by authorization number (REF-BB;
 * the AUTH item maps it to its case), else the newest request for the same service (the
 * member index). A number naming another provider's or member's case falls through.
 */
async function locateCase(
  ctx: CoreContext,
  who: { providerId: string; memberId: string },
  refs: ItemReferences,
  cptCode: string | null,
  options: { byMember?: boolean; taken?: ReadonlySet<string> } = {},
): Promise<CaseCollection | null> {
  const ours = (c: CaseRecord) => c.providerId === who.providerId && c.memberId === who.memberId && !options.taken?.has(c.id);
  // The caller was admitted before (getCase, listCases: the same roles): a refusal reads as no match.
  const value = <T>(r: { ok: true; value: T } | { ok: false }): T | null => (r.ok ? r.value : null);
  for (const caseId of refs.caseIds.filter((v) => KEY_VALUE.test(v))) {
    const col = value(await getCase(ctx, caseId));
    if (col && ours(col.case)) return col;
  }
  for (const number of refs.authorizationNumbers.filter((v) => KEY_VALUE.test(v))) {
    const col = value(await caseByAuthorizationNumber(ctx, number));
    if (col && ours(col.case)) return col;
  }
  if (options.byMember === false) return null;
  // The newest not already matched by another item of the same request.
  const newest = (value(await findMemberCases(ctx, { ...who, cptCode }, options.taken?.size ? MAX_MEMBER_CASES : 1)) ?? []).find(ours);
  return newest ? value(await getCase(ctx, newest.id)) : null;
}

const CANCEL_REASON = 'Cancelled by the provider (Da Vinci PAS Claim Update, certification type 3: cancel).';

/**
 * A PAS Claim Update (Claim.related.claim): each item changes its earlier request, the SAME
 * case, through the core: a cancelled item (certificationType 3 or infoCancelled) is
 * withdrawn (withdrawCase); an item answered by a QuestionnaireResponse on a pending case
 * gets its facts replaced and re-evaluated (updateClinicalFacts, which answers a request for
 * information); an unchanged item of a decided case is reported as it stands. Only items
 * flagged `added` become new cases. Every item is located before anything is written.
 */
async function updatePas(ctx: CoreContext, context: PasRequestContext, items: PasItem[], options: DoorOptions): Promise<FhirAnswer> {
  const who = { providerId: context.providerNpi, memberId: context.memberId };
  const added = items.filter((i): i is SubmitItem => i.kind === 'submit' && i.changed === 'added');
  const notRequired = items.filter((i): i is NoPolicyItem => i.kind === 'no-policy');
  const changes = items.filter((i): i is SubmitItem | CancelItem => (i.kind === 'submit' && i.changed !== 'added') || i.kind === 'cancel');
  const located: { item: SubmitItem | CancelItem; col: CaseCollection }[] = [];
  const issues: FhirIssue[] = [];
  const taken = new Set<string>();
  for (const item of changes) {
    const cpt = item.kind === 'submit' ? item.request.requestedService.cptCode : item.cptCode;
    const col = await locateCase(ctx, who, item.refs, cpt, { taken });
    if (col) taken.add(col.case.id);
    if (!col) issues.push(issue('not-found', `Item ${item.sequence}: no earlier request of this provider and member matches this item; send it as a new request.`, item.expression));
    else if (item.kind === 'submit' && !PENDING_REVIEW.has(col.case.status) && item.changed === 'changed') {
      issues.push(issue('business-rule', `Item ${item.sequence}: the request was already decided or closed and can no longer change; send a new request.`, item.expression));
    } else located.push({ item, col });
  }
  if (issues.length > 0) return refuse(issues);

  const decisions: FhirDecisionView[] = [];
  for (const { item, col } of located) {
    const c = col.case;
    let outcome: { case: CaseRecord; determination: DeterminationRecord | null } = { case: c, determination: col.determinations.at(-1) ?? null };
    if (item.kind === 'cancel' && c.status !== 'WITHDRAWN') {
      const r = await withdrawCase(ctx, { caseId: c.id, expectedVersion: c.version, reason: CANCEL_REASON });
      if (!r.ok) return refuse(r.errors.map((e) => changeIssue(item, e)));
      outcome = { case: r.value.case, determination: outcome.determination };
    } else if (item.kind === 'submit' && item.factsGiven && PENDING_REVIEW.has(c.status)) {
      const r = await updateClinicalFacts(ctx, { caseId: c.id, expectedVersion: c.version, clinicalFacts: item.request.clinicalFacts });
      if (!r.ok) return refuse(r.errors.map((e) => (e.field?.[1] === 'clinicalFacts' ? itemIssue(item, e, e.field.slice(1)) : changeIssue(item, e))));
      outcome = { case: r.value.case, determination: r.value.determination ?? outcome.determination };
    }
    decisions.push(decisionView(outcome.case, outcome.determination, item.sequence, item.traceNumbers));
  }
  const submitted = await submitNew(ctx, added);
  if (!submitted.ok) return submitted.answer;
  decisions.push(...submitted.decisions);
  return respond(context, decisions, notRequired, ctx.clock().toISOString(), options);
}

/**
 * The requests an inquiry names, each with the inquiry item it answers: by case id
 * (administrationReferenceNumber, which this door returns) or authorization number, each a
 * direct key lookup; else by member + provider + service (the member index; the newest such
 * request). A case of another provider or member is never matched: for a provider's token it is as
 * if it did not exist.
 */
async function findRequests(ctx: CoreContext, q: InquiryRequest): Promise<{ collection: CaseCollection; sequence: number; traceNumbers: TraceNumber[] }[]> {
  const who = { providerId: q.providerId, memberId: q.memberId };
  const itemFor = (c: CaseRecord) => q.items.find((i) => i.cptCode === c.requestedService.cptCode) ?? q.items[0];
  const at = (col: CaseCollection) => ({ collection: col, sequence: itemFor(col.case)?.sequence ?? 1, traceNumbers: itemFor(col.case)?.traceNumbers ?? [] });
  if (q.caseId || q.authorizationNumber) {
    const refs = { caseIds: q.caseId ? [q.caseId] : [], authorizationNumbers: q.authorizationNumber ? [q.authorizationNumber] : [] };
    const col = await locateCase(ctx, who, refs, null, { byMember: false });
    if (col) return [at(col)];
  }
  // Member + provider + service: one request per inquiry item (any service when the item has none).
  const items = q.items.length > 0 ? q.items : [{ sequence: 1, cptCode: null, traceNumbers: [] }];
  const out: { collection: CaseCollection; sequence: number; traceNumbers: TraceNumber[] }[] = [];
  for (const it of items) {
    const col = await locateCase(ctx, who, { caseIds: [], authorizationNumbers: [] }, it.cptCode);
    if (col) out.push({ collection: col, sequence: it.sequence, traceNumbers: it.traceNumbers });
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
  const decisions = found.map(({ collection, sequence, traceNumbers }) => decisionView(collection.case, collection.determinations.at(-1) ?? null, sequence, traceNumbers));
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
