import * as z from 'zod/mini';
import { DEFAULT_PLAN_CONTACT, type PlanContact } from '../core/notices/lines-of-business';

/** Environment of the Lambda (and of the local server, which runs the same handler). */
export const configSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1, 'TABLE_NAME is required')),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z.optional(z.string()),
  /** dev and local expose introspection and field suggestions; staging and prod do not. */
  STAGE: z._default(z.enum(['local', 'dev', 'staging', 'prod']), 'dev'),
  /** The JWT claim that carries the role: `role` (custom claim) or `cognito:groups`. */
  ROLE_CLAIM: z._default(z.string().check(z.minLength(1)), 'role'),
  /** The JWT claim that carries a provider's id. */
  PROVIDER_CLAIM: z._default(z.string().check(z.minLength(1)), 'providerId'),
  /** The JWT claims carrying a reviewer's NPI and specialty (recorded on their determinations). */
  NPI_CLAIM: z._default(z.string().check(z.minLength(1)), 'npi'),
  SPECIALTY_CLAIM: z._default(z.string().check(z.minLength(1)), 'specialty'),
  /** The plan's name and phone, given in every member notice. */
  PLAN_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(120)), DEFAULT_PLAN_CONTACT.name),
  PLAN_PHONE: z._default(z.string().check(z.minLength(1), z.maxLength(60)), DEFAULT_PLAN_CONTACT.phone),
});

export type AppConfig = {
  tableName: string;
  endpoint?: string | undefined;
  region?: string | undefined;
  stage: 'local' | 'dev' | 'staging' | 'prod';
  roleClaim: string;
  providerClaim: string;
  /** Default `npi` / `specialty` when omitted. */
  npiClaim?: string;
  specialtyClaim?: string;
  /** The plan's contact in member notices; DEFAULT_PLAN_CONTACT when omitted. */
  plan?: PlanContact;
};

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const e = configSchema.parse(env);
  return {
    tableName: e.TABLE_NAME,
    endpoint: e.DYNAMODB_ENDPOINT,
    region: e.AWS_REGION,
    stage: e.STAGE,
    roleClaim: e.ROLE_CLAIM,
    providerClaim: e.PROVIDER_CLAIM,
    npiClaim: e.NPI_CLAIM,
    specialtyClaim: e.SPECIALTY_CLAIM,
    plan: { name: e.PLAN_NAME, phone: e.PLAN_PHONE },
  };
}
