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

/**
 * Every combination of what the conditions read: the case and the action, and for a decision
 * the criteria after its overrides (some NOT_MET, some UNSURE), whether its overrides only turn
 * UNSURE into MET, whether it approves beyond the engine's verdict, and whether the deciding
 * physician has the NPI of the one who made the adverse decision.
 */
type Conditions = {
  ownProvider: boolean;
  reason: boolean;
  sameReviewer: boolean;
  standard: boolean;
  extended: boolean;
  notMet: boolean;
  unsure: boolean;
  overridesUnsureToMet: boolean;
  beyondVerdict: boolean;
  sameNpi: boolean;
};
const bit = (i: number, b: number) => !!(i & (1 << b));
/**
 * The combinations each action's conditions can tell apart: for a decision every combination
 * of the reason, the reviewer, the criteria after the overrides, the verdict and the NPI (128);
 * for the other actions every combination of the provider, reason, reviewer, urgency and
 * extension (32). The bits an action does not read still vary with the others, so a condition
 * that read them by mistake would show.
 */
const decideCombos: Conditions[] = [];
for (let i = 0; i < 128; i++) {
  decideCombos.push({
    reason: bit(i, 0),
    sameReviewer: bit(i, 1),
    notMet: bit(i, 2),
    unsure: bit(i, 3),
    overridesUnsureToMet: bit(i, 4),
    beyondVerdict: bit(i, 5),
    sameNpi: bit(i, 6),
    ownProvider: bit(i, 2) !== bit(i, 5),
    standard: bit(i, 3) !== bit(i, 6),
    extended: bit(i, 4) !== bit(i, 0),
  });
}
const otherCombos: Conditions[] = [];
for (let i = 0; i < 32; i++) {
  otherCombos.push({
    ownProvider: bit(i, 0),
    reason: bit(i, 1),
    sameReviewer: bit(i, 2),
    standard: bit(i, 3),
    extended: bit(i, 4),
    notMet: bit(i, 0) !== bit(i, 3),
    unsure: bit(i, 1) !== bit(i, 4),
    overridesUnsureToMet: bit(i, 2) !== bit(i, 0),
    beyondVerdict: bit(i, 3) !== bit(i, 1),
    sameNpi: bit(i, 4) !== bit(i, 2),
  });
}
const combosFor = (a: WorkflowAction) => (a.kind === 'DECIDE' ? decideCombos : otherCombos);
const conditionCombos = decideCombos;

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
    case 'DECIDE': {
      // A denial rests on an applicable criterion NOT_MET or UNSURE after the overrides.
      const denialSupported = c.notMet || c.unsure;
      if (preDecision.includes(from)) {
        if (role !== 'UM_NURSE' && role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
        if (a.decision === 'APPROVED') {
          if (role === 'UM_NURSE') {
            // A nurse approves only what the criteria and the verdict support, overriding only UNSURE to MET.
            if (!c.overridesUnsureToMet || c.notMet || c.beyondVerdict) return 'PHYSICIAN_REVIEW_REQUIRED';
            return 'APPROVED';
          }
          // A physician approving more than the verdict says why.
          if (c.beyondVerdict && !c.reason) return 'REASON_REQUIRED';
          return 'APPROVED';
        }
        if (role === 'UM_NURSE') return 'FORBIDDEN';
        if (!c.reason) return 'REASON_REQUIRED';
        if (a.decision === 'DENIED' && !denialSupported) return 'DENIAL_NOT_SUPPORTED';
        return a.decision;
      }
      if (from === 'APPEAL_PENDING') {
        if (role !== 'PHYSICIAN_REVIEWER') return 'FORBIDDEN';
        const independent = !c.sameReviewer && !c.sameNpi;
        if (a.decision === 'APPROVED') {
          if (!independent) return 'SAME_REVIEWER_ON_APPEAL';
          if (c.beyondVerdict && !c.reason) return 'REASON_REQUIRED';
          return 'APPROVED_ON_APPEAL';
        }
        if (!c.reason) return 'REASON_REQUIRED';
        if (!independent) return 'SAME_REVIEWER_ON_APPEAL';
        if (a.decision === 'PARTIALLY_APPROVED') return 'PARTIALLY_APPROVED_ON_APPEAL';
        if (!denialSupported) return 'DENIAL_NOT_SUPPORTED';
        return 'DENIAL_UPHELD';
      }
      return 'CASE_ALREADY_DECIDED';
    }
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
  const actor = { sub: 'doc-1', role, providerId: role === 'PROVIDER' ? 'PRV-1' : null, npi: '1234567893' };
  const subject = {
    providerId: c.ownProvider ? 'PRV-1' : 'PRV-2',
    urgency: c.standard ? ('STANDARD' as const) : ('EXPEDITED' as const),
    extended: c.extended,
    adverseDecisionBy: c.sameReviewer ? 'doc-1' : 'doc-2',
    adverseDecisionNpi: c.sameNpi ? '1234567893' : '1987654321',
    decision: { notMet: c.notMet, unsure: c.unsure, overridesOnlyUnsureToMet: c.overridesUnsureToMet, beyondVerdict: c.beyondVerdict },
    // Without a reason: only blanks, zero-width and control characters, punctuation.
    reasons: c.reason ? ['Criterion 1 not met'] : ['  ', '\u200b\u200d\ufeff', '\u0007', ' - ... '],
  };
  return transition({ from, action, actor, subject });
};

