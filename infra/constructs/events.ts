import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deliveryMetricNames } from '../../lambda/events/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../lambda/observability/metric-names';
import type { EnvironmentConfig } from '../config';
import { paths } from '../paths';
import { attachManagedPolicy, encryptedLogGroup, lambdaRole, nodeFunction, useKeyThroughDynamoDb, writeOwnLogs } from './functions';

/** What the stream function does to the table: read subscriptions, claim event numbers. */
export const STREAM_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:TransactWriteItems', 'dynamodb:ConditionCheckItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'] as const;
/** What the deliverer does: read subscriptions, notifications and cases; settle deliveries. */
export const DELIVER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:TransactWriteItems', 'dynamodb:ConditionCheckItem'] as const;

/** Receives before a delivery message goes to the dead-letter queue (a notification gives up after its own attempts first). */
export const DELIVERY_MAX_RECEIVES = 12;

export type EventsProps = {
  config: EnvironmentConfig;
  table: dynamodb.Table;
  indexArns: string[];
  dataKey: kms.IKey;
  opsKey: kms.IKey;
  alarmTopic: sns.ITopic;
  /** The FHIR function seals subscription headers: it gets encrypt on the secrets key. */
  fhirFunction: lambda.Function;
  /** The FHIR function's own policy: the encrypt statement is added to it (one policy per role). */
  fhirPolicy: iam.ManagedPolicy;
  fhirBaseUrl: string;
  removalPolicy: RemovalPolicy;
  logRetentionDays: number;
};

/**
 * Case events and PAS subscription delivery, all driven by the table's stream:
 *   table stream ─▶ stream function ─▶ EventBridge bus (one event per case change)
 *                                  └─▶ SQS FIFO queue (one group per subscription) ─▶ deliverer ─▶ subscriber endpoints
 * The queue's dead-letter queue, the stream's on-failure queue and the undeliverable metric
 * alarm; the subscription-secrets key seals channel headers (FHIR function: encrypt only;
 * deliverer: decrypt only).
 */
export class CaseEvents extends Construct {
  readonly bus: events.EventBus;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly streamFailures: sqs.Queue;
  readonly secretsKey: kms.Key;
  readonly streamFunction: lambda.Function;
  readonly deliverFunction: lambda.Function;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    const { config, table } = props;
    const env = config.envName;

    this.bus = new events.EventBus(this, 'CaseEventBus', {
      eventBusName: `medical-necessity-${env}-cases`,
      description: 'One event per case change (lambda/events/case-events.ts); ids, codes and times only, no PHI',
    });
    // Replays for a consumer that was down or is new (events carry no PHI).
    this.bus.archive('CaseEventArchive', {
      description: 'Every case event, for replay',
      eventPattern: { source: ['medical-necessity-api.cases'] },
      retention: Duration.days(env === 'prod' ? 365 : 30),
    });

    this.secretsKey = new kms.Key(this, 'SubscriptionSecretsKey', {
      description: `medical-necessity-api ${env}: subscription channel headers (sealed, never stored in clear)`,
      alias: `alias/medical-necessity-api/${env}/subscription-secrets`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: props.removalPolicy,
      pendingWindow: Duration.days(props.removalPolicy === RemovalPolicy.DESTROY ? 7 : 30),
    });

