import { randomUUID } from 'node:crypto';
import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { coreError, InvariantError, ok, refusal, type Result } from '../errors/failure';
import { engineCriteriaOf, engineDecision, engineDetermination, evaluateRequest } from '../evaluation';
import { plannedServiceDateProblem, submitCaseErrorCodes, submitCaseInputSchema } from '../inputs/submit-case';
import { errorsFromZod } from '../inputs/zod-errors';
import { dueAtFor, type CaseRecord } from '../model/case';
import { NEW, transition } from '../workflow/table';
import type { CompiledPolicy } from '../../engine';
import type { CaseChange } from '../ports';
import { auditRecord, commitCertifying, observed, recordDetermination, type CaseOutcome, type Certifying } from './shared';

/**
 * Submit a prior-authorization request: validate it, evaluate it against the policy in
 * effect on the received date (the engine approves or pends), and store the case, its
 * first determination and audit record in one transaction. The same idempotency key
 * again (per provider) returns the first case and writes nothing.
 */
export async function submitCase(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'submitCase'>>> {
  return observed(ctx, 'submitCase', roleRefusal(ctx.actor, 'submitCase') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'submitCase'>>> {
  const prepared = await prepareSubmission(ctx, rawInput);
  if (!prepared.ok) return prepared;
  const { change: unrendered, certifying, policy, receivedAt } = prepared.value;
  const { result, change } = await commitCertifying(ctx, unrendered, certifying, receivedAt, policy);
  if (result.ok) {
    recordDetermination(ctx, change.after, change.determination);
    return ok({ case: change.after, determination: change.determination, effect: 'created', notices: change.notices });
  }
  if (result.reason === 'IDEMPOTENT_REPLAY') return ok(await replayOf(ctx, result.caseId));
  throw new InvariantError('unexpected version conflict on a new case');
}

/** The case an idempotency key already created, as submitCase returns it (effect `none`). */
export async function replayOf(ctx: CoreContext, caseId: string): Promise<CaseOutcome> {
  const first = await ctx.repos.cases.getCollection(caseId);
  if (!first) throw new InvariantError('idempotency marker without its case');
  return { case: first.case, determination: first.determinations.at(-1) ?? null, effect: 'none', notices: first.notices };
}

/** A validated, evaluated submission, ready to commit: the new case's change, what it certifies, its policy. */
export type Submission = { change: Omit<CaseChange, 'notices'>; certifying: Certifying; policy: CompiledPolicy; receivedAt: Date };

/**
 * Everything submitCase does before it writes: validate the input, refuse by role, evaluate
 * against the policy in effect, build the case, its first determination and audit record.
 * submitCases (lambda/core/use-cases/submit-cases.ts) prepares every request of a batch
 * this way, then commits them all in one transaction.
 */
export async function prepareSubmission(ctx: CoreContext, rawInput: unknown): Promise<Result<Submission, CodeOf<'submitCase'>>> {
  const parsed = submitCaseInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const [first, ...rest] = errorsFromZod(parsed.error, ['input'], submitCaseErrorCodes);
    return { ok: false, errors: [first ?? coreError('INVALID_INPUT'), ...rest] };
  }
  const input = parsed.data;
  const subject = { providerId: input.providerId, urgency: input.urgency, extended: false, adverseDecisionBy: null, reasons: [] };
  // Who may submit for whom is decided before anything is read.
  const allowed = transition({ from: NEW, action: { kind: 'SUBMIT', outcome: 'PEND_REVIEW' }, actor: ctx.actor, subject });
  if (!allowed.ok) return refusal('submitCase', allowed.errors[0]);

  const receivedAt = ctx.clock();
  const tooFar = plannedServiceDateProblem(input.plannedServiceDate, receivedAt);
  if (tooFar) return { ok: false, errors: [coreError('OUT_OF_RANGE', { field: ['input', 'plannedServiceDate'], message: tooFar })] };
  const evaluated = await evaluateRequest(
    ctx.repos.policies,
    { cptCode: input.requestedService.cptCode, icd10Codes: input.requestedService.icd10Codes, clinicalFacts: input.clinicalFacts, requestedLevelOfCare: input.requestedLevelOfCare },
    receivedAt,
    ['input', 'requestedService', 'cptCode'],
  );
  if (!evaluated.ok) return evaluated;
  const { policy, facts } = evaluated.value;
  const { outcome, evaluation, certification } = engineDecision(policy, evaluated.value.evaluation, {
    cptCode: input.requestedService.cptCode,
    facts,
    requested: input.requestedLevelOfCare,
  });
  const moved = transition({ from: NEW, action: { kind: 'SUBMIT', outcome }, actor: ctx.actor, subject });
  if (!moved.ok) return refusal('submitCase', moved.errors[0]);

  const id = randomUUID();
  const approved = moved.value.to === 'APPROVED';
  const record: CaseRecord = {
    id,
    version: 1,
    status: moved.value.to,
    urgency: input.urgency,
    lineOfBusiness: input.lineOfBusiness,
    memberId: input.memberId,
    providerId: input.providerId,
    requestedService: input.requestedService,
    requestedLevelOfCare: input.requestedLevelOfCare,
    clinicalFacts: facts,
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
    adverseDecisionNpi: null,
    appeal: null,
    extension: null,
    plannedServiceDate: input.plannedServiceDate,
    authorization: null,
    informationRequest: null,
    withdrawal: null,
    updatedAt: receivedAt.toISOString(),
  };
  const determination = engineDetermination({ policy, evaluation, caseRecord: record, version: 1, at: receivedAt, authorization: null, informationRequest: null });
  const certifying = approved && certification ? { certification, validityDays: policy.authorizationValidityDays } : null;
  return ok({
    change: { before: null, after: record, determination, audit: auditRecord(ctx, 'SUBMIT', NEW, record, determination, receivedAt) },
    certifying,
    policy,
    receivedAt,
  });
}
