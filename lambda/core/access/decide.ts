import type { UseCaseName } from '../errors/catalogue';
import { coreError, type Failure } from '../errors/failure';
import { caseScope, sensitiveFields, useCaseRoles, type SensitiveField } from './table';
import type { Actor } from './roles';

/**
 * The access decisions, from the actor alone (lambda/core/access/table.ts holds the rules).
 * Use cases call `refused` first; doors never decide, they render a FORBIDDEN failure.
 */

/** FORBIDDEN when the actor's role may not run the use case; null when it may. */
export function roleRefusal(actor: Pick<Actor, 'role'>, useCase: UseCaseName): Failure<'FORBIDDEN'> | null {
  return (useCaseRoles[useCase] as readonly string[]).includes(actor.role) ? null : { ok: false, errors: [coreError('FORBIDDEN')] };
}

/** Whether a case (of providerId) is within the actor's reach; out of reach reads like missing. */
export function reachesCase(actor: Pick<Actor, 'role' | 'providerId'>, c: { providerId: string }): boolean {
  const scope = caseScope[actor.role];
  return scope === 'ALL' || (scope === 'OWN' && actor.providerId === c.providerId);
}

/** Whether the actor may act for a provider (a provider only for itself; others for any). */
export const speaksFor = (actor: Pick<Actor, 'role' | 'providerId'>, providerId: string): boolean =>
  caseScope[actor.role] !== 'OWN' || actor.providerId === providerId;

/** The read model: whether the actor may read this field (fields not listed are not sensitive). */
export const fieldVisible = (actor: Pick<Actor, 'role'>, field: SensitiveField): boolean =>
  (sensitiveFields[field] as readonly string[]).includes(actor.role);

/** The sensitive fields, for a door that guards its field resolvers with `fieldVisible`. */
export const sensitiveFieldNames = Object.keys(sensitiveFields) as SensitiveField[];
