import * as z from 'zod/mini';
import { DEFAULT_PLAN_CONTACT, type PlanContact } from '../core/notices/lines-of-business';
import type { JwtVerifierConfig } from '../auth/verify-jwt';

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
  /**
   * The token issuer, its audiences (comma-separated) and JWKS (default `<issuer>/.well-known/jwks.json`):
   * the FHIR function verifies bearer tokens itself (its routes have no API Gateway authorizer).
   */
  JWT_ISSUER: z.optional(z.url()),
  JWT_AUDIENCE: z.optional(z.string()),
  JWT_JWKS_URL: z.optional(z.url()),
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
  /** How to verify a bearer token that API Gateway did not; none (null): such requests are refused. */
  jwt?: JwtVerifierConfig | null;
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
    jwt: jwtConfig(e.JWT_ISSUER, e.JWT_AUDIENCE, e.JWT_JWKS_URL),
  };
}

/** Issuer and at least one audience, or null (fail closed: no token is then accepted by the function itself). */
function jwtConfig(issuer: string | undefined, audience: string | undefined, jwksUrl: string | undefined): JwtVerifierConfig | null {
  const audiences = (audience ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  if (!issuer || audiences.length === 0) return null;
  return { issuer, audience: audiences, jwksUrl: jwksUrl ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json` };
}
