import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type * as z from 'zod/mini';
import type { RequestContext } from '../context';
import { canSeeCase } from '../auth/permissions';
import { appealDueAtFor, dueAtFor, type CaseRecord } from '../domain/case';
import type { AuditAction, AuditRecord } from '../domain/audit';
import type { DeterminationRecord } from '../domain/determination';
import { submitCaseErrorCodes, submitCaseInputSchema } from '../domain/submit-case-input';
import {
  appealCaseInputSchema,
  extendDueDateInputSchema,
  recordDecisionInputSchema,
  updateClinicalFactsInputSchema,
} from '../domain/review-inputs';
import { userErrorsFromZod, type UserError } from '../domain/user-errors';
import { engineOutcome, transition, type WorkflowAction } from '../domain/workflow';
import { checkFacts, engineCriteriaOf, engineDetermination, runEngine } from './evaluation';
import { reviewerDetermination } from './reviewer-determination';

export type CaseResult = { case: CaseRecord | null; determination?: DeterminationRecord | null; userErrors: UserError[] };

const fail = (field: string[] | null, code: string, message: string): CaseResult => ({
  case: null,
  determination: null,
  userErrors: [{ field, code, message }],
});

const versionConflict = () =>
  fail(['input', 'expectedVersion'], 'VERSION_CONFLICT', 'The case has changed since you read it; reload it and try again.');

function audit(ctx: RequestContext, action: AuditAction, before: CaseRecord | null, after: CaseRecord, det: DeterminationRecord | null, at: Date): AuditRecord {
  return {
    caseId: after.id,
    caseVersion: after.version,
    at: at.toISOString(),
    actorSub: ctx.caller.sub,
    actorRole: ctx.caller.role,
    action,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    determinationVersion: det?.version ?? null,
    correlationId: ctx.correlationId,
  };
}

const notFound = () => fail(['input', 'caseId'], 'CASE_NOT_FOUND', 'No case with this id is visible to you.');

type CaseRef = { caseId: string; expectedVersion: number };
type Prepared<I> = { ok: true; input: I; before: CaseRecord; determinations: DeterminationRecord[] } | { ok: false; result: CaseResult };

/**
 * The common start of every change to an existing case: validate the input, load the case
 * (with its determinations when `withHistory`, still one request), report a case the caller
 * may not see like a missing one, and refuse a stale `expectedVersion`.
 */
async function prepareChange<I extends CaseRef>(
  ctx: RequestContext,
  schema: { safeParse(v: unknown): { success: true; data: I } | { success: false; error: { issues: z.core.$ZodIssue[] } } },
  rawInput: unknown,
  withHistory = false,
): Promise<Prepared<I>> {
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, result: { case: null, userErrors: userErrorsFromZod(parsed.error, ['input']) } };
  const input = parsed.data;
  const loaded = withHistory
    ? await ctx.stores.cases.getCollection(input.caseId)
    : await ctx.stores.cases.getCase(input.caseId).then((c) => (c ? { case: c, determinations: [] } : null));
  if (!loaded || !canSeeCase(ctx.caller, loaded.case)) return { ok: false, result: notFound() };
  if (loaded.case.version !== input.expectedVersion) return { ok: false, result: versionConflict() };
  return { ok: true, input, before: loaded.case, determinations: loaded.determinations };
}

async function commit(
  ctx: RequestContext,
  action: AuditAction,
  before: CaseRecord,
  after: CaseRecord,
  determination: DeterminationRecord | null,
  at: Date,
): Promise<CaseResult> {
  const result = await ctx.stores.cases.commit({ before, after, determination, audit: audit(ctx, action, before, after, determination, at) });
  if (!result.ok) return versionConflict();
  ctx.loaders.caseCollection.clear(after.id);
  return { case: after, determination, userErrors: [] };
}

function refuse(code: string, message: string): CaseResult {
  // A role that may not act is a GraphQL FORBIDDEN error (contract); other refusals are userErrors.
  if (code === 'FORBIDDEN') throw new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
  return fail(null, code, message);
}