    // Messages name a subscription and an event number only; the data key encrypts them anyway.
    const queueCommon = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.dataKey, enforceSSL: true, fifo: true } as const;
    this.deadLetterQueue = new sqs.Queue(this, 'DeliveryDeadLetterQueue', { ...queueCommon, retentionPeriod: Duration.days(14) });
    this.queue = new sqs.Queue(this, 'DeliveryQueue', {
      ...queueCommon,
      contentBasedDeduplication: false,
      // Six times the deliverer's timeout, as AWS advises for Lambda consumers.
      visibilityTimeout: Duration.seconds(6 * 60),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DELIVERY_MAX_RECEIVES },
    });
    this.streamFailures = new sqs.Queue(this, 'StreamFailureQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const common = {
      TABLE_NAME: table.tableName,
      STAGE: env,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_LOG_LEVEL: config.lambda.logLevel,
      FHIR_BASE_URL: props.fhirBaseUrl,
    };
    const logOptions = { encryptionKey: props.opsKey, retentionDays: props.logRetentionDays, removalPolicy: props.removalPolicy };
    const tableResources = [table.tableArn, ...props.indexArns];

    // --- Stream function ------------------------------------------------------------------------
    const streamLogs = encryptedLogGroup(this, 'StreamFunctionLogs', logOptions);
    const streamRole = lambdaRole(this, 'StreamFunctionRole', `Case events from the table stream (${env})`);
    attachManagedPolicy(streamRole, 'Policy', 'Stream function: table stream, subscriptions, event bus, delivery queue, own logs', [
      new iam.PolicyStatement({ sid: 'TableAndIndexes', actions: [...STREAM_TABLE_ACTIONS], resources: tableResources }),
      new iam.PolicyStatement({
        sid: 'ReadTableStream',
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [table.tableStreamArn!],
      }),
      new iam.PolicyStatement({ sid: 'PutCaseEvents', actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }),
      new iam.PolicyStatement({ sid: 'QueueDeliveries', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
      new iam.PolicyStatement({ sid: 'StreamFailures', actions: ['sqs:SendMessage'], resources: [this.streamFailures.queueArn] }),
      // The queues are encrypted with the data key: sending needs it (through SQS only).
      new iam.PolicyStatement({
        sid: 'DataKeyThroughSqs',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
      }),
      useKeyThroughDynamoDb(this, props.dataKey),
      writeOwnLogs(streamLogs),
    ]);
    this.streamFunction = nodeFunction(this, 'StreamFunction', {
      entry: paths.streamHandler,
      description: `Case events and subscription fan-out from the table stream (${env})`,
      role: streamRole,
      logGroup: streamLogs,
      memoryMb: 512,
      timeout: Duration.seconds(60),
      reservedConcurrency: 5,
      logLevel: config.lambda.logLevel,
      environment: { ...common, EVENT_BUS_NAME: this.bus.eventBusName, DELIVERY_QUEUE_URL: this.queue.queueUrl },
    });
    // Mappings declared directly: the event-source helpers would grant through inline policies
    // (cdk-nag IAMNoInlinePolicy); the roles above already hold exactly these permissions.
    const failuresTo = this.streamFailures.queueArn;
    new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: this.streamFunction,
      eventSourceArn: table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 20,
      maxRecordAge: Duration.hours(24),
      // One batch per shard at a time: a case's changes stay in order.
      parallelizationFactor: 1,
      onFailure: { bind: () => ({ destination: failuresTo }) },
      // Case and subscription items only: determinations, audit records, counters, notices never invoke it.
      filters: [
        lambda.FilterCriteria.filter({ dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('CASE') } } } }),
        lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('SUBSCRIPTION') } } } }),
      ],
    });

    // --- Deliverer ------------------------------------------------------------------------------
    const deliverLogs = encryptedLogGroup(this, 'DeliverFunctionLogs', logOptions);
    const deliverRole = lambdaRole(this, 'DeliverFunctionRole', `Subscription notification delivery (${env})`);
    const concurrency = Math.max(2, Math.min(10, config.lambda.reservedConcurrency));
    attachManagedPolicy(deliverRole, 'Policy', 'Deliverer: delivery queue, subscriptions and cases, open sealed headers, own logs', [
      new iam.PolicyStatement({ sid: 'TableAndIndexes', actions: [...DELIVER_TABLE_ACTIONS], resources: tableResources }),
      new iam.PolicyStatement({
        sid: 'ConsumeDeliveries',
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        resources: [this.queue.queueArn],
      }),
      new iam.PolicyStatement({
        sid: 'DataKeyThroughSqs',
        actions: ['kms:Decrypt'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
      }),
      new iam.PolicyStatement({ sid: 'OpenSealedHeaders', actions: ['kms:Decrypt'], resources: [this.secretsKey.keyArn] }),
      useKeyThroughDynamoDb(this, props.dataKey),
      writeOwnLogs(deliverLogs),
    ]);
    this.deliverFunction = nodeFunction(this, 'DeliverFunction', {
      entry: paths.deliverHandler,
      description: `PAS subscription notifications to subscriber endpoints (${env})`,
      role: deliverRole,
      logGroup: deliverLogs,
      memoryMb: 512,
      timeout: Duration.seconds(60),
      reservedConcurrency: concurrency,
      logLevel: config.lambda.logLevel,
      environment: { ...common, SUBSCRIPTION_KEY_ID: this.secretsKey.keyArn },
    });
    new lambda.EventSourceMapping(this, 'DeliveryMapping', {
      target: this.deliverFunction,
      eventSourceArn: this.queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
      maxConcurrency: concurrency,
    });

    // The FHIR door seals headers when a subscription is created: encrypt only.
    props.fhirFunction.addEnvironment('SUBSCRIPTION_KEY_ID', this.secretsKey.keyArn);
    props.fhirPolicy.addStatements(new iam.PolicyStatement({ sid: 'SealSubscriptionHeaders', actions: ['kms:Encrypt'], resources: [this.secretsKey.keyArn] }));

    // --- Alarms: nothing undelivered goes unnoticed -------------------------------------------
    const alarmAction = new actions.SnsAction(props.alarmTopic);
    const prefix = `medical-necessity-api-${env}`;
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmName: `${prefix}-${alarmId}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(alarmAction);
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = Duration.minutes(5);
    alarm(
      'NotificationsUndeliverable',
      'A subscription notification was given up on after every retry (kept in the table as UNDELIVERABLE).',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: deliveryMetricNames.undeliverable,
        dimensionsMap: { service: SERVICE_NAME, stage: env },
        statistic: cloudwatch.Stats.SUM,
        period: fiveMinutes,
      }),
    );
    alarm('DeliveryDeadLetters', 'Delivery messages the deliverer could not process reached the dead-letter queue.', this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }));
    alarm('StreamFailures', 'Stream records the stream function could not process after every retry (on-failure queue).', this.streamFailures.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }));
    alarm('StreamFunctionErrors', 'The stream function failed.', this.streamFunction.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }));
    const age = new cloudwatch.Alarm(this, 'StreamIteratorAge', {
      alarmName: `${prefix}-StreamIteratorAge`,
      alarmDescription: 'Case events lag the table by more than a minute.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: this.streamFunction.functionName },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: fiveMinutes,
      }),
      threshold: 60_000,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    age.addAlarmAction(alarmAction);
    this.alarms.push(age);
  }
}

