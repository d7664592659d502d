import { roleRefusal, speaksFor } from '../access/decide';
import type { CoreContext } from '../context';
import type { UseCaseName } from '../errors/catalogue';
import { coreError, ok, type Result } from '../errors/failure';
import { observed } from './shared';

/**
 * The decision a use case makes as it starts, asked ahead by a door that must answer before
 * it can build the use case's input (the FHIR door parses a whole Bundle first): the role,
 * and with `forProvider` the own-provider scope. Counted as a refusal of `useCase` once; the
 * use case itself still decides when it runs.
 */
export function admit(ctx: CoreContext, useCase: UseCaseName, forProvider?: string): Result<true, 'FORBIDDEN'> {
  const refused = roleRefusal(ctx.actor, useCase);
  if (refused) return observed(ctx, useCase, refused);
  if (forProvider !== undefined && !speaksFor(ctx.actor, forProvider)) {
    return observed(ctx, useCase, { ok: false, errors: [coreError('FORBIDDEN', { field: ['providerId'], message: 'You may only act for your own provider.' })] });
  }
  return ok(true);
}
