/**
 * The single DynamoDB table, declared once as data (ElectroDB style).
 *
 * Used by the Lambda's repositories, the local bootstrap, the tests and the CDK
 * stack, so the key shapes and indexes can never drift apart.
 *
 * Item collections:
 *   CASE#<id>        CASE                      the case (current state, version)
 *                    DET#<0001>                immutable determinations, oldest first
 *                    AUDIT#<at>#<version>      immutable audit records
 *                    NOTICE#<caseVersion>#<kind>#<audience>  immutable notices, oldest first
 *   IDEMPOTENCY#<providerId>#<key>  IDEMPOTENCY  first case created for a key
 *   AUTH#<number>    AUTH                      an authorization number, claimed by one case's determination (caseId: the case holding it)
 *   POLICY#<id>      V#<0001>                  immutable policy versions
 *   POLICIES         <id>                      catalogue: latest version of each policy
 *   POLICY_CPT#<cpt> <effectiveFrom>#<id>#<0001>  policy versions by service, by effective date
 *   STATS#<yyyy-mm>  <yyyy-mm-dd>#<cpt>#<urgency>  analytics counters for one received day
 */

export type KeyAttribute = { readonly name: string; readonly type: 'S' | 'N' };

type IndexDefinition = {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** What the index answers, for the README and reviewers. */
  readonly serves: string;
};

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

export const tableDefinition = {
  partitionKey: S('pk'),
  sortKey: S('sk'),
  billingMode: 'PAY_PER_REQUEST' as const,
  indexes: {
    byProvider: {
      indexName: 'byProvider',
      partitionKey: S('gsi1pk'),
      sortKey: S('gsi1sk'),
      serves: "a provider's cases, newest received first (PROVIDER#<providerId>, <receivedAt>#<caseId>)",
    },
    byStatus: {
      indexName: 'byStatus',
      partitionKey: S('gsi2pk'),
      sortKey: S('gsi2sk'),
      serves: 'work queues: cases in one status ordered by due date; overdue = dueAt < now (STATUS#<status>, <dueAt>#<caseId>)',
    },
    byCpt: {
      indexName: 'byCpt',
      partitionKey: S('gsi3pk'),
      sortKey: S('gsi3sk'),
      serves: 'cases for one CPT/HCPCS code by received time (CPT#<code>, <receivedAt>#<caseId>)',
    },
    byReceived: {
      indexName: 'byReceived',
      partitionKey: S('gsi4pk'),
      sortKey: S('gsi4sk'),
      serves: 'all cases by received time (RECEIVED, <receivedAt>#<caseId>)',
    },
    byUrgency: {
      indexName: 'byUrgency',
      partitionKey: S('gsi5pk'),
      sortKey: S('gsi5sk'),
      serves: 'cases of one urgency by received time (URGENCY#<urgency>, <receivedAt>#<caseId>)',
    },
    byMember: {
      indexName: 'byMember',
      partitionKey: S('gsi6pk'),
      sortKey: S('gsi6sk'),
      serves: "a member's requests with one provider, by service then received time: the FHIR inquiry and Claim Update lookup (MEMBER#<providerId>#<memberId>, <cptCode>#<receivedAt>#<caseId>)",
    },
  },
} as const satisfies {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly indexes: { readonly [name: string]: IndexDefinition };
};

export type IndexName = keyof typeof tableDefinition.indexes;

/** Every attribute that is a key of the table or an index (for CreateTable). */
export function keyAttributes(): KeyAttribute[] {
  const all = [tableDefinition.partitionKey, tableDefinition.sortKey];
  for (const ix of Object.values(tableDefinition.indexes)) all.push(ix.partitionKey, ix.sortKey);
  return all;
}

