import type { Actor } from './access/roles';
import type { PlanContact } from './notices/lines-of-business';
import type { BusinessMetrics, Repositories } from './ports';

export type { Actor } from './access/roles';

/** The core's clock: the server's in Lambda, a fixed or moving one in tests. */
export type Clock = () => Date;

/**
 * What every use case receives: who acts, when, the id that ties logs and audit records
 * to the request, and the repositories. Built by a door per request; nothing in it knows
 * the transport.
 */
export type CoreContext = {
  actor: Actor;
  clock: Clock;
  correlationId: string;
  repos: Repositories;
  /** Business metrics; none when omitted (unit tests). */
  metrics?: BusinessMetrics;
  /** The plan's name and phone for member notices (PLAN_NAME, PLAN_PHONE); DEFAULT_PLAN_CONTACT when omitted. */
  plan?: PlanContact;
};
