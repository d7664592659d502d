import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { refusal, type Result } from '../errors/failure';
import { requestAdditionalInformationInputSchema } from '../inputs/review';
import type { CaseRecord } from '../model/case';
import { transition } from '../workflow/table';
import { commitChange, observed, prepareChange, type CaseOutcome } from './shared';
import { subjectOf } from './subject';

const DAY = 24 * 3_600_000;

/**
 * A reviewer asks the provider for more information on a case awaiting its first decision:
 * the case moves to PENDING_INFORMATION with the items and a respond-by date (1..14 days,
 * default 14). The provider's updateClinicalFacts answers it. No determination is appended.
 */
export async function requestAdditionalInformation(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'requestAdditionalInformation'>>> {
  return observed(ctx, 'requestAdditionalInformation', roleRefusal(ctx.actor, 'requestAdditionalInformation') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'requestAdditionalInformation'>>> {
  const prepared = await prepareChange(ctx, requestAdditionalInformationInputSchema, rawInput);
  if (!prepared.ok) return prepared;
  const { input, before } = prepared.value;
  const moved = transition({ from: before.status, action: { kind: 'REQUEST_INFO' }, actor: ctx.actor, subject: subjectOf(before) });
  if (!moved.ok) return refusal('requestAdditionalInformation', moved.errors[0]);
  const at = ctx.clock();
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.value.to,
    informationRequest: {
      items: input.items.map((i) => i.trim()),
      requestedAt: at.toISOString(),
      requestedBy: ctx.actor.sub,
      respondBy: new Date(at.getTime() + input.respondByDays * DAY).toISOString(),
    },
    updatedAt: at.toISOString(),
  };
  return commitChange(ctx, { action: 'REQUEST_INFO', before, after, at });
}
