import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { refusal, type Result } from '../errors/failure';
import { extendDueDateInputSchema } from '../inputs/review';
import type { CaseRecord } from '../model/case';
import { transition } from '../workflow/table';
import { commitChange, observed, prepareChange, type CaseOutcome } from './shared';
import { subjectOf } from './subject';

const DAY = 24 * 3_600_000;

/** A reviewer extends a pending STANDARD case's due date once, by 1..14 days, with a reason. */
export async function extendDueDate(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'extendDueDate'>>> {
  return observed(ctx, 'extendDueDate', roleRefusal(ctx.actor, 'extendDueDate') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'extendDueDate'>>> {
  const prepared = await prepareChange(ctx, extendDueDateInputSchema, rawInput);
  if (!prepared.ok) return prepared;
  const { input, before } = prepared.value;
  const moved = transition({ from: before.status, action: { kind: 'EXTEND' }, actor: ctx.actor, subject: subjectOf(before, [input.reason]) });
  if (!moved.ok) return refusal('extendDueDate', moved.errors[0]);
  const at = ctx.clock();
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    dueAt: new Date(Date.parse(before.dueAt) + input.days * DAY).toISOString(),
    extension: { days: input.days, reason: input.reason, extendedBy: ctx.actor.sub, extendedAt: at.toISOString(), previousDueAt: before.dueAt },
    updatedAt: at.toISOString(),
  };
  return commitChange(ctx, { action: 'EXTEND', before, after, at });
}
