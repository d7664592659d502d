import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { coreError, type Result } from '../errors/failure';
import { evaluateRequest, type Evaluated } from '../evaluation';
import { previewErrorCodes, previewInputSchema } from '../inputs/submit-case';
import { errorsFromZod } from '../inputs/zod-errors';
import { observed } from './shared';

/**
 * Evaluate facts against the policy in effect today without storing anything: the same
 * path as submitCase (policy lookup, fact check, engine), so a preview is what a
 * submission of the same request would get.
 */
export async function previewDetermination(ctx: CoreContext, rawInput: unknown): Promise<Result<Evaluated, CodeOf<'previewDetermination'>>> {
  return observed(ctx, 'previewDetermination', roleRefusal(ctx.actor, 'previewDetermination') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<Evaluated, CodeOf<'previewDetermination'>>> {
  const parsed = previewInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const [first, ...rest] = errorsFromZod(parsed.error, ['input'], previewErrorCodes);
    return { ok: false, errors: [first ?? coreError('INVALID_INPUT'), ...rest] };
  }
  return evaluateRequest(ctx.repos.policies, parsed.data, ctx.clock(), ['input', 'cptCode']);
}
