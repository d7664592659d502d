import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition, type KeyAttribute } from '../../lambda/store/table';
import type { EnvironmentConfig } from '../config';

const attributeType = (a: KeyAttribute): dynamodb.Attribute => ({
  name: a.name,
  type: a.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

export type DataStoreProps = {
  config: EnvironmentConfig;
  dataKey: kms.IKey;
  removalPolicy: RemovalPolicy;
};

/**
 * The single table, built from the shared table definition (lambda/store/table.ts)
 * so keys and indexes cannot drift from what the handler queries.
 */
export class DataStore extends Construct {
  readonly table: dynamodb.Table;
  /** ARNs of the table's global secondary indexes (for least-privilege IAM). */
  readonly indexArns: string[];
  readonly backupPlan?: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);
    const { config } = props;

    const billingMode =
      tableDefinition.billingMode === 'PAY_PER_REQUEST' ? dynamodb.BillingMode.PAY_PER_REQUEST : dynamodb.BillingMode.PROVISIONED;

    // Table (CfnTable) rather than TableV2 (CfnGlobalTable): the cdk-nag HIPAA rules
    // for PITR and backup plans inspect CfnTable; with TableV2 they would pass vacuously.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attributeType(tableDefinition.partitionKey),
      sortKey: attributeType(tableDefinition.sortKey),
      billingMode,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.dataKey,
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: config.data.pointInTimeRecoveryDays,
      },
      deletionProtection: config.data.deletionProtection,
      removalPolicy: props.removalPolicy,
      // Every case change leaves through the stream (infra/constructs/events.ts); both images, as declared.
      stream: dynamodb.StreamViewType[tableDefinition.streamViewType],
    });

    const indexes = Object.values(tableDefinition.indexes);
    for (const ix of indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.indexName,
        partitionKey: attributeType(ix.partitionKey),
        sortKey: attributeType(ix.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.indexArns = indexes.map((ix) => `${this.table.tableArn}/index/${ix.indexName}`);

    if (config.data.backup.enabled) {
      const vault = new backup.BackupVault(this, 'BackupVault', {
        encryptionKey: props.dataKey,
        removalPolicy: RemovalPolicy.RETAIN,
        // Recovery points can only expire through the plan's lifecycle, never be deleted by hand.
        blockRecoveryPointDeletion: config.envName === 'prod',
      });
      this.backupPlan = new backup.BackupPlan(this, 'BackupPlan', {
        backupVault: vault,
        backupPlanRules: [
          new backup.BackupPlanRule({
            ruleName: 'Daily',
            scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }),
            startWindow: Duration.hours(1),
            completionWindow: Duration.hours(4),
            deleteAfter: Duration.days(config.data.backup.retentionDays),
          }),
        ],
      });
      this.backupPlan.addSelection('Table', {
        resources: [backup.BackupResource.fromDynamoDbTable(this.table)],
        allowRestores: false,
      });
    }
  }
}
