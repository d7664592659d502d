/**
 * Synthesizes each environment once per test file (bundling with esbuild is the
 * slow part) and hands the tests the template, the stack and what cdk-nag found.
 */
import { rmSync } from 'node:fs';
import type { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { Template } from 'aws-cdk-lib/assertions';
import { HIPAASecurityChecks } from 'cdk-nag';
import { buildApp, type ConfigOverrides, type EnvName, type EnvironmentConfig } from '../../infra/build';
import type { MedicalNecessityStack } from '../../infra/stack';

export type Synthesized = {
  envName: EnvName;
  config: EnvironmentConfig;
  stack: MedicalNecessityStack;
  template: Template;
  json: { Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }> };
  /** Annotations (errors/warnings/info) CDK attached to the stack during synthesis. */
  messages: SynthesisMessage[];
  /** HIPAA findings cdk-nag reports after acknowledgements (expected: none). */
  nagViolations: ReturnType<HIPAASecurityChecks['validateScope']>['violations'];
  outdir: string;
};

const cache = new Map<string, Synthesized>();

export function synth(envName: EnvName, overrides?: ConfigOverrides, key: string = envName): Synthesized {
  const hit = cache.get(key);
  if (hit) return hit;
  const { app, stack, config } = buildApp(envName, { overrides });
  // Throws (in-memory app) if the HIPAA plugin reports any unacknowledged finding.
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const template = Template.fromJSON(artifact.template);
  const result: Synthesized = {
    envName,
    config,
    stack,
    template,
    json: artifact.template,
    messages: artifact.messages,
    nagViolations: new HIPAASecurityChecks().validateScope(stack).violations,
    outdir: assembly.directory,
  };
  cache.set(key, result);
  return result;
}

export function cleanup(): void {
  for (const s of cache.values()) rmSync(s.outdir, { recursive: true, force: true });
  cache.clear();
}

/** Logical ids of the resources of one type. */
export function idsOfType(s: Synthesized, type: string): string[] {
  return Object.entries(s.json.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** The logical id the stack gave a construct's CloudFormation resource. */
export function logicalId(s: Synthesized, construct: { node: { defaultChild?: unknown } }): string {
  return s.stack.getLogicalId(construct.node.defaultChild as never);
}