/** The CreateTable request used by the local bootstrap and the tests. */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: tableDefinition.billingMode,
    AttributeDefinitions: keyAttributes().map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: Object.values(tableDefinition.indexes).map((ix) => ({
      IndexName: ix.indexName,
      KeySchema: [
        { AttributeName: ix.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: ix.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

const pad = (n: number) => n.toString().padStart(4, '0');
const month = (iso: string) => iso.slice(0, 7);

/** Primary keys of every item type, in one place. */
export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseCollection: (caseId: string) => `CASE#${caseId}`,
  determination: (caseId: string, version: number) => ({ pk: `CASE#${caseId}`, sk: `DET#${pad(version)}` }),
  audit: (caseId: string, at: string, caseVersion: number) => ({
    pk: `CASE#${caseId}`,
    sk: `AUDIT#${at}#${pad(caseVersion)}`,
  }),
  /** One notice; the zero-padded case version orders a case's notices by the change that issued them. */
  notice: (caseId: string, caseVersion: number, kind: string, audience: string) => ({
    pk: `CASE#${caseId}`,
    sk: `NOTICE#${pad(caseVersion)}#${kind}#${audience}`,
  }),
  idempotency: (providerId: string, key: string) => ({
    pk: `IDEMPOTENCY#${providerId}#${key}`,
    sk: 'IDEMPOTENCY',
  }),
  authorization: (number: string) => ({ pk: `AUTH#${number}`, sk: 'AUTH' }),
  policy: (policyId: string, version: number) => ({ pk: `POLICY#${policyId}`, sk: `V#${pad(version)}` }),
  policyCatalog: (policyId: string) => ({ pk: 'POLICIES', sk: policyId }),
  policyCatalogPartition: 'POLICIES',
  policyByCpt: (cpt: string, effectiveFrom: string, policyId: string, version: number) => ({
    pk: `POLICY_CPT#${cpt}`,
    sk: `${effectiveFrom}#${policyId}#${pad(version)}`,
  }),
  policyByCptPartition: (cpt: string) => `POLICY_CPT#${cpt}`,
  statsDay: (day: string, cpt: string, urgency: string) => ({
    pk: `STATS#${month(day)}`,
    sk: `${day}#${cpt}#${urgency}`,
  }),
  statsMonthPartition: (yyyyMm: string) => `STATS#${yyyyMm}`,
} as const;

/** The `<receivedAt>#<caseId>` / `<dueAt>#<caseId>` sort keys of the case indexes. */
const orderKey = (at: string, caseId: string) => `${at}#${caseId}`;
/** The greatest sort key at an instant: every case id at `at` sorts below it. */
const orderKeyCeiling = (at: string) => `${at}#\uffff`;

/** The partition values of the case indexes: the only place their formats live. */
export const casePartitions = {
  provider: (providerId: string) => `PROVIDER#${providerId}`,
  status: (status: string) => `STATUS#${status}`,
  cpt: (cptCode: string) => `CPT#${cptCode}`,
  received: () => 'RECEIVED',
  urgency: (urgency: string) => `URGENCY#${urgency}`,
  member: (providerId: string, memberId: string) => `MEMBER#${providerId}#${memberId}`,
} as const;

/** The byMember sort key prefix of one service code's cases (`<cptCode>#`). */
export const memberServicePrefix = (cptCode: string) => `${cptCode}#`;

/** Which index answers a listing partition, and its key condition values. */
export function listingKey(p: ListingPartitionRef): { index: IndexName; partitionValue: string; sortFrom?: string; sortTo?: string } {
  const range = {
    ...(p.from !== undefined ? { sortFrom: p.from } : {}),
    // `before` is exclusive: `<at>#...` sorts above `<at>`, so the bare instant excludes it.
    ...(p.before !== undefined ? { sortTo: p.before } : p.to !== undefined ? { sortTo: orderKeyCeiling(p.to) } : {}),
  };
  switch (p.by) {
    case 'provider':
      return { index: 'byProvider', partitionValue: casePartitions.provider(p.providerId), ...range };
    case 'status':
      return { index: 'byStatus', partitionValue: casePartitions.status(p.status), ...range };
    case 'cpt':
      return { index: 'byCpt', partitionValue: casePartitions.cpt(p.cptCode), ...range };
    case 'urgency':
      return { index: 'byUrgency', partitionValue: casePartitions.urgency(p.urgency), ...range };
    case 'received':
      return { index: 'byReceived', partitionValue: casePartitions.received(), ...range };
  }
}

/** A listing partition as the core names it (lambda/core/listing/plan.ts), structurally. */
export type ListingPartitionRef = (
  | { by: 'provider'; providerId: string }
  | { by: 'status'; status: string }
  | { by: 'cpt'; cptCode: string }
  | { by: 'urgency'; urgency: string }
  | { by: 'received' }
) & { from?: string; to?: string; before?: string };

/** Upper bound of a day range over `<day>#...` sort keys (stats items, policy-by-CPT entries). */
export const dayCeiling = (day: string) => `${day}#\uffff`;

export type CaseIndexSource = {
  id: string;
  providerId: string;
  memberId: string;
  status: string;
  cptCode: string;
  urgency: string;
  receivedAt: string;
  dueAt: string;
};

/** The index attributes a case item carries; rewritten whenever status changes. */
export function caseIndexAttributes(c: CaseIndexSource) {
  const received = orderKey(c.receivedAt, c.id);
  return {
    gsi1pk: casePartitions.provider(c.providerId),
    gsi1sk: received,
    gsi2pk: casePartitions.status(c.status),
    gsi2sk: orderKey(c.dueAt, c.id),
    gsi3pk: casePartitions.cpt(c.cptCode),
    gsi3sk: received,
    // One partition each: a page never straddles partitions, so it stays one Query.
    // A GSI partition takes ~1,000 writes/s, far above prior-authorization volumes.
    gsi4pk: casePartitions.received(),
    gsi4sk: received,
    gsi5pk: casePartitions.urgency(c.urgency),
    gsi5sk: received,
    gsi6pk: casePartitions.member(c.providerId, c.memberId),
    gsi6sk: `${memberServicePrefix(c.cptCode)}${received}`,
  };
}
