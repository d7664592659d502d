import type { CompiledPolicy } from '../../engine';
import { loadEngine } from '../../engine/load';
import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { coreError, nonEmpty, ok, type CoreError, type Result } from '../errors/failure';
import { observed } from './shared';

/**
 * Publish a new policy version: validated exactly like the shipped files (compilePolicy),
 * then written once; a published version never changes and versions only increase.
 */
export async function publishPolicy(ctx: CoreContext, input: { document: unknown }): Promise<Result<CompiledPolicy, CodeOf<'publishPolicy'>>> {
  return observed(ctx, 'publishPolicy', roleRefusal(ctx.actor, 'publishPolicy') ?? (await run(ctx, input)));
}

async function run(ctx: CoreContext, input: { document: unknown }): Promise<Result<CompiledPolicy, CodeOf<'publishPolicy'>>> {
  const { compilePolicy, PolicyValidationError } = await loadEngine();
  let policy: CompiledPolicy;
  try {
    policy = compilePolicy(input.document);
  } catch (err) {
    if (!(err instanceof PolicyValidationError)) throw err;
    const errors: CoreError<'INVALID_POLICY'>[] = err.issues.map((i) => coreError('INVALID_POLICY', { field: ['input', 'document', ...i.path.map(String)], message: i.message }));
    return { ok: false, errors: nonEmpty(errors) ? errors : [coreError('INVALID_POLICY')] };
  }
  const result = await ctx.repos.policies.publish(policy);
  if (!result.ok) return { ok: false, errors: [coreError(result.reason)] };
  return ok(policy);
}
