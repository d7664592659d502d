import { describe, expect, it } from 'vitest';
import { roles, type Role } from '../../../lambda/core/access/roles';
import { useCaseRoles } from '../../../lambda/core/access/table';
import { useCaseErrors } from '../../../lambda/core/errors/catalogue';
import { caseStatuses, decisions, type CaseStatus } from '../../../lambda/core/model/case';
import {
  actions,
  engineOutcome,
  NEW,
  reviewActionForDecision,
  transition,
  transitions,
  type EngineOutcome,
  type WorkflowAction,
  type WorkflowState,
} from '../../../lambda/core/workflow/table';

const states: WorkflowState[] = [NEW, ...caseStatuses];
const outcomes: EngineOutcome[] = ['APPROVE', 'PEND_INFORMATION', 'PEND_REVIEW'];
const variants: WorkflowAction[] = [
  ...outcomes.map((outcome) => ({ kind: 'SUBMIT' as const, outcome })),
  ...outcomes.map((outcome) => ({ kind: 'UPDATE_FACTS' as const, outcome })),
  ...decisions.map((decision) => ({ kind: 'DECIDE' as const, decision })),
  { kind: 'APPEAL' },
  { kind: 'EXTEND' },
  { kind: 'REQUEST_INFO' },
  { kind: 'WITHDRAW' },
];

/** Every combination of what the conditions read. */
type Conditions = { ownProvider: boolean; reason: boolean; sameReviewer: boolean; standard: boolean; extended: boolean };
const conditionCombos: Conditions[] = [];
for (let i = 0; i < 32; i++) {
  conditionCombos.push({ ownProvider: !!(i & 1), reason: !!(i & 2), sameReviewer: !!(i & 4), standard: !!(i & 8), extended: !!(i & 16) });
}

const preDecision: WorkflowState[] = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW'];
const byOutcome: Record<EngineOutcome, CaseStatus> = { APPROVE: 'APPROVED', PEND_INFORMATION: 'PENDING_INFORMATION', PEND_REVIEW: 'PENDING_PHYSICIAN_REVIEW' };

