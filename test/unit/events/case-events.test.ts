import { describe, expect, it } from 'vitest';
import { caseEventOf, notifiesSubscribers, type CaseEvent } from '../../../lambda/events/case-events';

const base = {
  type: 'CASE',
  pk: 'CASE#c1',
  sk: 'CASE',
  id: 'c1',
  version: 1,
  status: 'PENDING_PHYSICIAN_REVIEW',
  providerId: '1234567893',
  urgency: 'STANDARD',
  determinationCount: 1,
  receivedAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  memberId: 'M-SECRET-1',
  clinicalFacts: { painScoreNrs: 8 },
  extension: null,
  informationRequest: null,
};
const next = (prev: Record<string, unknown>, change: Record<string, unknown>) => ({ ...prev, version: (prev.version as number) + 1, updatedAt: '2026-03-02T10:00:00.000Z', ...change });

describe('case events from the CASE item images', () => {
  it('a new case item is SUBMITTED, with the id <caseId>:<version> and no member id or facts', () => {
    const e = caseEventOf(undefined, base)!;
    expect(e).toEqual<CaseEvent>({
      id: 'c1:1',
      kind: 'SUBMITTED',
      caseId: 'c1',
      caseVersion: 1,
      providerId: '1234567893',
      status: 'PENDING_PHYSICIAN_REVIEW',
      previousStatus: null,
      determinationVersion: 1,
      urgency: 'STANDARD',
      occurredAt: '2026-03-01T10:00:00.000Z',
    });
    expect(JSON.stringify(e)).not.toMatch(/M-SECRET|painScore/);
  });

  it.each([
    ['a decision (a determination appended)', { status: 'DENIED', determinationCount: 2 }, 'DETERMINATION'],
    ['a re-evaluation after new facts', { status: 'PENDING_PHYSICIAN_REVIEW', determinationCount: 2 }, 'DETERMINATION'],
    ['a request for information', { status: 'PENDING_INFORMATION', informationRequest: { requestedAt: '2026-03-02T10:00:00.000Z' } }, 'INFORMATION_REQUEST'],
    ['an extension', { extension: { extendedAt: '2026-03-02T10:00:00.000Z' } }, 'EXTENSION'],
    ['a withdrawal', { status: 'WITHDRAWN' }, 'WITHDRAWAL'],
  ])('%s', (_name, change, kind) => {
    const e = caseEventOf(base, next(base, change))!;
    expect(e.kind).toBe(kind);
    expect(e.caseVersion).toBe(2);
    expect(e.previousStatus).toBe('PENDING_PHYSICIAN_REVIEW');
  });

  it('an appeal reopens a denied case: APPEAL, then its decision is a DETERMINATION', () => {
    const denied = next(base, { status: 'DENIED', determinationCount: 2 });
    const appealed = next(denied, { status: 'APPEAL_PENDING' });
    expect(caseEventOf(denied, appealed)!.kind).toBe('APPEAL');
    expect(caseEventOf(appealed, next(appealed, { status: 'DENIAL_UPHELD', determinationCount: 3 }))!).toMatchObject({ kind: 'DETERMINATION', determinationVersion: 3 });
  });

  it('ignores every other item of the table, removals and rewrites of the same version', () => {
    for (const type of ['DETERMINATION', 'AUDIT', 'STATS_DAY', 'NOTICE', 'SUBSCRIPTION', 'NOTIFICATION', 'AUTH', 'IDEMPOTENCY']) {
      expect(caseEventOf(undefined, { ...base, type })).toBeNull();
    }
    expect(caseEventOf(base, null)).toBeNull();
    expect(caseEventOf(base, { ...base })).toBeNull();
  });

  it('notifies subscribers of changes of a pended request only, never of the submission', () => {
    const submitted = caseEventOf(undefined, base)!;
    const decided = caseEventOf(base, next(base, { status: 'APPROVED', determinationCount: 2 }))!;
    const approved = { ...base, status: 'APPROVED' };
    const notPended = caseEventOf(approved, next(approved, { extension: { extendedAt: 'x' } }))!;
    const appealed = caseEventOf({ ...base, status: 'DENIED' }, next({ ...base, status: 'DENIED' }, { status: 'APPEAL_PENDING' }))!;
    expect([submitted, decided, notPended, appealed].map(notifiesSubscribers)).toEqual([false, true, false, true]);
  });
});
