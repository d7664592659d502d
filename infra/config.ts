/**
 * Per-environment settings of the CDK app, typed and validated in one place.
 *
 * `-c env=dev|staging|prod` picks one of `environments` below; a handful of values
 * can be overridden from the CDK context (see `contextOverrides`) or, in tests,
 * passed to `resolveConfig(envName, overrides)`. Everything is validated with zod
 * before a single construct is created, so a typo fails `cdk synth`, not a deploy.
 */
import { z } from 'zod';

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvName = (typeof ENVIRONMENTS)[number];

/** Values CloudWatch Logs accepts for RetentionInDays (logs.RetentionDays, minus INFINITE). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// One definition of the roles: the API's own (a Cognito group per role).
export { roles as ROLES } from '../lambda/auth/caller';

/** API Gateway HTTP APIs give an integration at most 30 s; the function must finish first. */
const MAX_LAMBDA_TIMEOUT_SECONDS = 29;

const claimName = z.string().min(1).max(128);

const identitySchema = z.discriminatedUnion('kind', [
  z.object({
    /** A Cognito user pool per environment, one group per role; role claim `cognito:groups`. */
    kind: z.literal('cognito'),
    mfa: z.enum(['OPTIONAL', 'REQUIRED']),
  }),
  z.object({
    /** An existing OIDC issuer (Okta, Entra ID, Ping, another Cognito pool...). */
    kind: z.literal('external'),
    issuer: z.url({ protocol: /^https$/, error: 'identity.issuer must be an https URL' }),
    audience: z.array(z.string().min(1)).min(1),
    roleClaim: claimName,
    providerClaim: claimName,
  }),
]);

/** A browser origin: scheme://host[:port], no path, no wildcard. */
const originSchema = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'an origin is scheme://host[:port] without a path or wildcard');

export const environmentConfigSchema = z
  .object({
    envName: z.enum(ENVIRONMENTS),
    /** Pin the environment to an account/region (optional; defaults to CDK_DEFAULT_ACCOUNT/REGION). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'account must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'region must look like us-east-1')
      .optional(),
    data: z.object({
      /** DynamoDB deletion protection (an API-level guard, independent of CloudFormation). */
      deletionProtection: z.boolean(),
      /** What CloudFormation does with the table, keys, user pool and log groups on stack delete. */
      removalPolicy: z.enum(['retain', 'destroy']),
      pointInTimeRecoveryDays: z.int().min(1).max(35),
      /** AWS Backup plan for the table (daily, retained N days, vault encrypted with the data key). */
      backup: z.discriminatedUnion('enabled', [
        z.object({ enabled: z.literal(false) }),
        z.object({ enabled: z.literal(true), retentionDays: z.int().min(7).max(3650) }),
      ]),
    }),
    logRetentionDays: z.literal(LOG_RETENTION_DAYS),
    lambda: z.object({
      memoryMb: z.int().min(128).max(10240),
      timeoutSeconds: z.int().min(1).max(MAX_LAMBDA_TIMEOUT_SECONDS),
      reservedConcurrency: z.int().min(1).max(1000),
      logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    }),
    identity: identitySchema,
    cors: z.object({ allowedOrigins: z.array(originSchema).min(1) }),
    alarmEmail: z.email(),
    /** The plan's name and phone in member notices (PLAN_NAME, PLAN_PHONE); the handler's defaults when omitted. */
    plan: z.object({ name: z.string().min(1).max(120), phone: z.string().min(1).max(60) }).optional(),
    /** HTTP API stage default route throttling. */
    throttling: z.object({
      rateLimit: z.number().positive(),
      burstLimit: z.int().positive(),
    }),
    alarms: z.object({
      api5xxPer5Minutes: z.int().min(1),
      lambdaErrorsPer5Minutes: z.int().min(1),
      durationP99Ms: z.int().min(100),
    }),
  })
  .superRefine((c, ctx) => {
    if (c.envName === 'prod') {
      if (!c.data.deletionProtection)
        ctx.addIssue({ code: 'custom', path: ['data', 'deletionProtection'], message: 'prod must keep DynamoDB deletion protection on' });
      if (c.data.removalPolicy !== 'retain')
        ctx.addIssue({ code: 'custom', path: ['data', 'removalPolicy'], message: 'prod data must be retained (removalPolicy "retain")' });
    }
    if (c.envName !== 'dev' && !c.data.backup.enabled) {
      ctx.addIssue({ code: 'custom', path: ['data', 'backup'], message: `${c.envName} holds PHI and must be in an AWS Backup plan` });
    }
    if (c.envName !== 'dev') {
      c.cors.allowedOrigins.forEach((o, i) => {
        if (!o.startsWith('https://'))
          ctx.addIssue({ code: 'custom', path: ['cors', 'allowedOrigins', i], message: `${c.envName} origins must be https (${o})` });
      });
    }
    if (c.alarms.durationP99Ms >= c.lambda.timeoutSeconds * 1000)
      ctx.addIssue({
        code: 'custom',
        path: ['alarms', 'durationP99Ms'],
        message: 'the p99 duration alarm must fire before the function times out',
      });
  });

export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/** Overrides merged over an environment's settings (objects deep-merged, arrays and scalars replaced). */
export type ConfigOverrides = DeepPartial<Omit<EnvironmentConfig, 'envName'>>;

