import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { refusal, type Result } from '../errors/failure';
import { withdrawCaseInputSchema } from '../inputs/review';
import type { CaseRecord } from '../model/case';
import { transition } from '../workflow/table';
import { commitChange, observed, prepareChange, type CaseOutcome } from './shared';
import { subjectOf } from './subject';

/**
 * The case's provider withdraws a request awaiting its first decision, with a reason:
 * the case becomes WITHDRAWN (final; it leaves the work queues, which are by status) and
 * takes no further change. Not a decision: decidedAt stays null.
 */
export async function withdrawCase(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'withdrawCase'>>> {
  return observed(ctx, 'withdrawCase', roleRefusal(ctx.actor, 'withdrawCase') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'withdrawCase'>>> {
  const prepared = await prepareChange(ctx, withdrawCaseInputSchema, rawInput);
  if (!prepared.ok) return prepared;
  const { input, before } = prepared.value;
  const moved = transition({ from: before.status, action: { kind: 'WITHDRAW' }, actor: ctx.actor, subject: subjectOf(before, [input.reason]) });
  if (!moved.ok) return refusal('withdrawCase', moved.errors[0]);
  const at = ctx.clock();
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.value.to,
    informationRequest: null,
    withdrawal: { reason: input.reason.trim(), withdrawnAt: at.toISOString(), withdrawnBy: ctx.actor.sub },
    updatedAt: at.toISOString(),
  };
  return commitChange(ctx, { action: 'WITHDRAW', before, after, at });
}
