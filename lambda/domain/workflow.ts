import type { Role } from '../auth/caller';
import type { CaseStatus } from './case';

/**
 * The case state machine, as data. Every status change in the API goes through
 * `transition`, so the rules of the contract live here and nowhere else:
 * - the engine approves automatically or pends; it never denies;
 * - UM_NURSE may only approve; denials and partial approvals need a PHYSICIAN_REVIEWER and a reason;
 * - an appeal (by the case's provider) reopens a DENIED or PARTIALLY_APPROVED case and is decided
 *   by a physician other than the one who made the adverse decision.
 */
export const pendingStatuses = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW', 'APPEAL_PENDING'] as const satisfies readonly CaseStatus[];
export const preDecisionStatuses = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW'] as const satisfies readonly CaseStatus[];
export const adverseStatuses = ['DENIED', 'PARTIALLY_APPROVED'] as const satisfies readonly CaseStatus[];

export type Decision = 'APPROVED' | 'PARTIALLY_APPROVED' | 'DENIED';

export type WorkflowAction =
  | { kind: 'EVALUATE'; outcome: 'APPROVE' | 'PEND_INFORMATION' | 'PEND_REVIEW' }
  | { kind: 'DECIDE'; decision: Decision; reasons: string[] }
  | { kind: 'APPEAL' }
  | { kind: 'EXTEND' };

export type Actor = { sub: string; role: Role | 'ENGINE' };

export type TransitionRule = {
  from: readonly CaseStatus[];
  action: WorkflowAction['kind'];
  /** For DECIDE and EVALUATE: which decision/outcome this rule covers. */
  when?: Decision | 'APPROVE' | 'PEND_INFORMATION' | 'PEND_REVIEW';
  to: CaseStatus | 'SAME';
  roles: readonly (Role | 'ENGINE')[];
  reasonRequired?: boolean;
  /** The actor must not be the physician who made the adverse decision. */
  independentReviewer?: boolean;
};

const reviewers = ['UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;

export const transitions: readonly TransitionRule[] = [
  // Engine (at submit, and on re-evaluation after updated facts).
  { from: preDecisionStatuses, action: 'EVALUATE', when: 'APPROVE', to: 'APPROVED', roles: ['ENGINE'] },
  { from: preDecisionStatuses, action: 'EVALUATE', when: 'PEND_INFORMATION', to: 'PENDING_INFORMATION', roles: ['ENGINE'] },
  { from: preDecisionStatuses, action: 'EVALUATE', when: 'PEND_REVIEW', to: 'PENDING_PHYSICIAN_REVIEW', roles: ['ENGINE'] },
  // First-level review.
  { from: preDecisionStatuses, action: 'DECIDE', when: 'APPROVED', to: 'APPROVED', roles: reviewers },
  { from: preDecisionStatuses, action: 'DECIDE', when: 'PARTIALLY_APPROVED', to: 'PARTIALLY_APPROVED', roles: ['PHYSICIAN_REVIEWER'], reasonRequired: true },
  { from: preDecisionStatuses, action: 'DECIDE', when: 'DENIED', to: 'DENIED', roles: ['PHYSICIAN_REVIEWER'], reasonRequired: true },
  // Appeals.
  { from: adverseStatuses, action: 'APPEAL', to: 'APPEAL_PENDING', roles: ['PROVIDER'] },
  { from: ['APPEAL_PENDING'], action: 'DECIDE', when: 'APPROVED', to: 'APPROVED_ON_APPEAL', roles: ['PHYSICIAN_REVIEWER'], independentReviewer: true },
  { from: ['APPEAL_PENDING'], action: 'DECIDE', when: 'DENIED', to: 'DENIAL_UPHELD', roles: ['PHYSICIAN_REVIEWER'], reasonRequired: true, independentReviewer: true },
  // Due-date extension (standard requests, once): the status does not change.
  { from: preDecisionStatuses, action: 'EXTEND', to: 'SAME', roles: reviewers, reasonRequired: true },
];

export type TransitionError =
  | 'FORBIDDEN'
  | 'CASE_ALREADY_DECIDED'
  | 'INVALID_TRANSITION'
  | 'REASON_REQUIRED'
  | 'SAME_REVIEWER_ON_APPEAL';

export type TransitionResult = { ok: true; to: CaseStatus } | { ok: false; code: TransitionError; message: string };

function ruleKey(a: WorkflowAction): string | undefined {
  if (a.kind === 'DECIDE') return a.decision;
  if (a.kind === 'EVALUATE') return a.outcome;
  return undefined;
}

/** Decides whether `actor` may apply `action` to a case in `from`, and where the case goes. */
export function transition(args: {
  from: CaseStatus;
  action: WorkflowAction;
  actor: Actor;
  adverseDecisionBy?: string | null;
  reason?: string | null;
}): TransitionResult {
  const { from, action, actor } = args;
  const key = ruleKey(action);
  const candidates = transitions.filter((t) => t.action === action.kind && (t.when === undefined || t.when === key));
  const rule = candidates.find((t) => t.from.includes(from));
  if (!rule) {
    if (action.kind === 'DECIDE' && !(pendingStatuses as readonly string[]).includes(from)) {
      return { ok: false, code: 'CASE_ALREADY_DECIDED', message: 'The case has already been decided.' };
    }
    return { ok: false, code: 'INVALID_TRANSITION', message: `This action is not allowed while the case is ${from}.` };
  }
  if (!rule.roles.includes(actor.role)) {
    return { ok: false, code: 'FORBIDDEN', message: 'Your role may not take this action on this case.' };
  }
  if (rule.reasonRequired) {
    const reasons = action.kind === 'DECIDE' ? action.reasons : [args.reason ?? ''];
    if (!reasons.some((r) => r.trim().length > 0)) {
      return { ok: false, code: 'REASON_REQUIRED', message: 'At least one reason is required for this decision.' };
    }
  }
  if (rule.independentReviewer && args.adverseDecisionBy && args.adverseDecisionBy === actor.sub) {
    return {
      ok: false,
      code: 'SAME_REVIEWER_ON_APPEAL',
      message: 'An appeal must be decided by a physician other than the one who made the adverse decision.',
    };
  }
  return { ok: true, to: rule.to === 'SAME' ? from : rule.to };
}

/** The engine's outcome for a recommendation and level-of-care verdict (contract Rules). */
export function engineOutcome(recommendation: string, levelOfCareChanged: boolean): 'APPROVE' | 'PEND_INFORMATION' | 'PEND_REVIEW' {
  if (recommendation === 'MEDICALLY_NECESSARY' && !levelOfCareChanged) return 'APPROVE';
  if (recommendation === 'INSUFFICIENT_INFORMATION') return 'PEND_INFORMATION';
  return 'PEND_REVIEW';
}

/** X12 306 review action of a reviewer decision. */
export function reviewActionForDecision(decision: Decision): 'A1' | 'A2' | 'A3' {
  return decision === 'APPROVED' ? 'A1' : decision === 'PARTIALLY_APPROVED' ? 'A2' : 'A3';
}
