/**
 * cdk-nag HIPAA Security checks and every acknowledged (suppressed) finding, with
 * its reason, in one place.
 *
 * cdk-nag 3 runs as a CDK policy-validation plugin (`Validations.of(app).addPlugins`)
 * instead of an Aspect, and findings are acknowledged with
 * `Validations.of(construct).acknowledge({ id, reason })` instead of NagSuppressions.
 * Any unacknowledged finding fails `cdk synth` (and `app.synth()` in tests).
 */
import { Validations, type App } from 'aws-cdk-lib';
import { HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export const HIPAA_PACK = 'HIPAA.Security';

/** Why each acknowledged rule does not apply where it is acknowledged. */
export const SUPPRESSION_REASONS = {
  'LambdaInsideVPC':
    'The functions reach only AWS public service endpoints (DynamoDB, KMS, CloudWatch Logs) over TLS with SigV4/IAM; ' +
    'there is no private resource to reach. A VPC would add NAT/endpoint cost and cold-start latency without ' +
    'reducing exposure; the data path is protected by IAM least privilege, KMS CMK encryption and TLS.',
  'LambdaDLQ:api':
    'Invoked synchronously by API Gateway: a failed request is returned to the caller as an error and is never ' +
    'retried asynchronously, so a dead-letter queue would never receive anything. Errors alarm via CloudWatch.',
  'LambdaDLQ:fhir':
    'Invoked synchronously by API Gateway (the FHIR door): a failed request is answered to the EHR as an ' +
    'OperationOutcome or a 5xx and is never retried asynchronously, so a dead-letter queue would never receive anything.',
  'LambdaDLQ:seed':
    'Invoked synchronously by the custom-resource provider framework during a deployment; a failure fails the ' +
    'CloudFormation operation (and rolls it back), which is the signal. Nothing is ever queued for retry.',
  'LambdaDLQ:framework':
    'CDK custom-resource provider framework function: CloudFormation invokes it once per stack event and it reports ' +
    'success or failure back to CloudFormation itself; a dead-letter queue would duplicate that signal.',
  'LambdaDLQ:stream':
    'Invoked by its DynamoDB stream event source mapping, never asynchronously: records it cannot process after ' +
    'its retries go to the mapping\'s on-failure SQS queue (alarmed), which is where a function DLQ would put them.',
  'LambdaDLQ:deliver':
    'Invoked by its SQS event source mapping, never asynchronously: a message it cannot process returns to the ' +
    'delivery queue and, after its receives, goes to that queue\'s dead-letter queue (alarmed).',
  'DynamoDBInBackupPlan:dev':
    'dev holds synthetic data only (no PHI) and must be destroyable with the stack; an AWS Backup vault would ' +
    'outlive it. Point-in-time recovery is enabled. staging and prod are in a daily AWS Backup plan.',
} as const;

type ReasonKey = keyof typeof SUPPRESSION_REASONS;

/** Acknowledge a HIPAA rule on a construct (and its children) with the catalogued reason. */
export function acknowledge(scope: IConstruct, reasonKey: ReasonKey): void {
  const rule = reasonKey.split(':')[0]!;
  Validations.of(scope).acknowledge({ id: `${HIPAA_PACK}-${rule}`, reason: SUPPRESSION_REASONS[reasonKey] });
}

/** Register the HIPAA Security pack on the app; unacknowledged findings fail synthesis. */
export function applyHipaaChecks(app: App): void {
  Validations.of(app).addPlugins(new HIPAASecurityChecks(app, { verbose: true }));
}
