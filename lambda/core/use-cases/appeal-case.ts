import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { refusal, type Result } from '../errors/failure';
import { appealCaseInputSchema } from '../inputs/review';
import { appealDueAtFor, type CaseRecord } from '../model/case';
import { transition } from '../workflow/table';
import { commitChange, observed, prepareChange, type CaseOutcome } from './shared';
import { subjectOf } from './subject';

/** The case's provider appeals an adverse decision, with a reason; the appeal has its own due date. */
export async function appealCase(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'appealCase'>>> {
  return observed(ctx, 'appealCase', roleRefusal(ctx.actor, 'appealCase') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'appealCase'>>> {
  const prepared = await prepareChange(ctx, appealCaseInputSchema, rawInput);
  if (!prepared.ok) return prepared;
  const { input, before } = prepared.value;
  const moved = transition({ from: before.status, action: { kind: 'APPEAL' }, actor: ctx.actor, subject: subjectOf(before, [input.reason]) });
  if (!moved.ok) return refusal('appealCase', moved.errors[0]);
  const at = ctx.clock();
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.value.to,
    appeal: {
      reason: input.reason,
      filedAt: at.toISOString(),
      filedBy: ctx.actor.sub,
      dueAt: appealDueAtFor(before.urgency, at).toISOString(),
      decidedAt: null,
      decidedBy: null,
    },
    updatedAt: at.toISOString(),
  };
  return commitChange(ctx, { action: 'APPEAL', before, after, at });
}
