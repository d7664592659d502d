import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export type KeysProps = {
  envName: string;
  removalPolicy: RemovalPolicy;
};

/**
 * Two customer-managed keys with yearly rotation:
 *  - `dataKey` encrypts PHI at rest: the DynamoDB table and its backups. Only the
 *    API and seeding functions (through DynamoDB) and AWS Backup use it.
 *  - `opsKey` encrypts operational data: CloudWatch log groups and the alarm topic.
 *    Its key policy lets CloudWatch Logs (this account/region's log groups only)
 *    and CloudWatch alarms (to publish to the encrypted SNS topic) use it.
 * Keeping them apart means log readers never get decrypt rights on the PHI key.
 */
export class EncryptionKeys extends Construct {
  readonly dataKey: kms.Key;
  readonly opsKey: kms.Key;

  constructor(scope: Construct, id: string, props: KeysProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const common = {
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: props.removalPolicy,
      pendingWindow: Duration.days(destroy ? 7 : 30),
    };

    this.dataKey = new kms.Key(this, 'DataKey', {
      ...common,
      description: `medical-necessity-api ${props.envName}: PHI at rest (DynamoDB table, backups)`,
      alias: `alias/medical-necessity-api/${props.envName}/data`,
    });

    this.opsKey = new kms.Key(this, 'OpsKey', {
      ...common,
      description: `medical-necessity-api ${props.envName}: CloudWatch Logs and the alarm topic`,
      alias: `alias/medical-necessity-api/${props.envName}/ops`,
    });

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    // Alarms publish to the KMS-encrypted topic as the CloudWatch service principal.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}
