import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build';
import { ConfigError, contextOverrides, ENVIRONMENTS, environments, resolveConfig } from '../../infra/config';

describe('infra config', () => {
  it.each(ENVIRONMENTS)('%s validates', (envName) => {
    const c = resolveConfig(envName);
    expect(c.envName).toBe(envName);
    expect(c.lambda.timeoutSeconds).toBeLessThan(30);
  });

  it('rejects an unknown environment with a message listing the valid ones', () => {
    expect(() => resolveConfig('qa')).toThrow(ConfigError);
    expect(() => resolveConfig('qa')).toThrow('Unknown environment "qa". Valid environments: dev, staging, prod');
    // The app builder fails the same way before creating anything.
    expect(() => buildApp('production')).toThrow(/Unknown environment "production".*dev, staging, prod/);
  });

  it('rejects a missing environment and says how to pass one', () => {
    expect(() => resolveConfig(undefined)).toThrow(/No environment given\. Pass one with -c env=<name>; valid environments: dev, staging, prod/);
    expect(() => buildApp('')).toThrow(ConfigError);
  });

  it('refuses to make prod destroyable or unprotected', () => {
    expect(() => resolveConfig('prod', { data: { removalPolicy: 'destroy', deletionProtection: false } })).toThrow(
      /data\.deletionProtection: prod must keep DynamoDB deletion protection on[\s\S]*data\.removalPolicy/,
    );
    expect(() => resolveConfig('staging', { data: { backup: { enabled: false } } })).toThrow(/AWS Backup plan/);
  });

  it('validates values (origins, e-mail, timeout, retention)', () => {
    expect(() => resolveConfig('prod', { cors: { allowedOrigins: ['http://portal.example.org'] } })).toThrow(/must be https/);
    expect(() => resolveConfig('dev', { cors: { allowedOrigins: ['*'] } })).toThrow(/origin/);
    expect(() => resolveConfig('dev', { alarmEmail: 'not-an-email' })).toThrow(/alarmEmail/);
    expect(() => resolveConfig('dev', { lambda: { timeoutSeconds: 60 } })).toThrow(/lambda\.timeoutSeconds/);
    expect(() => resolveConfig('dev', { logRetentionDays: 10 as never })).toThrow(/logRetentionDays/);
  });

  it('merges overrides without losing the other settings', () => {
    const c = resolveConfig('staging', { lambda: { memoryMb: 2048 } });
    expect(c.lambda).toEqual({ ...environments.staging.lambda, memoryMb: 2048 });
  });

  it('reads deployment overrides from CDK context', () => {
    const ctx: Record<string, string> = {
      alarmEmail: 'oncall@example.org',
      allowedOrigins: 'https://a.example.org, https://b.example.org',
      jwtIssuer: 'https://login.example.org/',
      jwtAudience: 'api1,api2',
      roleClaim: 'role',
    };
    const c = resolveConfig('prod', contextOverrides((k) => ctx[k]));
    expect(c.alarmEmail).toBe('oncall@example.org');
    expect(c.cors.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(c.identity).toEqual({
      kind: 'external',
      issuer: 'https://login.example.org/',
      audience: ['api1', 'api2'],
      roleClaim: 'role',
      providerClaim: 'providerId',
    });
    expect(() => resolveConfig('prod', contextOverrides((k) => ({ jwtIssuer: 'https://x.example.org' })[k]))).toThrow(
      /identity\.audience/,
    );
  });
});
