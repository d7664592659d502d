/**
 * Builds the CDK app for one environment without synthesizing it, so tests can
 * construct stacks in-process (no `cdk` CLI, no shelling out).
 */
import { existsSync, readFileSync } from 'node:fs';
import { App, type AppProps } from 'aws-cdk-lib';
import { resolveConfig, type ConfigOverrides, type EnvironmentConfig } from './config';
import { applyHipaaChecks } from './nag';
import { paths } from './paths';
import { MedicalNecessityStack } from './stack';

export { type EnvName, type EnvironmentConfig, type ConfigOverrides } from './config';

export const stackName = (envName: string) => `MedicalNecessityApi-${envName}`;

/** The feature flags pinned in cdk.json (the CLI passes them itself; tests get them here). */
export function cdkJsonContext(): Record<string, unknown> {
  if (!existsSync(paths.cdkJson)) return {};
  const json = JSON.parse(readFileSync(paths.cdkJson, 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}

export type BuildOptions = {
  /** Per-environment values merged over infra/config.ts (validated the same way). */
  overrides?: ConfigOverrides;
  /** Extra App props (e.g. outdir) for tests. */
  appProps?: AppProps;
  /** An existing App (the CLI entry point passes the one it read context from). */
  app?: App;
};

export type BuiltApp = { app: App; stack: MedicalNecessityStack; config: EnvironmentConfig };

/** Validates the environment's config, then creates the App, the stack and the HIPAA checks. */
export function buildApp(envName: unknown, options: BuildOptions = {}): BuiltApp {
  const config = resolveConfig(envName, options.overrides);
  const app =
    options.app ??
    new App({
      ...options.appProps,
      context: { ...cdkJsonContext(), ...options.appProps?.context },
    });
  const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = config.region ?? process.env.CDK_DEFAULT_REGION;
  const stack = new MedicalNecessityStack(app, stackName(config.envName), {
    // Environment-agnostic when neither is known: nothing in the stack needs a lookup.
    env: account || region ? { account, region } : undefined,
    description: `Medical-necessity determinations GraphQL API (${config.envName})`,
    terminationProtection: config.envName === 'prod',
    config,
  });
  applyHipaaChecks(app);
  return { app, stack, config };
}
