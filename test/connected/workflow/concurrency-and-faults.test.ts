import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT_WITH_DETERMINATION, submitInput } from '../../support/fixtures';
import { APPEAL, UPDATE_FACTS, decide } from '../../support/workflow';
import { referenceFacts } from '../../unit/engine/fixtures/reference-case';
import { keys } from '../../../lambda/store/table';

let api: TestApi;
const provider = as.provider('PRV-DEMO-001');

beforeAll(async () => {
  api = await createTestApi();
});

async function submitReference() {
  const res = await api.gql(provider, SUBMIT_WITH_DETERMINATION, { input: submitInput({ clinicalFacts: referenceFacts }) });
  return res.body.data.submitCase.case as { id: string; version: number };
}

const caseItems = async (id: string) => (await allItems(api)).filter((i) => String(i.pk) === `CASE#${id}`);
const statsItems = async () => (await allItems(api)).filter((i) => String(i.pk).startsWith('STATS#'));

describe('concurrent writers', () => {
  it('three concurrent decisions on one version: exactly one wins, the others get VERSION_CONFLICT', async () => {
    const c = await submitReference();
    const results = await Promise.all([
      decide(api, as.physician('dr-1'), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] }),
      decide(api, as.physician('dr-2'), { caseId: c.id, expectedVersion: 1, decision: 'APPROVED', reasons: ['Inpatient stay justified'] }),
      decide(api, as.physician('dr-3'), { caseId: c.id, expectedVersion: 1, decision: 'PARTIALLY_APPROVED', approvedSetting: 'OUTPATIENT', reasons: ['Outpatient suffices'] }),
    ]);
    const winners = results.filter((r) => r.payload.userErrors.length === 0);
    const losers = results.filter((r) => r.payload.userErrors.length > 0);
    expect(winners).toHaveLength(1);
    expect(losers.map((l) => l.payload.userErrors[0].code)).toEqual(['VERSION_CONFLICT', 'VERSION_CONFLICT']);
    const items = await caseItems(c.id);
    expect(items.filter((i) => i.type === 'DETERMINATION')).toHaveLength(2);
    expect(items.filter((i) => i.type === 'AUDIT')).toHaveLength(2);
    expect(items.find((i) => i.type === 'CASE')).toMatchObject({ version: 2, status: winners[0]!.payload.case.status });
  });

  it('a racing facts update and decision: one wins, nothing half-written', async () => {
    const c = await submitReference();
    const [u, d] = await Promise.all([
      api.gql(provider, UPDATE_FACTS, { input: { caseId: c.id, expectedVersion: 1, clinicalFacts: { ...referenceFacts, painScoreNrs: 8 } } }),
      decide(api, as.physician('dr-1'), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] }),
    ]);
    const ok = [u.body.data.updateClinicalFacts.userErrors.length === 0, d.payload.userErrors.length === 0];
    expect(ok.filter(Boolean)).toHaveLength(1);
    const items = await caseItems(c.id);
    expect(items.filter((i) => i.type === 'DETERMINATION')).toHaveLength(2);
    expect(items.find((i) => i.type === 'CASE')!.version).toBe(2);
  });
});

describe('faults mid-write leave nothing changed', () => {
  it('a cancelled transaction (a conflicting item already at the determination key)', async () => {
    const c = await submitReference();
    // Plant an item where the decision's determination would go: its not-exists condition fails.
    const planted = { ...keys.determination(c.id, 2), type: 'PLANTED' };
    await api.handler.db.send(new PutCommand({ TableName: api.tableName, Item: planted }));
    const before = await allItems(api);
    const r = await decide(api, as.physician('dr-1'), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] });
    expect(r.payload.case).toBeNull();
    expect(r.payload.userErrors[0].code).toBe('VERSION_CONFLICT');
    expect(await allItems(api)).toEqual(before);
  });

  it('DynamoDB unreachable at the moment of the write', async () => {
    const c = await submitReference();
    const statsBefore = await statsItems();
    const itemsBefore = await caseItems(c.id);
    const failWrites = 'failTransactWrites';
    api.handler.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'TimeoutError', $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: failWrites },
    );
    try {
      const r = await decide(api, as.physician('dr-1'), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] });
      expect(r.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(r.res.body)).not.toContain('ECONNREFUSED');
      const appeal = await api.gql(provider, APPEAL, { input: { caseId: c.id, expectedVersion: 1, reason: 'x' } });
      expect(appeal.body.data.appealCase.userErrors[0].code).toBe('NOT_APPEALABLE');
    } finally {
      api.handler.db.middlewareStack.remove(failWrites);
    }
    expect(await caseItems(c.id)).toEqual(itemsBefore);
    expect(await statsItems()).toEqual(statsBefore);
    // And the case still moves once DynamoDB is back.
    const r = await decide(api, as.physician('dr-1'), { caseId: c.id, expectedVersion: 1, decision: 'DENIED', reasons: ['Not met'] });
    expect(r.payload.case.status).toBe('DENIED');
  });
});
