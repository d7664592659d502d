import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createDocumentClient } from '../store/client';
import { seedTable } from '../store/bootstrap';

/**
 * CloudFormation custom resource (Provider framework onEvent): seeds the shipped policy
 * versions into the table on every deploy where they changed. Writes
 * are conditional, so a version already stored is never altered.
 */
export const handler = async (event: CloudFormationCustomResourceEvent) => {
  if (event.RequestType !== 'Delete') {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) throw new Error('TABLE_NAME is not set');
    await seedTable({ db: createDocumentClient(), tableName });
  }
  return { PhysicalResourceId: 'policies' };
};
