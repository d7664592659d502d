import { CfnOutput, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from './config';
import { GraphqlApi } from './constructs/api';
import { DataStore } from './constructs/data';
import { attachManagedPolicy, encryptedLogGroup, lambdaRole, nodeFunction, useKeyThroughDynamoDb, writeOwnLogs } from './constructs/functions';
import { Identity } from './constructs/identity';
import { EncryptionKeys } from './constructs/keys';
import { CaseEvents } from './constructs/events';
import { Monitoring } from './constructs/monitoring';
import { PolicySeed } from './constructs/policy-seed';
import { acknowledge } from './nag';
import { paths } from './paths';

/** The DynamoDB calls the GraphQL handler makes; nothing else (no Scan, no DeleteItem, no dynamodb:*). */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:ConditionCheckItem',
] as const;

import { SERVICE_NAME } from '../lambda/observability/metric-names';

export { SERVICE_NAME };

export type MedicalNecessityStackProps = StackProps & { config: EnvironmentConfig };

export class MedicalNecessityStack extends Stack {
  readonly config: EnvironmentConfig;
  readonly keys: EncryptionKeys;
  readonly data: DataStore;
  readonly identity: Identity;
  readonly apiFunction: lambda.Function;
  readonly fhirFunction: lambda.Function;
  readonly graphql: GraphqlApi;
  readonly monitoring: Monitoring;
  readonly policySeed: PolicySeed;
  readonly events: CaseEvents;

