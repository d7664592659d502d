import { Aws, Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { businessMetrics, defaultDimensionNames, METRICS_NAMESPACE, SERVICE_NAME } from '../../lambda/observability/metric-names';

export type MonitoringProps = {
  config: EnvironmentConfig;
  opsKey: kms.IKey;
  stage: apigw.HttpStage;
  apiFunction: lambda.Function;
  /** The FHIR door's function: its failures alarm too (its 5xx count in the stage's). */
  fhirFunction?: lambda.Function;
  table: dynamodb.Table;
};

/** The operations the API function performs; their throttles feed one alarm. */
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

/** Alarms to an encrypted SNS topic (e-mail subscription) and a dashboard. */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, stage, apiFunction: fn, table } = props;
    const prefix = `medical-necessity-api-${config.envName}`;
    const fiveMinutes = Duration.minutes(5);

    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Medical-necessity API alarms (${config.envName})`,
      masterKey: props.opsKey,
      enforceSSL: true,
    });
    // With a topic policy in place (enforceSSL adds one), CloudWatch alarms need an explicit grant.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    const alarmAction = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, p: Omit<cloudwatch.AlarmProps, 'actionsEnabled'>) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...p,
      });
      a.addAlarmAction(alarmAction);
      a.addOkAction(alarmAction);
      this.alarms.push(a);
      return a;
    };

    const api5xx = stage.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const api4xx = stage.metricClientError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const apiCount = stage.metricCount({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const apiLatencyP99 = stage.metricLatency({ period: fiveMinutes, statistic: cloudwatch.Stats.p(99) });
    const fnErrors = fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const fnThrottles = fn.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const fnInvocations = fn.metricInvocations({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const fnDurationP99 = fn.metricDuration({ period: fiveMinutes, statistic: cloudwatch.Stats.p(99) });
    const fnDurationP50 = fn.metricDuration({ period: fiveMinutes, statistic: cloudwatch.Stats.p(50) });
    const fnConcurrency = fn.metric('ConcurrentExecutions', { period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM });
    const tableThrottles = table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: fiveMinutes });

    alarm('Api5xxAlarm', {
      alarmName: `${prefix}-api-5xx`,
      alarmDescription: `HTTP API returned ${config.alarms.api5xxPer5Minutes}+ 5xx responses in 5 minutes.`,
      metric: api5xx,
      threshold: config.alarms.api5xxPer5Minutes,
      evaluationPeriods: 1,
    });
    alarm('LambdaErrorsAlarm', {
      alarmName: `${prefix}-lambda-errors`,
      alarmDescription: `API function failed ${config.alarms.lambdaErrorsPer5Minutes}+ invocations in 5 minutes.`,
      metric: fnErrors,
      threshold: config.alarms.lambdaErrorsPer5Minutes,
      evaluationPeriods: 1,
    });
    if (props.fhirFunction) {
      alarm('FhirLambdaErrorsAlarm', {
        alarmName: `${prefix}-fhir-lambda-errors`,
        alarmDescription: `FHIR function failed ${config.alarms.lambdaErrorsPer5Minutes}+ invocations in 5 minutes.`,
        metric: props.fhirFunction.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: config.alarms.lambdaErrorsPer5Minutes,
        evaluationPeriods: 1,
      });
    }
    alarm('LambdaThrottlesAlarm', {
      alarmName: `${prefix}-lambda-throttles`,
      alarmDescription: `API function was throttled (reserved concurrency ${config.lambda.reservedConcurrency} exhausted).`,
      metric: fnThrottles,
      threshold: 1,
      evaluationPeriods: 1,
    });
    alarm('LambdaDurationP99Alarm', {
      alarmName: `${prefix}-lambda-duration-p99`,
      alarmDescription: `API function p99 duration above ${config.alarms.durationP99Ms} ms for 15 minutes (timeout ${config.lambda.timeoutSeconds} s).`,
      metric: fnDurationP99,
      threshold: config.alarms.durationP99Ms,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    alarm('DynamoDbThrottlesAlarm', {
      alarmName: `${prefix}-dynamodb-throttles`,
      alarmDescription: 'DynamoDB throttled requests from the API (table or index).',
      metric: tableThrottles,
      threshold: 1,
      evaluationPeriods: 1,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: prefix,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API requests and errors', left: [apiCount], right: [api4xx, api5xx], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'API latency p99 (ms)', left: [apiLatencyP99], width: 12 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Lambda invocations, errors, throttles', left: [fnInvocations], right: [fnErrors, fnThrottles], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Lambda duration (ms)', left: [fnDurationP50, fnDurationP99], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Lambda concurrency',
        left: [fnConcurrency],
        leftAnnotations: [{ value: config.lambda.reservedConcurrency, label: 'reserved' }],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'DynamoDB consumed capacity',
        left: [
          table.metricConsumedReadCapacityUnits({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
          table.metricConsumedWriteCapacityUnits({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'DynamoDB throttled requests', left: [tableThrottles], width: 12 }),
    );

    // Business metrics (CloudWatch EMF from Powertools Metrics, lambda/observability/metrics.ts):
    // one line per dimension combination through a SEARCH over the metric's dimension schema.
    const search = (m: { name: string; dimensions: readonly string[] }, label: string) =>
      new cloudwatch.MathExpression({
        expression:
          `SEARCH('{${METRICS_NAMESPACE},${[...defaultDimensionNames, ...m.dimensions].join(',')}} ` +
          `MetricName="${m.name}" service="${SERVICE_NAME}" stage="${config.envName}"', 'Sum', ${fiveMinutes.toSeconds()})`,
        label,
        period: fiveMinutes,
        usingMetrics: {},
      });
    const automaticApprovals = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: businessMetrics.automaticApprovals.name,
      dimensionsMap: { service: SERVICE_NAME, stage: config.envName },
      period: fiveMinutes,
      statistic: cloudwatch.Stats.SUM,
      label: 'automatic approvals',
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Determinations by recommendation and review action',
        left: [search(businessMetrics.determinations, 'determinations')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: 'Automatic approvals', left: [automaticApprovals], width: 4 }),
      new cloudwatch.GraphWidget({ title: 'Decisions past due', left: [search(businessMetrics.decisionsPastDue, 'past due')], width: 4 }),
      new cloudwatch.GraphWidget({ title: 'Refusals by code', left: [search(businessMetrics.refusals, 'refusals')], width: 8 }),
    );
  }
}