export async function submitCase(ctx: RequestContext, rawInput: unknown): Promise<CaseResult> {
  const parsed = submitCaseInputSchema.safeParse(rawInput);
  if (!parsed.success) return { case: null, userErrors: userErrorsFromZod(parsed.error, ['input'], submitCaseErrorCodes) };
  const input = parsed.data;
  if (ctx.caller.role === 'PROVIDER' && input.providerId !== ctx.caller.providerId) {
    return fail(['input', 'providerId'], 'FORBIDDEN', 'A provider may only submit cases for its own providerId.');
  }

  const receivedAt = ctx.now();
  const policy = await ctx.stores.policies.inEffect(input.requestedService.cptCode, receivedAt.toISOString().slice(0, 10));
  if (!policy) {
    return fail(['input', 'requestedService', 'cptCode'], 'NO_POLICY_FOR_SERVICE', 'No medical policy is in effect for this service code on the received date.');
  }
  const facts = checkFacts(policy, input.clinicalFacts, ['input', 'clinicalFacts']);
  if (!facts.ok) return { case: null, userErrors: facts.userErrors };

  const id = randomUUID();
  const evaluation = runEngine(policy, facts.facts, input, receivedAt);
  const outcome = engineOutcome(evaluation.recommendation, evaluation.levelOfCareChanged);
  const moved = transition({ from: 'PENDING_PHYSICIAN_REVIEW', action: { kind: 'EVALUATE', outcome }, actor: { sub: 'ENGINE', role: 'ENGINE' } });
  if (!moved.ok) throw new Error(`engine transition refused: ${moved.code}`);
  const approved = moved.to === 'APPROVED';
  const record: CaseRecord = {
    id,
    version: 1,
    status: moved.to,
    urgency: input.urgency,
    memberId: input.memberId,
    providerId: input.providerId,
    requestedService: input.requestedService,
    requestedLevelOfCare: input.requestedLevelOfCare,
    clinicalFacts: facts.facts,
    receivedAt: receivedAt.toISOString(),
    dueAt: dueAtFor(input.urgency, receivedAt).toISOString(),
    decidedAt: approved ? receivedAt.toISOString() : null,
    idempotencyKey: input.idempotencyKey,
    policyId: policy.id,
    policyVersion: policy.version,
    determinationCount: 1,
    engineCriteria: engineCriteriaOf(evaluation),
    automaticApproval: approved,
    decidedBy: approved ? 'ENGINE' : null,
    adverseDecisionBy: null,
    appeal: null,
    extension: null,
    updatedAt: receivedAt.toISOString(),
  };
  const determination = engineDetermination({ policy, evaluation, caseRecord: record, version: 1, at: receivedAt });
  const result = await ctx.stores.cases.commit({
    before: null,
    after: record,
    determination,
    audit: audit(ctx, 'SUBMIT_CASE', null, record, determination, receivedAt),
  });
  if (result.ok) {
    ctx.loaders.caseCollection.prime(id, { case: record, determinations: [determination], audit: [] });
    return { case: record, determination, userErrors: [] };
  }
  if (result.reason === 'IDEMPOTENT_REPLAY') {
    const first = await ctx.loaders.caseCollection.load(result.caseId);
    return { case: first?.case ?? null, determination: first?.determinations.at(-1) ?? null, userErrors: [] };
  }
  throw new Error('unexpected version conflict on a new case');
}

export async function updateClinicalFacts(ctx: RequestContext, rawInput: unknown): Promise<CaseResult> {
  const prepared = await prepareChange(ctx, updateClinicalFactsInputSchema, rawInput);
  if (!prepared.ok) return prepared.result;
  const { input, before } = prepared;
  const at = ctx.now();
  const policy = await ctx.stores.policies.get(before.policyId, before.policyVersion);
  if (!policy) throw new Error('pinned policy version missing');
  const facts = checkFacts(policy, input.clinicalFacts, ['input', 'clinicalFacts']);
  if (!facts.ok) return { case: null, userErrors: facts.userErrors };
  const evaluation = runEngine(policy, facts.facts, before, at);
  const action: WorkflowAction = { kind: 'EVALUATE', outcome: engineOutcome(evaluation.recommendation, evaluation.levelOfCareChanged) };
  const moved = transition({ from: before.status, action, actor: { sub: 'ENGINE', role: 'ENGINE' } });
  if (!moved.ok) {
    return fail(['input', 'caseId'], moved.code === 'CASE_ALREADY_DECIDED' ? 'CASE_ALREADY_DECIDED' : 'CASE_NOT_PENDING', 'Clinical facts can only be updated while the case is pending review.');
  }
  const version = before.determinationCount + 1;
  const approved = moved.to === 'APPROVED';
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.to,
    clinicalFacts: facts.facts,
    determinationCount: version,
    engineCriteria: engineCriteriaOf(evaluation),
    automaticApproval: approved,
    decidedAt: approved ? at.toISOString() : null,
    decidedBy: approved ? 'ENGINE' : null,
    updatedAt: at.toISOString(),
  };
  const determination = engineDetermination({ policy, evaluation, caseRecord: after, version, at });
  return commit(ctx, 'UPDATE_CLINICAL_FACTS', before, after, determination, at);
}

