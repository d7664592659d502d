import { describe, expect, it } from 'vitest';
import { caseStatuses, type CaseStatus } from '../../../lambda/domain/case';
import { roles, type Role } from '../../../lambda/auth/caller';
import { engineOutcome, transition, type Decision } from '../../../lambda/domain/workflow';

const decisions: Decision[] = ['APPROVED', 'PARTIALLY_APPROVED', 'DENIED'];
const preDecision: CaseStatus[] = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW'];

/** The contract's Rules, written out independently of lambda/domain/workflow.ts. */
function expectedDecision(from: CaseStatus, decision: Decision, role: Role, sameAsDenier: boolean, withReason: boolean): string {
  if (preDecision.includes(from)) {
    if (role !== 'UM_NURSE' && role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
    if (decision === 'APPROVED') return 'APPROVED';
    if (role === 'UM_NURSE') return 'FORBIDDEN';
    if (!withReason) return 'REASON_REQUIRED';
    return decision;
  }
  if (from === 'APPEAL_PENDING') {
    if (decision === 'PARTIALLY_APPROVED') return 'INVALID_TRANSITION';
    if (role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
    if (decision === 'DENIED' && !withReason) return 'REASON_REQUIRED';
    if (sameAsDenier) return 'SAME_REVIEWER_ON_APPEAL';
    return decision === 'APPROVED' ? 'APPROVED_ON_APPEAL' : 'DENIAL_UPHELD';
  }
  return 'CASE_ALREADY_DECIDED';
}

describe('recordDecision transitions, every status × decision × role × reviewer × reason', () => {
  const rows: [CaseStatus, Decision, Role, boolean, boolean][] = [];
  for (const s of caseStatuses) for (const d of decisions) for (const r of roles) for (const same of [false, true]) for (const reason of [false, true]) rows.push([s, d, r, same, reason]);

  it.each(rows)('%s + %s by %s (same physician as denier: %s, reason: %s)', (from, decision, role, same, withReason) => {
    const result = transition({
      from,
      action: { kind: 'DECIDE', decision, reasons: withReason ? ['Criterion 1 not met'] : ['  '] },
      actor: { sub: 'doc-1', role },
      adverseDecisionBy: same ? 'doc-1' : 'doc-2',
    });
    const expected = expectedDecision(from, decision, role, same, withReason);
    expect(result.ok ? result.to : result.code).toBe(expected);
  });
});

describe('appeals', () => {
  it.each(caseStatuses.flatMap((s) => roles.map((r) => [s, r] as const)))('APPEAL from %s by %s', (from, role) => {
    const result = transition({ from, action: { kind: 'APPEAL' }, actor: { sub: 'p', role } });
    const appealable = from === 'DENIED' || from === 'PARTIALLY_APPROVED';
    const expected = !appealable ? 'INVALID_TRANSITION' : role === 'PROVIDER' ? 'APPEAL_PENDING' : 'FORBIDDEN';
    expect(result.ok ? result.to : result.code).toBe(expected);
  });
});

describe('engine re-evaluation and extension', () => {
  it.each(caseStatuses)('EVALUATE from %s', (from) => {
    const r = transition({ from, action: { kind: 'EVALUATE', outcome: 'PEND_REVIEW' }, actor: { sub: 'ENGINE', role: 'ENGINE' } });
    expect(r.ok).toBe(preDecision.includes(from));
  });

  it('maps engine results to statuses as the contract says (never a denial)', () => {
    expect(engineOutcome('MEDICALLY_NECESSARY', false)).toBe('APPROVE');
    expect(engineOutcome('MEDICALLY_NECESSARY', true)).toBe('PEND_REVIEW');
    expect(engineOutcome('INSUFFICIENT_INFORMATION', false)).toBe('PEND_INFORMATION');
    expect(engineOutcome('INSUFFICIENT_INFORMATION', true)).toBe('PEND_INFORMATION');
    expect(engineOutcome('NOT_MEDICALLY_NECESSARY', false)).toBe('PEND_REVIEW');
  });

  it.each(caseStatuses.flatMap((s) => roles.map((r) => [s, r] as const)))('EXTEND from %s by %s', (from, role) => {
    const r = transition({ from, action: { kind: 'EXTEND' }, actor: { sub: 'x', role }, reason: 'records requested' });
    const expected = !preDecision.includes(from) ? 'INVALID_TRANSITION' : role === 'UM_NURSE' || role === 'PHYSICIAN_REVIEWER' ? from : 'FORBIDDEN';
    expect(r.ok ? r.to : r.code).toBe(expected);
  });

  it('requires a reason to extend', () => {
    const r = transition({ from: 'PENDING_PHYSICIAN_REVIEW', action: { kind: 'EXTEND' }, actor: { sub: 'x', role: 'UM_NURSE' }, reason: ' ' });
    expect(r.ok ? r.to : r.code).toBe('REASON_REQUIRED');
  });
});