  constructor(scope: Construct, id: string, props: MedicalNecessityStackProps) {
    super(scope, id, props);
    const config = (this.config = props.config);
    const removalPolicy = config.data.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logOptions = (key: EncryptionKeys['opsKey']) => ({
      encryptionKey: key,
      retentionDays: config.logRetentionDays,
      removalPolicy,
    });

    Tags.of(this).add('Service', SERVICE_NAME);
    Tags.of(this).add('Environment', config.envName);
    Tags.of(this).add('DataClassification', config.envName === 'dev' ? 'synthetic' : 'PHI');

    this.keys = new EncryptionKeys(this, 'Keys', { envName: config.envName, removalPolicy });
    const { dataKey, opsKey } = this.keys;

    this.data = new DataStore(this, 'Data', { config, dataKey, removalPolicy });
    const { table } = this.data;

    this.identity = new Identity(this, 'Identity', { config, removalPolicy });

    // Both doors' functions read the same variables (lambda/handlers/config.ts).
    const handlerEnvironment = {
      TABLE_NAME: table.tableName,
      STAGE: config.envName,
      ROLE_CLAIM: this.identity.roleClaim,
      PROVIDER_CLAIM: this.identity.providerClaim,
      JWT_ISSUER: this.identity.issuer,
      JWT_AUDIENCE: this.identity.audience.join(','),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_LOG_LEVEL: config.lambda.logLevel,
      ...(config.plan ? { PLAN_NAME: config.plan.name, PLAN_PHONE: config.plan.phone } : {}),
    };

    // --- The GraphQL function, its own log group and a least-privilege role -----------------
    const apiLogs = encryptedLogGroup(this, 'ApiFunctionLogs', logOptions(opsKey));
    const apiRole = lambdaRole(this, 'ApiFunctionRole', `GraphQL API function (${config.envName})`);
    attachManagedPolicy(apiRole, 'Policy', 'GraphQL API function: table/index data access, data key through DynamoDB, own log group', [
      new iam.PolicyStatement({
        sid: 'TableAndIndexes',
        actions: [...API_TABLE_ACTIONS],
        resources: [table.tableArn, ...this.data.indexArns],
      }),
      useKeyThroughDynamoDb(this, dataKey),
      writeOwnLogs(apiLogs),
    ]);
    this.apiFunction = nodeFunction(this, 'ApiFunction', {
      entry: paths.apiHandler,
      description: `Medical-necessity GraphQL API (${config.envName})`,
      role: apiRole,
      logGroup: apiLogs,
      memoryMb: config.lambda.memoryMb,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      reservedConcurrency: config.lambda.reservedConcurrency,
      logLevel: config.lambda.logLevel,
      environment: handlerEnvironment,
    });

    // --- The FHIR door's function: same table, same core, same claims; its own role and logs ----
    const fhirLogs = encryptedLogGroup(this, 'FhirFunctionLogs', logOptions(opsKey));
    const fhirRole = lambdaRole(this, 'FhirFunctionRole', `FHIR (Da Vinci PAS) function (${config.envName})`);
    const fhirPolicy = attachManagedPolicy(fhirRole, 'Policy', 'FHIR function: table/index data access, data key through DynamoDB, own log group', [
      new iam.PolicyStatement({
        sid: 'TableAndIndexes',
        actions: [...API_TABLE_ACTIONS],
        resources: [table.tableArn, ...this.data.indexArns],
      }),
      useKeyThroughDynamoDb(this, dataKey),
      writeOwnLogs(fhirLogs),
    ]);
    this.fhirFunction = nodeFunction(this, 'FhirFunction', {
      entry: paths.fhirHandler,
      description: `Medical-necessity FHIR door, Da Vinci PAS (${config.envName})`,
      role: fhirRole,
      logGroup: fhirLogs,
      memoryMb: config.lambda.memoryMb,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      reservedConcurrency: config.lambda.reservedConcurrency,
      logLevel: config.lambda.logLevel,
      // Its routes have no API Gateway authorizer (a 401 must be an OperationOutcome): it verifies
      // tokens itself against the issuer's keys (lambda/auth/verify-jwt.ts), lazily on the first token.
      environment: { ...handlerEnvironment, JWT_JWKS_URL: jwksUrl(config, this.identity.issuer) },
    });

    // --- HTTP API ------------------------------------------------------------------------------
    const accessLogs = encryptedLogGroup(this, 'ApiAccessLogs', logOptions(opsKey));
    this.graphql = new GraphqlApi(this, 'Api', {
      config,
      handler: this.apiFunction,
      authorizer: this.identity.authorizer,
      accessLogGroup: accessLogs,
    });
    const fhirUrl = this.graphql.addFhirRoutes(this.fhirFunction);

    // --- Deploy-time seeding of the shipped policies -------------------------------------------
    this.policySeed = new PolicySeed(this, 'PolicySeed', { config, table, dataKey, opsKey, removalPolicy });

    // --- Alarms and dashboard ------------------------------------------------------------------
    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      opsKey,
      stage: this.graphql.stage,
      apiFunction: this.apiFunction,
      fhirFunction: this.fhirFunction,
      table,
    });

    // --- Case events on EventBridge, PAS subscription delivery (table stream → SQS FIFO) -------
    this.events = new CaseEvents(this, 'Events', {
      config,
      table,
      indexArns: this.data.indexArns,
      dataKey,
      opsKey,
      alarmTopic: this.monitoring.topic,
      fhirFunction: this.fhirFunction,
      fhirPolicy,
      fhirBaseUrl: fhirUrl,
      removalPolicy,
      logRetentionDays: config.logRetentionDays,
    });

    // --- cdk-nag acknowledgements (reasons in infra/nag.ts) ------------------------------------
    acknowledge(this.events.streamFunction, 'LambdaDLQ:stream');
    acknowledge(this.events.deliverFunction, 'LambdaDLQ:deliver');
    for (const fn of [this.apiFunction, this.fhirFunction, this.policySeed.function, this.policySeed.frameworkFunction, this.events.streamFunction, this.events.deliverFunction]) {
      acknowledge(fn, 'LambdaInsideVPC');
    }
    acknowledge(this.apiFunction, 'LambdaDLQ:api');
    acknowledge(this.fhirFunction, 'LambdaDLQ:fhir');
    acknowledge(this.policySeed.function, 'LambdaDLQ:seed');
    acknowledge(this.policySeed.frameworkFunction, 'LambdaDLQ:framework');
    if (!config.data.backup.enabled) acknowledge(table, 'DynamoDBInBackupPlan:dev');

    // --- Outputs -------------------------------------------------------------------------------
    new CfnOutput(this, 'GraphqlUrl', { value: this.graphql.url, description: 'POST GraphQL endpoint' });
    new CfnOutput(this, 'FhirBaseUrl', { value: fhirUrl, description: 'FHIR (Da Vinci PAS) base: Claim/$submit, Claim/$inquire, metadata, Questionnaire/{id}' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'JwtIssuer', { value: this.identity.issuer });
    new CfnOutput(this, 'JwtAudience', { value: this.identity.audience.join(',') });
    if (this.identity.userPool && this.identity.userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.identity.userPoolClient.userPoolClientId });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'CaseEventBusName', { value: this.events.bus.eventBusName, description: 'EventBridge bus with one event per case change' });
  }
}

/**
 * The issuer's JWKS, as API Gateway's JWT authorizer finds it: a Cognito pool publishes it at
 * `<issuer>/.well-known/jwks.json`; an external issuer is assumed to as well (the config names no other).
 */
function jwksUrl(config: EnvironmentConfig, issuer: string): string {
  const base = config.identity.kind === 'external' ? config.identity.issuer.replace(/\/+$/, '') : issuer;
  return `${base}/.well-known/jwks.json`;
}
