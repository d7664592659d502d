import { speaksFor } from '../access/decide';
import type { Role } from '../access/roles';
import type { CaseStatus, Decision, Urgency } from '../model/case';
import type { AuditAction } from '../model/audit';
import type { ErrorCode, UseCaseName } from '../errors/catalogue';
import type { CoreError } from '../errors/failure';
import { coreError } from '../errors/failure';
import { hasVisibleText } from '../inputs/visible-text';
import type { Result } from '../../engine/result';

/**
 * The case state machine, as data: every workflow rule of the contract is a row or a
 * condition here, and every change to a case goes through `transition`.
 * - a case starts at NEW (it does not exist yet): SUBMIT evaluates it; a provider submits
 *   only for itself;
 * - the engine approves automatically or pends; it never denies;
 * - UM_NURSE may only approve, and only what the criteria support: after the nurse's
 *   overrides (each may only turn UNSURE into MET) no applicable criterion is NOT_MET, and
 *   the approved level of care is at most the verdict (else PHYSICIAN_REVIEW_REQUIRED);
 * - denials and partial approvals need a PHYSICIAN_REVIEWER and a reason; a physician who
 *   approves more than the verdict gives a reason; a denial (first, or upheld on appeal)
 *   rests on an applicable criterion NOT_MET or UNSURE after the overrides
 *   (DENIAL_NOT_SUPPORTED);
 * - an appeal (by the case's provider, with a reason) reopens a DENIED or PARTIALLY_APPROVED
 *   case; a physician other than the one who made the adverse decision (another sub and,
 *   where both tokens carry one, another NPI) decides it: approval, partial approval or
 *   denial upheld;
 * - a reviewer extends a pending STANDARD case's due date once, with a reason;
 * - a reviewer asks for more information on a case awaiting its first decision
 *   (→ PENDING_INFORMATION); the provider's updated facts answer it;
 * - the case's provider withdraws a case awaiting its first decision, with a reason
 *   (→ WITHDRAWN); a withdrawn case takes no further change (CASE_CLOSED).
 * Adding an action is rows here plus one use case.
 */
export const NEW = 'NEW' as const;
export type WorkflowState = CaseStatus | typeof NEW;

export const pendingStatuses = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW', 'APPEAL_PENDING'] as const satisfies readonly CaseStatus[];
export const preDecisionStatuses = ['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW'] as const satisfies readonly CaseStatus[];
export const adverseStatuses = ['DENIED', 'PARTIALLY_APPROVED'] as const satisfies readonly CaseStatus[];

/** What the engine concluded, as the workflow sees it. */
export type EngineOutcome = 'APPROVE' | 'PEND_INFORMATION' | 'PEND_REVIEW';

export type WorkflowAction =
  | { kind: 'SUBMIT'; outcome: EngineOutcome }
  | { kind: 'UPDATE_FACTS'; outcome: EngineOutcome }
  | { kind: 'DECIDE'; decision: Decision }
  | { kind: 'APPEAL' }
  | { kind: 'EXTEND' }
  | { kind: 'REQUEST_INFO' }
  | { kind: 'WITHDRAW' };
export type ActionKind = WorkflowAction['kind'];

/** Who acts: the caller (for SUBMIT and UPDATE_FACTS the engine evaluates on their behalf). */
export type WorkflowActor = { sub: string; role: Role; providerId: string | null; npi?: string | null };

/**
 * What a decision's authority conditions read (lambda/core/workflow/decision-subject.ts
 * computes it from the decision input and the latest engine determination).
 */
export type DecisionSubject = {
  /** After the decision's overrides, an applicable criterion is NOT_MET. */
  notMet: boolean;
  /** After the decision's overrides, an applicable criterion is UNSURE. */
  unsure: boolean;
  /** Every override of the decision turns an engine UNSURE into MET (true when there are none). */
  overridesOnlyUnsureToMet: boolean;
  /** The approved level of care exceeds the engine's verdict: another setting, or more inpatient days. */
  beyondVerdict: boolean;
};

/** What the conditions read about the case (for SUBMIT: the request) and the action. */
export type WorkflowSubject = {
  providerId: string;
  urgency: Urgency;
  extended: boolean;
  adverseDecisionBy: string | null;
  /** The NPI of that physician, when their token carried one. */
  adverseDecisionNpi?: string | null;
  /** The reasons given with the action (decision reasons, appeal or extension reason). */
  reasons: readonly string[];
  /** For DECIDE: what the authority conditions read; absent, they refuse (fail closed). */
  decision?: DecisionSubject | null;
};

