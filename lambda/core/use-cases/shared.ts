import type * as z from 'zod/mini';
import { reachesCase } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf, UseCaseName } from '../errors/catalogue';
import { coreError, InvariantError, type Result } from '../errors/failure';
import { errorsFromZod } from '../inputs/zod-errors';
import type { AuditRecord } from '../model/audit';
import { MAX_CASE_CHANGES } from '../model/limits';
import { queueDueAt, type CaseRecord } from '../model/case';
import type { DeterminationRecord } from '../model/determination';
import { noMetrics, type BusinessMetrics, type CaseChange, type CommitResult } from '../ports';
import type { CompiledPolicy } from '../../engine';
import { withNotice } from '../decision-records/notice';
import { letterOf, noticesOf } from '../notices/issue';
import { issueAuthorization, MAX_AUTHORIZATION_SALTS } from '../decision-records/authorization';
import type { Certification } from '../decision-records/certification';
import type { ReviewerRecord } from '../model/decision-records';
import type { NoticeRecord } from '../model/notice';
import { actions, type ActionKind, type WorkflowState } from '../workflow/table';

/**
 * What a use case that changes a case returns. `effect` tells a door what its per-request
 * caches of the case must do: `created` (prime them), `updated` (drop them), `none` (an
 * idempotent replay).
 */
export type CaseOutcome = { case: CaseRecord; determination: DeterminationRecord | null; effect: 'created' | 'updated' | 'none'; notices?: NoticeRecord[] };

export const metricsOf = (ctx: CoreContext): BusinessMetrics => ctx.metrics ?? noMetrics;

/** Counts a refusal by code (metrics) and passes the result on. */
export function observed<T, C extends CodeOf<UseCaseName>>(ctx: CoreContext, useCase: UseCaseName, result: Result<T, C>): Result<T, C> {
  if (!result.ok) for (const e of result.errors) metricsOf(ctx).refusal({ useCase, code: e.code });
  return result;
}

export function auditRecord(ctx: CoreContext, action: ActionKind, from: WorkflowState, after: CaseRecord, det: DeterminationRecord | null, at: Date): AuditRecord {
  return {
    caseId: after.id,
    caseVersion: after.version,
    at: at.toISOString(),
    actorSub: ctx.actor.sub,
    actorRole: ctx.actor.role,
    action: actions[action].audit,
    fromStatus: from === 'NEW' ? null : from,
    toStatus: after.status,
    determinationVersion: det?.version ?? null,
    correlationId: ctx.correlationId,
  };
}

type CaseRef = { caseId: string; expectedVersion: number };
type Schema<I> = { safeParse(v: unknown): { success: true; data: I } | { success: false; error: { issues: z.core.$ZodIssue[] } } };
type ChangeCode = 'CASE_NOT_FOUND' | 'VERSION_CONFLICT' | 'CASE_CHANGE_LIMIT' | 'INVALID_INPUT' | 'INVALID_TYPE' | 'INVALID_VALUE' | 'INVALID_FORMAT' | 'OUT_OF_RANGE';
export type Prepared<I> = { input: I; before: CaseRecord; determinations: DeterminationRecord[] };

/**
 * The common start of every change to an existing case: validate the input, load the case
 * (with its determinations when `withHistory`, still one read), report a case the actor
 * may not see like a missing one, and refuse a stale `expectedVersion`.
 */
export async function prepareChange<I extends CaseRef>(
  ctx: CoreContext,
  schema: Schema<I>,
  rawInput: unknown,
  withHistory = false,
): Promise<Result<Prepared<I>, ChangeCode>> {
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    const [first, ...rest] = errorsFromZod(parsed.error, ['input']);
    return { ok: false, errors: [first ?? coreError('INVALID_INPUT'), ...rest] };
  }
  const input = parsed.data;
  const loaded = withHistory
    ? await ctx.repos.cases.getCollection(input.caseId)
    : await ctx.repos.cases.getCase(input.caseId).then((c) => (c ? { case: c, determinations: [] } : null));
  if (!loaded || !reachesCase(ctx.actor, loaded.case)) return { ok: false, errors: [coreError('CASE_NOT_FOUND')] };
  if (loaded.case.version !== input.expectedVersion) return { ok: false, errors: [coreError('VERSION_CONFLICT')] };
  if (loaded.case.version >= MAX_CASE_CHANGES) return { ok: false, errors: [coreError('CASE_CHANGE_LIMIT')] };
  return { ok: true, value: { input, before: loaded.case, determinations: loaded.determinations } };
}

/** What a certifying determination certifies (from `certify`, the one place), and the policy's validity; null when it certifies nothing. */
export type Certifying = { certification: Certification; validityDays: number } | null;

/**
 * Commits a change; when it certifies, issues the authorization on the determination and
 * the case and claims its number in the same transaction. The number is derived from the
 * case id and determination version, so a retried write reuses it; if another case already
 * holds it (a hash collision), the next salt is tried. Every notice the change issues is
 * rendered here, from the records as written, and written in the same transaction.
 */
