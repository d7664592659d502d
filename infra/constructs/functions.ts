import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { lambdaCode } from './lambda-code';

export type LogGroupOptions = {
  encryptionKey: kms.IKey;
  retentionDays: number;
  removalPolicy: RemovalPolicy;
};

/** A KMS-encrypted log group with an explicit retention period. */
export function encryptedLogGroup(scope: Construct, id: string, o: LogGroupOptions): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    encryptionKey: o.encryptionKey,
    retention: o.retentionDays as logs.RetentionDays,
    removalPolicy: o.removalPolicy,
  });
}

/** The statement that lets a function write to its own log group (instead of AWSLambdaBasicExecutionRole's logs:* on *). */
export function writeOwnLogs(logGroup: logs.ILogGroup): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'WriteOwnLogGroup',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroup.logGroupArn],
  });
}

/**
 * Use of the table's customer-managed key, only through DynamoDB (kms:ViaService),
 * and only the calls DynamoDB makes with the caller's credentials. No wildcards.
 */
export function useKeyThroughDynamoDb(scope: Construct, key: kms.IKey): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'UseDataKeyThroughDynamoDb',
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(scope).region}.amazonaws.com` } },
  });
}

/**
 * A customer-managed policy (cdk-nag: no inline policies) attached through the
 * role's ManagedPolicyArns, so everything that depends on the role (the function,
 * and through it the custom resource) is created only after the permissions exist.
 */
export function attachManagedPolicy(
  role: iam.Role,
  id: string,
  description: string,
  statements: iam.PolicyStatement[],
): iam.ManagedPolicy {
  const policy = new iam.ManagedPolicy(role, id, { description, statements });
  role.addManagedPolicy(policy);
  return policy;
}

/** A role Lambda can assume with no permissions; callers attach one customer-managed policy. */
export function lambdaRole(scope: Construct, id: string, description: string): iam.Role {
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
}

export type NodeFunctionOptions = {
  entry: string;
  description: string;
  role: iam.IRole;
  logGroup: logs.ILogGroup;
  memoryMb: number;
  timeout: Duration;
  reservedConcurrency: number;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  environment: Record<string, string>;
  /** Run after esbuild with the asset folder (e.g. to copy data files into the asset). */
  afterBundling?: (outputDir: string) => void;
  /** Names what afterBundling adds (a hash of it), so a change to it is a new asset. */
  extraFiles?: string;
};

/**
 * A Node.js 22 / arm64 function bundled locally with esbuild (no Docker), by the bundler
 * the bench and the tests use (infra/bundle-lambda.ts, options in infra/bundling.ts).
 */
export function nodeFunction(scope: Construct, id: string, o: NodeFunctionOptions): lambda.Function {
  return new lambda.Function(scope, id, {
    code: lambdaCode({
      entry: o.entry,
      ...(o.afterBundling ? { afterBundling: o.afterBundling } : {}),
      ...(o.extraFiles ? { extraFiles: o.extraFiles } : {}),
    }),
    handler: 'index.handler',
    description: o.description,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: o.memoryMb,
    timeout: o.timeout,
    reservedConcurrentExecutions: o.reservedConcurrency,
    role: o.role,
    logGroup: o.logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: lambda.ApplicationLogLevel[o.logLevel],
    systemLogLevelV2: lambda.SystemLogLevel.INFO,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      // Apollo Server hides stack traces from error responses only when NODE_ENV is production.
      NODE_ENV: 'production',
      ...o.environment,
    },
  });
}