/** A rule that must hold for a permitted transition; its refusal code and field when it does not. */
export type Condition =
  | 'OWN_PROVIDER'
  | 'REASON'
  | 'INDEPENDENT_REVIEWER'
  | 'STANDARD_ONLY'
  | 'ONCE'
  | 'NURSE_OVERRIDES_UNSURE_TO_MET'
  | 'NURSE_NO_CRITERION_NOT_MET'
  | 'NURSE_WITHIN_VERDICT'
  | 'REASON_BEYOND_VERDICT'
  | 'DENIAL_SUPPORTED';

const PHYSICIAN_REVIEW = 'A UM nurse may approve only what the criteria and the engine’s verdict support; this decision needs a physician reviewer.';
const hasReason = (s: WorkflowSubject) => s.reasons.some(hasVisibleText);
const sameNpi = (s: WorkflowSubject, a: WorkflowActor) => !!s.adverseDecisionNpi && !!a.npi && s.adverseDecisionNpi === a.npi;

export const conditions: Record<
  Condition,
  {
    holds: (s: WorkflowSubject, a: WorkflowActor) => boolean;
    refusal: ErrorCode;
    /** The field the refusal points at ('reason': the action's reason field); the catalogue's otherwise. */
    field?: string[] | 'reason';
    message?: string;
  }
> = {
  OWN_PROVIDER: {
    holds: (s, a) => speaksFor(a, s.providerId),
    refusal: 'FORBIDDEN',
    message: 'A provider may only submit cases for its own providerId.',
  },
  // A reason must say something: invisible characters or punctuation alone are no reason.
  REASON: { holds: hasReason, refusal: 'REASON_REQUIRED', field: 'reason' },
  INDEPENDENT_REVIEWER: { holds: (s, a) => (!s.adverseDecisionBy || s.adverseDecisionBy !== a.sub) && !sameNpi(s, a), refusal: 'SAME_REVIEWER_ON_APPEAL' },
  NURSE_OVERRIDES_UNSURE_TO_MET: {
    holds: (s) => !!s.decision?.overridesOnlyUnsureToMet,
    refusal: 'PHYSICIAN_REVIEW_REQUIRED',
    field: ['input', 'criterionOverrides'],
    message: 'A UM nurse may only override an UNSURE criterion to MET; this decision needs a physician reviewer.',
  },
  NURSE_NO_CRITERION_NOT_MET: { holds: (s) => !!s.decision && !s.decision.notMet, refusal: 'PHYSICIAN_REVIEW_REQUIRED', message: PHYSICIAN_REVIEW },
  NURSE_WITHIN_VERDICT: { holds: (s) => !!s.decision && !s.decision.beyondVerdict, refusal: 'PHYSICIAN_REVIEW_REQUIRED', message: PHYSICIAN_REVIEW },
  REASON_BEYOND_VERDICT: {
    holds: (s) => !!s.decision && (!s.decision.beyondVerdict || hasReason(s)),
    refusal: 'REASON_REQUIRED',
    field: 'reason',
    message: 'Approving more than the engine’s verdict (another setting or more inpatient days) needs a reason.',
  },
  DENIAL_SUPPORTED: { holds: (s) => !!s.decision && (s.decision.notMet || s.decision.unsure), refusal: 'DENIAL_NOT_SUPPORTED' },
  STANDARD_ONLY: { holds: (s) => s.urgency === 'STANDARD', refusal: 'EXTENSION_NOT_ALLOWED' },
  ONCE: { holds: (s) => !s.extended, refusal: 'ALREADY_EXTENDED' },
};

export type TransitionRule = {
  action: ActionKind;
  from: readonly WorkflowState[];
  /** For SUBMIT/UPDATE_FACTS the engine outcome, for DECIDE the decision this row covers. */
  when?: EngineOutcome | Decision;
  to: CaseStatus | 'SAME';
  roles: readonly Role[];
  /** Checked in order, after the status and the role. */
  conditions?: readonly Condition[];
};

