import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { policyFiles } from '../../policies/files';
import { hashDirectory } from '../hash';
import { paths } from '../paths';
import type { EnvironmentConfig } from '../config';
import { attachManagedPolicy, encryptedLogGroup, lambdaRole, nodeFunction, useKeyThroughDynamoDb, writeOwnLogs } from './functions';

export type PolicySeedProps = {
  config: EnvironmentConfig;
  table: dynamodb.ITable;
  dataKey: kms.IKey;
  opsKey: kms.IKey;
  removalPolicy: RemovalPolicy;
};

/** Copies every policies/<id>/v<n>.json into the asset as <id>/v<n>.json. */
function copyPolicyFiles(outputDir: string): void {
  for (const f of policyFiles(paths.policies)) {
    const target = join(outputDir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(paths.policies, f.path), target);
  }
}

/**
 * Deploy-time custom resource that writes the shipped policy versions
 * (policies/) into the table, idempotently. It re-runs whenever a file under
 * policies/ changes, because the folder hash is one of its properties.
 */
export class PolicySeed extends Construct {
  readonly function: lambda.Function;
  readonly provider: cr.Provider;
  readonly frameworkFunction: lambda.Function;
  readonly resource: CustomResource;
  readonly policiesHash: string;

  constructor(scope: Construct, id: string, props: PolicySeedProps) {
    super(scope, id);
    const { config } = props;
    const logOptions = {
      encryptionKey: props.opsKey,
      retentionDays: config.logRetentionDays,
      removalPolicy: props.removalPolicy,
    };

    // The seeding function: only the calls a conditional, idempotent write needs.
    const seedLogs = encryptedLogGroup(this, 'SeedFunctionLogs', logOptions);
    const seedRole = lambdaRole(this, 'SeedFunctionRole', `Seeds shipped policies into the ${config.envName} table`);
    attachManagedPolicy(seedRole, 'Policy', 'Policy seeding: conditional writes of policy versions to the table', [
      new iam.PolicyStatement({
        sid: 'SeedPolicies',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:TransactWriteItems',
        ],
        resources: [props.table.tableArn],
      }),
      useKeyThroughDynamoDb(this, props.dataKey),
      writeOwnLogs(seedLogs),
    ]);
    const policiesHash = hashDirectory(paths.policies);
    this.function = nodeFunction(this, 'SeedFunction', {
      entry: paths.seedHandler,
      description: `Seeds the shipped policy versions into the ${config.envName} table (CloudFormation custom resource)`,
      role: seedRole,
      logGroup: seedLogs,
      memoryMb: 512,
      timeout: Duration.minutes(5),
      reservedConcurrency: 1,
      logLevel: 'INFO',
      // The policy files go into the asset next to index.mjs, laid out as under policies/:
      // the bundled loader (policies/index.ts) reads the folder of its own module.
      afterBundling: copyPolicyFiles,
      extraFiles: `policies ${policiesHash}`,
      environment: {
        TABLE_NAME: props.table.tableName,
        STAGE: config.envName,
        POWERTOOLS_SERVICE_NAME: 'medical-necessity-policy-seed',
      },
    });

    // The Provider framework's own function. Its role is created here and handed
    // over immutable, so the framework cannot add an inline policy; the two grants
    // it needs (invoke and read the seeding function) are in a managed policy instead.
    const frameworkLogs = encryptedLogGroup(this, 'ProviderFrameworkLogs', logOptions);
    const frameworkRole = lambdaRole(this, 'ProviderFrameworkRole', 'CloudFormation custom-resource provider for policy seeding');
    attachManagedPolicy(frameworkRole, 'Policy', 'Custom-resource provider framework: invoke the policy seeding function', [
      new iam.PolicyStatement({
        sid: 'InvokeSeedFunction',
        actions: ['lambda:InvokeFunction', 'lambda:GetFunction'],
        resources: [this.function.functionArn, `${this.function.functionArn}:*`],
      }),
      writeOwnLogs(frameworkLogs),
    ]);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      frameworkOnEventRole: frameworkRole.withoutPolicyUpdates(),
      logGroup: frameworkLogs,
    });
    this.frameworkFunction = this.provider.node.findChild('framework-onEvent') as lambda.Function;
    // The Provider construct exposes no concurrency setting; CloudFormation runs one event at a time here.
    (this.frameworkFunction.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 2;

    this.policiesHash = policiesHash;
    this.resource = new CustomResource(this, 'ShippedPolicies', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::PolicySeed',
      properties: {
        TableName: props.table.tableName,
        PoliciesHash: this.policiesHash,
      },
    });
  }
}
