import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { tableDefinition } from '../../lambda/store/table';
import { deliveryMetricNames } from '../../lambda/events/metrics';
import { DELIVERY_MAX_RECEIVES } from '../../infra/constructs/events';
import { paths } from '../../infra/paths';
import { cleanup, logicalId, synth, type Synthesized } from './synth';

const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

afterAll(() => cleanup());

describe.each(['dev', 'prod'] as const)('%s stack: case events and subscription delivery', (envName) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(envName);
  }, 300_000);

  const statementsOf = (fnConstruct: { node: { defaultChild?: unknown } }) => {
    const fn = s.json.Resources[logicalId(s, fnConstruct)]!.Properties;
    const roleId = fn.Role['Fn::GetAtt'][0];
    const attached: { Ref: string }[] = s.json.Resources[roleId]!.Properties.ManagedPolicyArns;
    expect(attached).toHaveLength(1);
    return s.json.Resources[attached[0]!.Ref]!.Properties.PolicyDocument.Statement as any[];
  };

  it('enables the table stream with both images, as the table definition declares', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: tableDefinition.streamViewType } });
    expect(tableDefinition.streamViewType).toBe('NEW_AND_OLD_IMAGES');
  });

  it('has an EventBridge bus (with an archive) that the stream function alone may put events on', () => {
    s.template.resourceCountIs('AWS::Events::EventBus', 1);
    s.template.hasResourceProperties('AWS::Events::Archive', { EventPattern: { source: ['medical-necessity-api.cases'] } });
    const busId = logicalId(s, s.stack.events.bus);
    const put = statementsOf(s.stack.events.streamFunction).find((st) => asArray<string>(st.Action).includes('events:PutEvents'));
    expect(put.Resource).toEqual(getAtt(busId));
    const env = s.json.Resources[logicalId(s, s.stack.events.streamFunction)]!.Properties.Environment.Variables;
    expect(env.EVENT_BUS_NAME).toEqual({ Ref: busId });
  });

  it('maps the table stream to the stream function: in order per shard, retries, bisect, partial failures, an on-failure queue, CASE and new SUBSCRIPTION items only', () => {
    const tableId = logicalId(s, s.stack.data.table);
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(tableId, 'StreamArn'),
      FunctionName: { Ref: logicalId(s, s.stack.events.streamFunction) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(s, s.stack.events.streamFailures)) } },
      FilterCriteria: {
        Filters: Match.arrayWith([
          { Pattern: JSON.stringify({ dynamodb: { NewImage: { type: { S: ['CASE'] } } } }) },
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['SUBSCRIPTION'] } } } }) },
        ]),
      },
    });
    expect(paths.streamHandler).toMatch(/lambda\/handlers\/stream\.ts$/);
  });

  it('delivers through an encrypted FIFO queue with a dead-letter queue, consumed by the deliverer with partial batch failures', () => {
    const dlqId = logicalId(s, s.stack.events.deadLetterQueue);
    const queueId = logicalId(s, s.stack.events.queue);
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: getAtt(dlqId), maxReceiveCount: DELIVERY_MAX_RECEIVES },
    });
    expect(s.json.Resources[dlqId]!.Properties.FifoQueue).toBe(true);
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(queueId),
      FunctionName: { Ref: logicalId(s, s.stack.events.deliverFunction) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: Match.anyValue() },
    });
    // The queue is where the stream function sends; the deliverer may change a message's visibility (back-off).
    const send = statementsOf(s.stack.events.streamFunction).find((st) => st.Sid === 'QueueDeliveries');
    expect(send.Resource).toEqual(getAtt(queueId));
    const consume = statementsOf(s.stack.events.deliverFunction).find((st) => st.Sid === 'ConsumeDeliveries');
    expect(consume.Action).toContain('sqs:ChangeMessageVisibility');
    expect(paths.deliverHandler).toMatch(/lambda\/handlers\/deliver\.ts$/);
  });

  it('alarms on the dead-letter queue, the stream failures, undeliverable notifications and a lagging stream', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const topicId = logicalId(s, s.stack.monitoring.topic);
    const onTopic = (a: any) => JSON.stringify(a.AlarmActions) === JSON.stringify([{ Ref: topicId }]);
    const byQueue = (q: { node: { defaultChild?: unknown } }) =>
      alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(logicalId(s, q)));
    expect(onTopic(byQueue(s.stack.events.deadLetterQueue))).toBe(true);
    expect(onTopic(byQueue(s.stack.events.streamFailures))).toBe(true);
    const undeliverable = alarms.find((a) => a.MetricName === deliveryMetricNames.undeliverable)!;
    expect(undeliverable).toMatchObject({ Namespace: 'MedicalNecessityApi', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(onTopic(undeliverable)).toBe(true);
    expect(alarms.some((a) => a.MetricName === 'IteratorAge' && onTopic(a))).toBe(true);
  });

  it('seals channel headers with a KMS key of their own: the FHIR function may only encrypt, the deliverer only decrypt', () => {
    const keyId = logicalId(s, s.stack.events.secretsKey);
    expect(s.json.Resources[keyId]!.Properties.EnableKeyRotation).toBe(true);
    const fhir = statementsOf(s.stack.fhirFunction).filter((st) => JSON.stringify(st.Resource) === JSON.stringify(getAtt(keyId)));
    expect(fhir.flatMap((st) => asArray<string>(st.Action))).toEqual(['kms:Encrypt']);
    const deliver = statementsOf(s.stack.events.deliverFunction).filter((st) => JSON.stringify(st.Resource) === JSON.stringify(getAtt(keyId)));
    expect(deliver.flatMap((st) => asArray<string>(st.Action))).toEqual(['kms:Decrypt']);
    expect(s.json.Resources[logicalId(s, s.stack.fhirFunction)]!.Properties.Environment.Variables.SUBSCRIPTION_KEY_ID).toEqual(getAtt(keyId));
    expect(s.json.Resources[logicalId(s, s.stack.events.deliverFunction)]!.Properties.Environment.Variables.SUBSCRIPTION_KEY_ID).toEqual(getAtt(keyId));
  });

  it('serves the subscription routes through the FHIR function', () => {
    const routes = Object.values(s.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(routes).toEqual(
      expect.arrayContaining(['POST /fhir/Subscription', 'GET /fhir/Subscription', 'GET /fhir/Subscription/{id}', 'DELETE /fhir/Subscription/{id}', 'GET /fhir/Subscription/{id}/$status']),
    );
  });

  it('passes the HIPAA checks with nothing new acknowledged but the two event-driven functions', () => {
    expect(s.nagViolations).toEqual([]);
  });
});