export async function recordDecision(ctx: RequestContext, rawInput: unknown): Promise<CaseResult> {
  // One Query reads the case and its determinations.
  const prepared = await prepareChange(ctx, recordDecisionInputSchema, rawInput, true);
  if (!prepared.ok) return prepared.result;
  const { input, before, determinations } = prepared;
  const moved = transition({
    from: before.status,
    action: { kind: 'DECIDE', decision: input.decision, reasons: input.reasons },
    actor: ctx.caller,
    adverseDecisionBy: before.adverseDecisionBy,
  });
  if (!moved.ok) return refuse(moved.code, moved.message);

  const latestEngine = determinations.filter((d) => d.source === 'ENGINE').at(-1);
  if (!latestEngine) throw new Error('case without an engine determination');
  const policy = await ctx.stores.policies.get(before.policyId, before.policyVersion);
  if (!policy) throw new Error('pinned policy version missing');

  const at = ctx.now();
  const built = reviewerDetermination({ input, policy, caseRecord: before, latestEngine, version: before.determinationCount + 1, at, decidedBy: ctx.caller.sub });
  if (!built.ok) return { case: null, userErrors: built.userErrors };
  const onAppeal = before.status === 'APPEAL_PENDING';
  const adverse = input.decision !== 'APPROVED';
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.to,
    determinationCount: built.determination.version,
    decidedAt: before.decidedAt ?? at.toISOString(),
    decidedBy: before.decidedBy ?? ctx.caller.sub,
    adverseDecisionBy: !onAppeal && adverse ? ctx.caller.sub : before.adverseDecisionBy,
    appeal: onAppeal && before.appeal ? { ...before.appeal, decidedAt: at.toISOString(), decidedBy: ctx.caller.sub } : before.appeal,
    updatedAt: at.toISOString(),
  };
  return commit(ctx, 'RECORD_DECISION', before, after, built.determination, at);
}

export async function appealCase(ctx: RequestContext, rawInput: unknown): Promise<CaseResult> {
  const prepared = await prepareChange(ctx, appealCaseInputSchema, rawInput);
  if (!prepared.ok) return prepared.result;
  const { input, before } = prepared;
  if (!input.reason.trim()) return fail(['input', 'reason'], 'REASON_REQUIRED', 'An appeal needs a reason.');
  const moved = transition({ from: before.status, action: { kind: 'APPEAL' }, actor: ctx.caller });
  if (!moved.ok) {
    if (moved.code === 'FORBIDDEN') return refuse(moved.code, moved.message);
    return fail(['input', 'caseId'], 'NOT_APPEALABLE', 'Only a denied or partially approved case can be appealed, once.');
  }
  const at = ctx.now();
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.to,
    appeal: {
      reason: input.reason,
      filedAt: at.toISOString(),
      filedBy: ctx.caller.sub,
      dueAt: appealDueAtFor(before.urgency, at).toISOString(),
      decidedAt: null,
      decidedBy: null,
    },
    updatedAt: at.toISOString(),
  };
  return commit(ctx, 'APPEAL_CASE', before, after, null, at);
}

export async function extendDueDate(ctx: RequestContext, rawInput: unknown): Promise<CaseResult> {
  const prepared = await prepareChange(ctx, extendDueDateInputSchema, rawInput);
  if (!prepared.ok) return prepared.result;
  const { input, before } = prepared;
  if (before.urgency !== 'STANDARD') return fail(['input', 'caseId'], 'EXTENSION_NOT_ALLOWED', 'Only standard requests may be extended.');
  if (before.extension) return fail(['input', 'caseId'], 'ALREADY_EXTENDED', 'A case may be extended only once.');
  const moved = transition({ from: before.status, action: { kind: 'EXTEND' }, actor: ctx.caller, reason: input.reason });
  if (!moved.ok) {
    if (moved.code === 'REASON_REQUIRED') return fail(['input', 'reason'], 'REASON_REQUIRED', 'An extension needs a reason.');
    if (moved.code === 'FORBIDDEN') return refuse(moved.code, moved.message);
    return fail(['input', 'caseId'], 'CASE_NOT_PENDING', 'Only a pending case may be extended.');
  }
  const at = ctx.now();
  const dueAt = new Date(Date.parse(before.dueAt) + input.days * 24 * 3_600_000).toISOString();
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    dueAt,
    extension: { days: input.days, reason: input.reason, extendedBy: ctx.caller.sub, extendedAt: at.toISOString(), previousDueAt: before.dueAt },
    updatedAt: at.toISOString(),
  };
  return commit(ctx, 'EXTEND_DUE_DATE', before, after, null, at);
}

