import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CompiledPolicy, PolicyDocument } from '../engine';
import type { PolicyRepository, PublishResult } from '../core/ports';
import { dayCeiling, keys } from './table';
import { queryAll } from './query-all';
import { StoreError } from './errors';
import { loadEngine } from '../engine/load';

/**
 * Policy versions are immutable: a version is written once, under a not-exists
 * condition, and the catalogue only moves forward (a new version must be higher).
 * Compiled policies are cached per container: a stored version never changes.
 */
const compiled = new Map<string, CompiledPolicy>();

/**
 * Compiles a stored version on first use (the engine, with CEL, is loaded then too: a
 * cold start that reads no policy never evaluates it) and keeps it for the container.
 */
async function compileStored(document: string): Promise<CompiledPolicy> {
  const doc = JSON.parse(document) as PolicyDocument;
  const key = `${doc.id}@${doc.version}`;
  let p = compiled.get(key);
  if (!p) {
    const { compilePolicy } = await loadEngine();
    p = compilePolicy(doc);
    compiled.set(key, p);
  }
  return p;
}

export class PolicyStore implements PolicyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes a compiled (hence valid) policy version, its CPT index entries and the catalogue entry. */
  async publish(policy: CompiledPolicy): Promise<PublishResult> {
    const T = this.tableName;
    const document = JSON.stringify(policy.doc);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T,
                Item: { ...keys.policy(policy.id, policy.version), type: 'POLICY', policyId: policy.id, version: policy.version, document },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: T,
                Item: { ...keys.policyCatalog(policy.id), type: 'POLICY_CATALOG', policyId: policy.id, latestVersion: policy.version, document },
                ConditionExpression: 'attribute_not_exists(pk) OR latestVersion < :v',
                ExpressionAttributeValues: { ':v': policy.version },
              },
            },
            ...policy.cptCodes.map((cpt) => ({
              Put: {
                TableName: T,
                Item: {
                  ...keys.policyByCpt(cpt, policy.effectiveFrom, policy.id, policy.version),
                  type: 'POLICY_CPT',
                  policyId: policy.id,
                  version: policy.version,
                  effectiveFrom: policy.effectiveFrom,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
      return { ok: true };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const codes = (err.CancellationReasons ?? []).map((r) => r.Code);
      if (codes[0] === 'ConditionalCheckFailed') return { ok: false, reason: 'VERSION_EXISTS' };
      if (codes[1] === 'ConditionalCheckFailed') return { ok: false, reason: 'VERSION_NOT_NEWER' };
      throw err;
    }
  }

  async get(policyId: string, version: number): Promise<CompiledPolicy | null> {
    const cached = compiled.get(`${policyId}@${version}`);
    if (cached) return cached;
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.policy(policyId, version) }));
    return res.Item ? compileStored(String(res.Item.document)) : null;
  }

  async latest(policyId: string): Promise<CompiledPolicy | null> {
    const res = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.policyCatalog(policyId), ConsistentRead: true }));
    return res.Item ? compileStored(String(res.Item.document)) : null;
  }

  /** The latest version of every policy. */
  async list(): Promise<CompiledPolicy[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.policyCatalogPartition },
    });
    return Promise.all(items.map((item) => compileStored(String(item.document))));
  }

  /** The version in effect for a service code on a date: the latest effectiveFrom <= date. */
  async inEffect(cptCode: string, date: string): Promise<CompiledPolicy | null> {
    const res = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
        ExpressionAttributeValues: { ':pk': keys.policyByCptPartition(cptCode), ':upTo': dayCeiling(date) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const hit = res.Items?.[0];
    if (!hit) return null;
    return this.get(String(hit.policyId), Number(hit.version));
  }
}

/** Loads the shipped policy files into the table; versions already there are left as they are. */
export async function ensurePolicies(store: PolicyStore, policies: CompiledPolicy[]): Promise<void> {
  const ordered = [...policies].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  for (const p of ordered) {
    // publish() is conditional: a version already stored is left untouched.
    const result = await store.publish(p);
    if (!result.ok && result.reason !== 'VERSION_EXISTS' && result.reason !== 'VERSION_NOT_NEWER') throw new StoreError('policy seeding failed');
  }
}