/**
 * The environments. The e-mail addresses and portal origins are placeholders:
 * override them with `-c alarmEmail=... -c allowedOrigins=https://a,https://b`
 * or edit them here.
 */
export const environments: Record<EnvName, Omit<EnvironmentConfig, 'envName'>> = {
  dev: {
    data: {
      deletionProtection: false,
      removalPolicy: 'destroy',
      pointInTimeRecoveryDays: 7,
      // dev holds synthetic data only and must be destroyable; a vault would outlive the stack.
      backup: { enabled: false },
    },
    logRetentionDays: 14,
    lambda: { memoryMb: 1024, timeoutSeconds: 15, reservedConcurrency: 10, logLevel: 'DEBUG' },
    identity: { kind: 'cognito', mfa: 'OPTIONAL' },
    cors: { allowedOrigins: ['http://localhost:3000', 'https://portal.dev.example.org'] },
    alarmEmail: 'um-api-alerts+dev@example.org',
    throttling: { rateLimit: 20, burstLimit: 40 },
    alarms: { api5xxPer5Minutes: 10, lambdaErrorsPer5Minutes: 10, durationP99Ms: 10_000 },
  },
  staging: {
    data: {
      deletionProtection: true,
      removalPolicy: 'retain',
      pointInTimeRecoveryDays: 35,
      backup: { enabled: true, retentionDays: 14 },
    },
    logRetentionDays: 90,
    lambda: { memoryMb: 1024, timeoutSeconds: 10, reservedConcurrency: 25, logLevel: 'INFO' },
    identity: { kind: 'cognito', mfa: 'REQUIRED' },
    cors: { allowedOrigins: ['https://portal.staging.example.org'] },
    alarmEmail: 'um-api-alerts+staging@example.org',
    throttling: { rateLimit: 50, burstLimit: 100 },
    alarms: { api5xxPer5Minutes: 5, lambdaErrorsPer5Minutes: 5, durationP99Ms: 5_000 },
  },
  prod: {
    data: {
      deletionProtection: true,
      removalPolicy: 'retain',
      pointInTimeRecoveryDays: 35,
      backup: { enabled: true, retentionDays: 35 },
    },
    // Six years, in line with the HIPAA documentation-retention period (45 CFR 164.316(b)(2)).
    logRetentionDays: 2192,
    // 1769 MB is one full vCPU: GraphQL parsing/validation and the rules engine are CPU bound.
    lambda: { memoryMb: 1769, timeoutSeconds: 10, reservedConcurrency: 200, logLevel: 'INFO' },
    identity: { kind: 'cognito', mfa: 'REQUIRED' },
    cors: { allowedOrigins: ['https://portal.example.org'] },
    alarmEmail: 'um-api-alerts@example.org',
    throttling: { rateLimit: 500, burstLimit: 1000 },
    alarms: { api5xxPer5Minutes: 5, lambdaErrorsPer5Minutes: 5, durationP99Ms: 3_000 },
  },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function isEnvName(value: unknown): value is EnvName {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  // A discriminated union member is replaced, not merged, when its discriminant changes.
  for (const tag of ['kind', 'enabled']) {
    if (tag in over && over[tag] !== base[tag]) return over;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** The validated settings of one environment; throws ConfigError naming the valid environments. */
export function resolveConfig(envName: unknown, overrides: ConfigOverrides = {}): EnvironmentConfig {
  if (envName === undefined || envName === null || envName === '') {
    throw new ConfigError(
      `No environment given. Pass one with -c env=<name>; valid environments: ${ENVIRONMENTS.join(', ')}.`,
    );
  }
  if (!isEnvName(envName)) {
    throw new ConfigError(
      `Unknown environment "${String(envName)}". Valid environments: ${ENVIRONMENTS.join(', ')} (pass -c env=<name>).`,
    );
  }
  const merged = deepMerge({ envName, ...environments[envName] }, overrides);
  const parsed = environmentConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration for environment "${envName}":\n${issues}`);
  }
  return parsed.data;
}

/**
 * Overrides read from CDK context (`-c key=value`), for values that differ per
 * deployment rather than per environment:
 *   alarmEmail=ops@example.org
 *   allowedOrigins=https://a.example.org,https://b.example.org
 *   jwtIssuer=https://idp.example.org/  jwtAudience=aud1,aud2  roleClaim=role  providerClaim=providerId
 *     (switches the environment from a Cognito pool to the external issuer)
 *   account=123456789012  region=us-east-1
 */
export function contextOverrides(get: (key: string) => unknown): ConfigOverrides {
  const str = (key: string): string | undefined => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return undefined;
    return String(v);
  };
  const list = (key: string): string[] | undefined =>
    str(key)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  const o: ConfigOverrides = {};
  const alarmEmail = str('alarmEmail');
  if (alarmEmail) o.alarmEmail = alarmEmail;
  const origins = list('allowedOrigins');
  if (origins) o.cors = { allowedOrigins: origins };
  const account = str('account');
  if (account) o.account = account;
  const region = str('region');
  if (region) o.region = region;
  const issuer = str('jwtIssuer');
  if (issuer) {
    o.identity = {
      kind: 'external',
      issuer,
      audience: list('jwtAudience') ?? [],
      roleClaim: str('roleClaim') ?? 'role',
      providerClaim: str('providerClaim') ?? 'providerId',
    };
  }
  return o;
}