export async function commitCertifying(
  ctx: CoreContext,
  unrendered: Omit<CaseChange, 'notices'>,
  certifying: Certifying,
  at: Date,
  policy: CompiledPolicy | null,
): Promise<{ result: CommitResult; change: CaseChange }> {
  for (let salt = 0; salt < (certifying ? MAX_AUTHORIZATION_SALTS : 1); salt++) {
    const attempt = await certifiedChange(ctx, unrendered, certifying, at, policy, salt);
    const result = await ctx.repos.cases.commit(attempt);
    if (!result.ok && result.reason === 'AUTHORIZATION_NUMBER_TAKEN') continue;
    return { result, change: attempt };
  }
  throw new InvariantError('no free authorization number after every salt');
}

/**
 * The change as committed: when it certifies, with the authorization (its number derived
 * from the case id, the determination version and `salt`) on the case and the determination;
 * every determination with its report, and every notice the change issues, rendered from the records as written.
 */
export async function certifiedChange(
  ctx: CoreContext,
  unrendered: Omit<CaseChange, 'notices'>,
  certifying: Certifying,
  at: Date,
  policy: CompiledPolicy | null,
  salt: number,
): Promise<CaseChange> {
  const noticed = async (c: Omit<CaseChange, 'notices'>): Promise<CaseChange> => {
    if (c.determination && !policy) throw new InvariantError('a determination without its policy');
    // A change without a determination (an extension, an appeal…) renders its notices with the pinned policy's names.
    const pinned = policy ?? (await ctx.repos.policies.get(c.after.policyId, c.after.policyVersion));
    if (!pinned) throw new InvariantError('pinned policy version missing');
    const determination = c.determination ? await withNotice(pinned, c.after, c.determination, letterOf(ctx, c.after)) : null;
    return { ...c, determination, notices: await noticesOf(ctx, pinned, { after: c.after, determination, audit: c.audit }) };
  };
  if (!certifying) return noticed(unrendered);
  const change = unrendered;
  const det = change.determination;
  if (!det) throw new InvariantError('a certification without a determination');
  const authorization = issueAuthorization({
    caseId: change.after.id,
    determinationVersion: det.version,
    salt,
    at,
    plannedServiceDate: change.after.plannedServiceDate ?? null,
    validityDays: certifying.validityDays,
    lines: certifying.certification.lines,
  });
  return noticed({ ...change, after: { ...change.after, authorization }, determination: { ...det, authorization } });
}

/** One change to an existing case, as a use case hands it to `commitChange`. */
export type ChangeToCommit = {
  action: ActionKind;
  before: CaseRecord;
  after: CaseRecord;
  at: Date;
  /** The determination the change appends; none for changes that decide nothing. */
  determination?: DeterminationRecord | null;
  /** What the determination certifies; none when it certifies nothing. */
  certifying?: Certifying;
  /** The policy the determination was made under (its notice is rendered from it). */
  policy?: CompiledPolicy | null;
};

/** Writes one change to an existing case (one transaction); a lost race is VERSION_CONFLICT. */
export async function commitChange(ctx: CoreContext, change: ChangeToCommit): Promise<Result<CaseOutcome, 'VERSION_CONFLICT'>> {
  const { action, before, after, at, determination = null, certifying = null, policy = null } = change;
  const audit = auditRecord(ctx, action, before.status, after, determination, at);
  const committed = await commitCertifying(ctx, { before, after, determination, audit }, certifying, at, policy);
  if (!committed.result.ok) {
    if (committed.result.reason === 'VERSION_CONFLICT') return { ok: false, errors: [coreError('VERSION_CONFLICT')] };
    throw new InvariantError(`unexpected commit result ${committed.result.reason} for an existing case`);
  }
  const written = committed.change;
  recordDetermination(ctx, written.after, written.determination);
  return { ok: true, value: { case: written.after, determination: written.determination, effect: 'updated', notices: written.notices } };
}

/** The reviewer as recorded on a REVIEWER determination. */
export const reviewerOf = (ctx: CoreContext): ReviewerRecord => ({
  sub: ctx.actor.sub,
  role: ctx.actor.role,
  npi: ctx.actor.npi ?? null,
  specialty: ctx.actor.specialty ?? null,
});

/** Business metrics of a committed determination. */
export function recordDetermination(ctx: CoreContext, after: CaseRecord, d: DeterminationRecord | null): void {
  if (!d) return;
  const m = metricsOf(ctx);
  m.determination({ source: d.source, recommendation: d.recommendation, reviewAction: d.reviewAction });
  if (d.source === 'ENGINE' && after.status === 'APPROVED') m.automaticApproval();
}

/** Whether a decision made at `at` on `before` is past its due date (the appeal's while on appeal). */
export const pastDue = (before: CaseRecord, at: Date) => Date.parse(queueDueAt(before)) < at.getTime();