const SUBMITTERS = ['PROVIDER', 'UM_NURSE'] as const;
const CASE_PARTIES = ['PROVIDER', 'UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const REVIEWERS = ['UM_NURSE', 'PHYSICIAN_REVIEWER'] as const;
const engineRows = (action: 'SUBMIT' | 'UPDATE_FACTS', from: readonly WorkflowState[], roles: readonly Role[], conds: readonly Condition[]): TransitionRule[] => [
  { action, from, when: 'APPROVE', to: 'APPROVED', roles, conditions: conds },
  { action, from, when: 'PEND_INFORMATION', to: 'PENDING_INFORMATION', roles, conditions: conds },
  { action, from, when: 'PEND_REVIEW', to: 'PENDING_PHYSICIAN_REVIEW', roles, conditions: conds },
];

export const transitions: readonly TransitionRule[] = [
  // Submission, evaluated by the engine at once; re-evaluation after updated facts.
  ...engineRows('SUBMIT', [NEW], SUBMITTERS, ['OWN_PROVIDER']),
  ...engineRows('UPDATE_FACTS', preDecisionStatuses, CASE_PARTIES, []),
  // First-level review: a nurse approves within the criteria and the verdict; a physician
  // approving beyond the verdict says why; a denial rests on a criterion not met or unsure.
  {
    action: 'DECIDE',
    from: preDecisionStatuses,
    when: 'APPROVED',
    to: 'APPROVED',
    roles: ['UM_NURSE'],
    conditions: ['NURSE_OVERRIDES_UNSURE_TO_MET', 'NURSE_NO_CRITERION_NOT_MET', 'NURSE_WITHIN_VERDICT'],
  },
  { action: 'DECIDE', from: preDecisionStatuses, when: 'APPROVED', to: 'APPROVED', roles: ['PHYSICIAN_REVIEWER'], conditions: ['REASON_BEYOND_VERDICT'] },
  { action: 'DECIDE', from: preDecisionStatuses, when: 'PARTIALLY_APPROVED', to: 'PARTIALLY_APPROVED', roles: ['PHYSICIAN_REVIEWER'], conditions: ['REASON'] },
  { action: 'DECIDE', from: preDecisionStatuses, when: 'DENIED', to: 'DENIED', roles: ['PHYSICIAN_REVIEWER'], conditions: ['REASON', 'DENIAL_SUPPORTED'] },
  // Appeals.
  { action: 'APPEAL', from: adverseStatuses, to: 'APPEAL_PENDING', roles: ['PROVIDER'], conditions: ['REASON'] },
  { action: 'DECIDE', from: ['APPEAL_PENDING'], when: 'APPROVED', to: 'APPROVED_ON_APPEAL', roles: ['PHYSICIAN_REVIEWER'], conditions: ['INDEPENDENT_REVIEWER', 'REASON_BEYOND_VERDICT'] },
  {
    action: 'DECIDE',
    from: ['APPEAL_PENDING'],
    when: 'PARTIALLY_APPROVED',
    to: 'PARTIALLY_APPROVED_ON_APPEAL',
    roles: ['PHYSICIAN_REVIEWER'],
    conditions: ['REASON', 'INDEPENDENT_REVIEWER'],
  },
  { action: 'DECIDE', from: ['APPEAL_PENDING'], when: 'DENIED', to: 'DENIAL_UPHELD', roles: ['PHYSICIAN_REVIEWER'], conditions: ['REASON', 'INDEPENDENT_REVIEWER', 'DENIAL_SUPPORTED'] },
  // Due-date extension: the status does not change.
  { action: 'EXTEND', from: preDecisionStatuses, to: 'SAME', roles: REVIEWERS, conditions: ['STANDARD_ONLY', 'ONCE', 'REASON'] },
  // Requests for information: not on APPEAL_PENDING, where the provider cannot update the
  // facts (an appeal is decided on the record of the adverse decision and the appeal reason).
  { action: 'REQUEST_INFO', from: preDecisionStatuses, to: 'PENDING_INFORMATION', roles: REVIEWERS },
  // Withdrawal of a request still awaiting its first decision; an appeal is not withdrawn
  // this way (the adverse decision would disappear from the record).
  { action: 'WITHDRAW', from: preDecisionStatuses, to: 'WITHDRAWN', roles: ['PROVIDER'], conditions: ['REASON'] },
];

/** A withdrawn case takes no further change, whatever the action. */
const closedOr =
  (code: (from: WorkflowState) => ErrorCode) =>
  (from: WorkflowState): ErrorCode =>
    from === 'WITHDRAWN' ? 'CASE_CLOSED' : code(from);

/** Per action: the audit action it records, where its reason is, and the code when the status does not allow it. */
export const actions: Record<
  ActionKind,
  { useCase: UseCaseName; audit: AuditAction; reasonField: string[]; wrongStatus: (from: WorkflowState) => ErrorCode }
> = {
  // Unreachable through submitCase, which always starts at NEW.
  SUBMIT: { useCase: 'submitCase', audit: 'SUBMIT_CASE', reasonField: ['input'], wrongStatus: () => 'INVALID_TRANSITION' },
  UPDATE_FACTS: { useCase: 'updateClinicalFacts', audit: 'UPDATE_CLINICAL_FACTS', reasonField: ['input'], wrongStatus: closedOr(() => 'CASE_NOT_PENDING') },
  DECIDE: {
    useCase: 'recordDecision',
    audit: 'RECORD_DECISION',
    reasonField: ['input', 'reasons'],
    wrongStatus: closedOr((from) => ((pendingStatuses as readonly WorkflowState[]).includes(from) ? 'INVALID_TRANSITION' : 'CASE_ALREADY_DECIDED')),
  },
  APPEAL: { useCase: 'appealCase', audit: 'APPEAL_CASE', reasonField: ['input', 'reason'], wrongStatus: closedOr(() => 'NOT_APPEALABLE') },
  EXTEND: { useCase: 'extendDueDate', audit: 'EXTEND_DUE_DATE', reasonField: ['input', 'reason'], wrongStatus: closedOr(() => 'CASE_NOT_PENDING') },
  REQUEST_INFO: {
    useCase: 'requestAdditionalInformation',
    audit: 'REQUEST_ADDITIONAL_INFORMATION',
    reasonField: ['input', 'items'],
    wrongStatus: closedOr(() => 'CASE_NOT_PENDING'),
  },
  WITHDRAW: {
    useCase: 'withdrawCase',
    audit: 'WITHDRAW_CASE',
    reasonField: ['input', 'reason'],
    wrongStatus: closedOr((from) => (from === 'APPEAL_PENDING' ? 'INVALID_TRANSITION' : 'CASE_ALREADY_DECIDED')),
  },
};

export type TransitionResult = Result<{ to: CaseStatus; rule: TransitionRule }, CoreError>;

const variantOf = (a: WorkflowAction): EngineOutcome | Decision | undefined =>
  a.kind === 'DECIDE' ? a.decision : a.kind === 'SUBMIT' || a.kind === 'UPDATE_FACTS' ? a.outcome : undefined;

/**
 * Whether `actor` may apply `action` to a case in `from`, and where the case goes. Checks,
 * in order: a row for this status (else the action's wrong-status code), the role
 * (FORBIDDEN), then the row's conditions.
 */
export function transition(args: { from: WorkflowState; action: WorkflowAction; actor: WorkflowActor; subject: WorkflowSubject }): TransitionResult {
  const { from, action, actor, subject } = args;
  const variant = variantOf(action);
  // Rows of this status and variant; one per role at most (a role's authority is its row's conditions).
  const rows = transitions.filter((t) => t.action === action.kind && (t.when === undefined || t.when === variant) && t.from.includes(from));
  if (rows.length === 0) return { ok: false, errors: [coreError(actions[action.kind].wrongStatus(from))] };
  const rule = rows.find((t) => t.roles.includes(actor.role));
  if (!rule) return { ok: false, errors: [coreError('FORBIDDEN', { message: 'Your role may not take this action on this case.' })] };
  for (const name of rule.conditions ?? []) {
    const c = conditions[name];
    if (c.holds(subject, actor)) continue;
    const field = c.field === 'reason' ? actions[action.kind].reasonField : c.field;
    return { ok: false, errors: [coreError(c.refusal, { ...(field ? { field } : {}), ...(c.message ? { message: c.message } : {}) })] };
  }
  if (rule.to === 'SAME') {
    if (from === NEW) throw new Error('a SAME transition from NEW');
    return { ok: true, value: { to: from, rule } };
  }
  return { ok: true, value: { to: rule.to, rule } };
}

/** The engine's outcome for a recommendation and level-of-care verdict (contract Rules). */
export function engineOutcome(recommendation: string, levelOfCareChanged: boolean): EngineOutcome {
  if (recommendation === 'MEDICALLY_NECESSARY' && !levelOfCareChanged) return 'APPROVE';
  if (recommendation === 'INSUFFICIENT_INFORMATION') return 'PEND_INFORMATION';
  return 'PEND_REVIEW';
}

/**
 * X12 306 review action of a reviewer decision (Da Vinci PAS 2.2): a partial approval that
 * changes the setting is A6 (modified); one that keeps it with fewer inpatient days is A2.
 */
export function reviewActionForDecision(decision: Decision, settingChanged = false): 'A1' | 'A2' | 'A3' | 'A6' {
  if (decision === 'APPROVED') return 'A1';
  if (decision === 'DENIED') return 'A3';
  return settingChanged ? 'A6' : 'A2';
}