const label = (a: WorkflowAction) => ('outcome' in a ? `${a.kind}(${a.outcome})` : 'decision' in a ? `${a.kind}(${a.decision})` : a.kind);
const rows = states.flatMap((s) => variants.flatMap((v) => roles.map((r) => [s, label(v), r, v] as const)));

describe('the workflow table, every state × action × role × condition', () => {
  it.each(rows)('%s + %s by %s', (from, _label, role, action) => {
    const wrong: string[] = [];
    for (const c of combosFor(action)) {
      const r = run(from, action, role, c);
      const got = r.ok ? r.value.to : r.errors[0].code;
      const want = expected(from, action, role, c);
      if (got !== want) wrong.push(`${JSON.stringify(c)}: ${got}, expected ${want}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses only with codes the catalogue declares for the use case behind each action', () => {
    for (const [from, , role, action] of rows) {
      // Unreachable: submitCase always starts at NEW, the others always load an existing case.
      if ((action.kind === 'SUBMIT') !== (from === NEW)) continue;
      const declared: readonly string[] = useCaseErrors[actions[action.kind].useCase];
      const undeclared = new Set<string>();
      for (const c of combosFor(action)) {
        const r = run(from, action, role, c);
        if (!r.ok && !declared.includes(r.errors[0].code)) undeclared.add(`${label(action)} from ${from}: ${r.errors[0].code}`);
      }
      expect([...undeclared]).toEqual([]);
    }
  });

  it('points a missing reason at the action’s reason field', () => {
    const c = { ...conditionCombos[0]!, ownProvider: true, reason: false, sameReviewer: false, standard: true, extended: false, notMet: true };
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

describe('reviewer authority', () => {
  const base = { providerId: 'PRV-1', urgency: 'STANDARD' as const, extended: false, adverseDecisionBy: 'doc-2', reasons: ['Criterion 2 not met'] };
  const decide = (decision: 'APPROVED' | 'PARTIALLY_APPROVED' | 'DENIED', from: WorkflowState, role: Role, subject: Record<string, unknown>, npi: string | null = null) => {
    const r = transition({ from, action: { kind: 'DECIDE', decision }, actor: { sub: 'doc-1', role, providerId: null, npi }, subject: { ...base, ...subject } });
    return r.ok ? r.value.to : r.errors[0].code;
  };

  it('refuses a decision whose authority facts are missing (fails closed)', () => {
    expect(decide('APPROVED', 'PENDING_PHYSICIAN_REVIEW', 'UM_NURSE', {})).toBe('PHYSICIAN_REVIEW_REQUIRED');
    expect(decide('DENIED', 'PENDING_PHYSICIAN_REVIEW', 'PHYSICIAN_REVIEWER', {})).toBe('DENIAL_NOT_SUPPORTED');
    expect(decide('APPROVED', 'PENDING_PHYSICIAN_REVIEW', 'PHYSICIAN_REVIEWER', { decision: null })).toBe('REASON_REQUIRED');
  });

  it('tells physicians apart by NPI only where both tokens carry one', () => {
    const within = { notMet: true, unsure: false, overridesOnlyUnsureToMet: true, beyondVerdict: false };
    expect(decide('APPROVED', 'APPEAL_PENDING', 'PHYSICIAN_REVIEWER', { decision: within, adverseDecisionNpi: '1234567893' }, '1234567893')).toBe('SAME_REVIEWER_ON_APPEAL');
    expect(decide('APPROVED', 'APPEAL_PENDING', 'PHYSICIAN_REVIEWER', { decision: within, adverseDecisionNpi: null }, '1234567893')).toBe('APPROVED_ON_APPEAL');
    expect(decide('APPROVED', 'APPEAL_PENDING', 'PHYSICIAN_REVIEWER', { decision: within, adverseDecisionNpi: '1234567893' }, null)).toBe('APPROVED_ON_APPEAL');
  });

  it('points a nurse’s override beyond UNSURE → MET at the overrides, and a missing reason for approving beyond the verdict at the reasons', () => {
    const nurse = transition({
      from: 'PENDING_PHYSICIAN_REVIEW',
      action: { kind: 'DECIDE', decision: 'APPROVED' },
      actor: { sub: 'rn-1', role: 'UM_NURSE', providerId: null },
      subject: { ...base, decision: { notMet: false, unsure: false, overridesOnlyUnsureToMet: false, beyondVerdict: false } },
    });
    expect(nurse).toMatchObject({ ok: false, errors: [{ code: 'PHYSICIAN_REVIEW_REQUIRED', field: ['input', 'criterionOverrides'] }] });
    const physician = transition({
      from: 'PENDING_PHYSICIAN_REVIEW',
      action: { kind: 'DECIDE', decision: 'APPROVED' },
      actor: { sub: 'dr-1', role: 'PHYSICIAN_REVIEWER', providerId: null },
      subject: { ...base, reasons: [' '], decision: { notMet: false, unsure: false, overridesOnlyUnsureToMet: true, beyondVerdict: true } },
    });
    expect(physician).toMatchObject({ ok: false, errors: [{ code: 'REASON_REQUIRED', field: ['input', 'reasons'] }] });
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
