import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { InvariantError, refusal, type Result } from '../errors/failure';
import { recordDecisionInputSchema } from '../inputs/review';
import type { CaseRecord } from '../model/case';
import { reviewerDetermination } from '../reviewer-determination';
import { transition } from '../workflow/table';
import { decisionSubject } from '../workflow/decision-subject';
import { commitChange, metricsOf, observed, pastDue, prepareChange, reviewerOf, type CaseOutcome } from './shared';
import { subjectOf } from './subject';

/**
 * A reviewer's decision: appends a REVIEWER determination (the latest engine results with
 * the reviewer's criterion overrides) and moves the case as the workflow table allows.
 */
export async function recordDecision(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'recordDecision'>>> {
  return observed(ctx, 'recordDecision', roleRefusal(ctx.actor, 'recordDecision') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'recordDecision'>>> {
  // One read: the case and its determinations.
  const prepared = await prepareChange(ctx, recordDecisionInputSchema, rawInput, true);
  if (!prepared.ok) return prepared;
  const { input, before, determinations } = prepared.value;
  const latestEngine = determinations.filter((d) => d.source === 'ENGINE').at(-1);
  if (!latestEngine) throw new InvariantError('case without an engine determination');
  // The reviewer's authority is rows of the workflow table; they read the decision against the verdict.
  const decision = decisionSubject({
    decision: input.decision,
    overrides: input.criterionOverrides,
    engineResults: latestEngine.criteriaResults,
    requested: before.requestedLevelOfCare,
    verdict: latestEngine.levelOfCare,
    approvedSetting: input.approvedSetting,
    approvedInpatientDays: input.approvedInpatientDays,
  });
  const moved = transition({
    from: before.status,
    action: { kind: 'DECIDE', decision: input.decision },
    actor: ctx.actor,
    subject: { ...subjectOf(before, input.reasons), decision },
  });
  if (!moved.ok) return refusal('recordDecision', moved.errors[0]);

  const policy = await ctx.repos.policies.get(before.policyId, before.policyVersion);
  if (!policy) throw new InvariantError('pinned policy version missing');

  const at = ctx.clock();
  const onAppeal = before.status === 'APPEAL_PENDING';
  const built = await reviewerDetermination({
    input,
    policy,
    caseRecord: before,
    latestEngine,
    version: before.determinationCount + 1,
    at,
    decidedBy: ctx.actor.sub,
    reviewer: reviewerOf(ctx),
    onAppeal,
  });
  if (!built.ok) return built;
  const adverse = input.decision !== 'APPROVED';
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.value.to,
    determinationCount: built.determination.version,
    decidedAt: before.decidedAt ?? at.toISOString(),
    decidedBy: before.decidedBy ?? ctx.actor.sub,
    adverseDecisionBy: !onAppeal && adverse ? ctx.actor.sub : before.adverseDecisionBy,
    adverseDecisionNpi: !onAppeal && adverse ? (ctx.actor.npi ?? null) : (before.adverseDecisionNpi ?? null),
    appeal: onAppeal && before.appeal ? { ...before.appeal, decidedAt: at.toISOString(), decidedBy: ctx.actor.sub } : before.appeal,
    // A decision closes any open request for information. A denial leaves the current
    // authorization as it was (none, or a partial approval's that an upheld appeal keeps).
    informationRequest: null,
    authorization: before.authorization ?? null,
    updatedAt: at.toISOString(),
  };
  const certifying = built.certification ? { certification: built.certification, validityDays: policy.authorizationValidityDays } : null;
  const committed = await commitChange(ctx, { action: 'DECIDE', before, after, at, determination: built.determination, certifying, policy });
  if (committed.ok && pastDue(before, at)) metricsOf(ctx).decisionPastDue({ urgency: before.urgency, onAppeal });
  return committed;
}