/** The contract's Rules, written out independently of lambda/core/workflow/table.ts: the resulting status or refusal code. */
function expected(from: WorkflowState, a: WorkflowAction, role: Role, c: Conditions): string {
  // A withdrawn case takes no further change, whatever the action and the role.
  if (from === 'WITHDRAWN' && a.kind !== 'SUBMIT') return 'CASE_CLOSED';
  switch (a.kind) {
    case 'SUBMIT':
      if (from !== NEW) return 'INVALID_TRANSITION';
      if (role !== 'PROVIDER' && role !== 'UM_NURSE') return 'FORBIDDEN';
      if (role === 'PROVIDER' && !c.ownProvider) return 'FORBIDDEN';
      return byOutcome[a.outcome];
    case 'UPDATE_FACTS':
      if (!preDecision.includes(from)) return 'CASE_NOT_PENDING';
      if (role !== 'PROVIDER' && role !== 'UM_NURSE' && role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
      return byOutcome[a.outcome];
    case 'DECIDE':
      if (preDecision.includes(from)) {
        if (role !== 'UM_NURSE' && role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
        if (a.decision === 'APPROVED') return 'APPROVED';
        if (role === 'UM_NURSE') return 'FORBIDDEN';
        if (!c.reason) return 'REASON_REQUIRED';
        return a.decision;
      }
      if (from === 'APPEAL_PENDING') {
        if (a.decision === 'PARTIALLY_APPROVED') return 'INVALID_TRANSITION';
        if (role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
        if (a.decision === 'DENIED' && !c.reason) return 'REASON_REQUIRED';
        if (c.sameReviewer) return 'SAME_REVIEWER_ON_APPEAL';
        return a.decision === 'APPROVED' ? 'APPROVED_ON_APPEAL' : 'DENIAL_UPHELD';
      }
      return 'CASE_ALREADY_DECIDED';
    case 'APPEAL':
      if (from !== 'DENIED' && from !== 'PARTIALLY_APPROVED') return 'NOT_APPEALABLE';
      if (role !== 'PROVIDER') return 'FORBIDDEN';
      if (!c.reason) return 'REASON_REQUIRED';
      return 'APPEAL_PENDING';
    case 'EXTEND':
      if (!preDecision.includes(from)) return 'CASE_NOT_PENDING';
      if (role !== 'UM_NURSE' && role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
      if (!c.standard) return 'EXTENSION_NOT_ALLOWED';
      if (c.extended) return 'ALREADY_EXTENDED';
      if (!c.reason) return 'REASON_REQUIRED';
      return from;
    case 'REQUEST_INFO':
      // Only before the first decision: on appeal the provider cannot update the facts.
      if (!preDecision.includes(from)) return 'CASE_NOT_PENDING';
      if (role !== 'UM_NURSE' && role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
      return 'PENDING_INFORMATION';
    case 'WITHDRAW':
      if (from === 'APPEAL_PENDING') return 'INVALID_TRANSITION';
      if (!preDecision.includes(from)) return 'CASE_ALREADY_DECIDED';
      if (role !== 'PROVIDER') return 'FORBIDDEN';
      if (!c.reason) return 'REASON_REQUIRED';
      return 'WITHDRAWN';
  }
}

const run = (from: WorkflowState, action: WorkflowAction, role: Role, c: Conditions) => {
  const actor = { sub: 'doc-1', role, providerId: role === 'PROVIDER' ? 'PRV-1' : null };
  const subject = {
    providerId: c.ownProvider ? 'PRV-1' : 'PRV-2',
    urgency: c.standard ? ('STANDARD' as const) : ('EXPEDITED' as const),
    extended: c.extended,
    adverseDecisionBy: c.sameReviewer ? 'doc-1' : 'doc-2',
    // Without a reason: only blanks, zero-width and control characters, punctuation.
    reasons: c.reason ? ['Criterion 1 not met'] : ['  ', '\u200b\u200d\ufeff', '\u0007', ' - ... '],
  };
  return transition({ from, action, actor, subject });
};

const label = (a: WorkflowAction) => ('outcome' in a ? `${a.kind}(${a.outcome})` : 'decision' in a ? `${a.kind}(${a.decision})` : a.kind);
const rows = states.flatMap((s) => variants.flatMap((v) => roles.map((r) => [s, label(v), r, v] as const)));

describe('the workflow table, every state × action × role × condition', () => {
  it.each(rows)('%s + %s by %s', (from, _label, role, action) => {
    for (const c of conditionCombos) {
      const r = run(from, action, role, c);
      expect(r.ok ? r.value.to : r.errors[0].code, JSON.stringify(c)).toBe(expected(from, action, role, c));
    }
  });

  it('refuses only with codes the catalogue declares for the use case behind each action', () => {
    for (const [from, , role, action] of rows) {
      // Unreachable: submitCase always starts at NEW, the others always load an existing case.
      if ((action.kind === 'SUBMIT') !== (from === NEW)) continue;
      const declared: readonly string[] = useCaseErrors[actions[action.kind].useCase];
      for (const c of conditionCombos) {
        const r = run(from, action, role, c);
        if (!r.ok) expect(declared, `${label(action)} from ${from}`).toContain(r.errors[0].code);
      }
    }
  });

  it('points a missing reason at the action’s reason field', () => {
    const c = { ownProvider: true, reason: false, sameReviewer: false, standard: true, extended: false };
    const field = (from: WorkflowState, a: WorkflowAction, role: Role) => {
      const x = run(from, a, role, c);
      return x.ok ? null : x.errors[0].field;
    };
    expect(field('DENIED', { kind: 'APPEAL' }, 'PROVIDER')).toEqual(['input', 'reason']);
    expect(field('PENDING_PHYSICIAN_REVIEW', { kind: 'EXTEND' }, 'UM_NURSE')).toEqual(['input', 'reason']);
    expect(field('PENDING_PHYSICIAN_REVIEW', { kind: 'DECIDE', decision: 'DENIED' }, 'PHYSICIAN_REVIEWER')).toEqual(['input', 'reasons']);
    expect(field('PENDING_INFORMATION', { kind: 'WITHDRAW' }, 'PROVIDER')).toEqual(['input', 'reason']);
  });

  it('never lets a role act that the access table refuses the use case', () => {
    const operation = {
      SUBMIT: 'submitCase',
      UPDATE_FACTS: 'updateClinicalFacts',
      DECIDE: 'recordDecision',
      APPEAL: 'appealCase',
      EXTEND: 'extendDueDate',
      REQUEST_INFO: 'requestAdditionalInformation',
      WITHDRAW: 'withdrawCase',
    } as const;
    for (const t of transitions) {
      const allowed: readonly string[] = useCaseRoles[operation[t.action]];
      for (const role of t.roles) expect(allowed, `${t.action} by ${role}`).toContain(role);
    }
  });
});

describe('engine outcomes', () => {
  it('maps engine results to outcomes as the contract says (never a denial)', () => {
    expect(engineOutcome('MEDICALLY_NECESSARY', false)).toBe('APPROVE');
    expect(engineOutcome('MEDICALLY_NECESSARY', true)).toBe('PEND_REVIEW');
    expect(engineOutcome('INSUFFICIENT_INFORMATION', false)).toBe('PEND_INFORMATION');
    expect(engineOutcome('INSUFFICIENT_INFORMATION', true)).toBe('PEND_INFORMATION');
    expect(engineOutcome('NOT_MEDICALLY_NECESSARY', false)).toBe('PEND_REVIEW');
  });
});

describe('review actions of reviewer decisions (Da Vinci PAS 2.2)', () => {
  it('A1 approval, A3 denial, A6 partial approval with another setting, A2 with the same setting', () => {
    expect(reviewActionForDecision('APPROVED')).toBe('A1');
    expect(reviewActionForDecision('DENIED')).toBe('A3');
    expect(reviewActionForDecision('PARTIALLY_APPROVED', true)).toBe('A6');
    expect(reviewActionForDecision('PARTIALLY_APPROVED', false)).toBe('A2');
  });
});
