import type { CompiledPolicy, EventNoticeInput, LetterContext, NoticeInput } from '../../engine';
import { loadEngine } from '../../engine/load';
import type { CoreContext } from '../context';
import { noticeCase, noticeInput } from '../decision-records/notice';
import { InvariantError } from '../errors/failure';
import type { AuditAction } from '../model/audit';
import type { CaseRecord } from '../model/case';
import type { DeterminationRecord } from '../model/determination';
import type { NoticeAudience, NoticeKind, NoticeRecord } from '../model/notice';
import { DEFAULT_PLAN_CONTACT, lineOfBusinessRights } from './lines-of-business';

/** The event a committed change is, as far as notices go (contract: "Which notices"). */
export type NoticeEvent = 'DECISION' | 'APPEAL_DECISION' | 'INFORMATION_REQUEST' | 'EXTENSION' | 'WITHDRAWAL' | 'APPEAL_RECEIVED';

const both = (kind: NoticeKind) => [{ kind, audience: 'MEMBER' }, { kind, audience: 'PROVIDER' }] as const;

/**
 * Which notices each event issues, and to whom: the contract's list as one table. A decision
 * (approval, partial approval, denial; an automatic approval too) and an appeal's decision go
 * to both; so does an extension; a request for information, a withdrawal and an appeal
 * received go to the provider. A pended engine determination is no event: it issues none.
 */
export const noticesOfEvent: Record<NoticeEvent, readonly { kind: NoticeKind; audience: NoticeAudience }[]> = {
  DECISION: both('DETERMINATION'),
  APPEAL_DECISION: both('APPEAL_DECISION'),
  EXTENSION: both('EXTENSION'),
  INFORMATION_REQUEST: [{ kind: 'INFORMATION_REQUEST', audience: 'PROVIDER' }],
  WITHDRAWAL: [{ kind: 'WITHDRAWAL', audience: 'PROVIDER' }],
  APPEAL_RECEIVED: [{ kind: 'APPEAL_RECEIVED', audience: 'PROVIDER' }],
};

/** The event of a change, from its audited action and its determination; null when it issues no notice. */
const eventOfAction: Record<AuditAction, (d: DeterminationRecord | null) => NoticeEvent | null> = {
  // The engine decides only when it approves (A1); its pend is no decision.
  SUBMIT_CASE: (d) => (d?.reviewAction === 'A1' ? 'DECISION' : null),
  UPDATE_CLINICAL_FACTS: (d) => (d?.reviewAction === 'A1' ? 'DECISION' : null),
  RECORD_DECISION: (d) => (d?.onAppeal ? 'APPEAL_DECISION' : 'DECISION'),
  APPEAL_CASE: () => 'APPEAL_RECEIVED',
  EXTEND_DUE_DATE: () => 'EXTENSION',
  REQUEST_ADDITIONAL_INFORMATION: () => 'INFORMATION_REQUEST',
  WITHDRAW_CASE: () => 'WITHDRAWAL',
};

export const noticeEventOf = (action: AuditAction, d: DeterminationRecord | null): NoticeEvent | null => eventOfAction[action](d);

/** The plan's contact and the rights of the case's line of business. */
export const letterOf = (ctx: Pick<CoreContext, 'plan'>, c: CaseRecord): LetterContext => ({ plan: ctx.plan ?? DEFAULT_PLAN_CONTACT, rights: lineOfBusinessRights[c.lineOfBusiness] });

function eventInput(ctx: Pick<CoreContext, 'plan'>, policy: CompiledPolicy, c: CaseRecord, at: string): EventNoticeInput {
  return {
    policy,
    case: noticeCase(c),
    letter: letterOf(ctx, c),
    issuedAt: at,
    informationRequest: c.informationRequest,
    extension: c.extension ? { days: c.extension.days, reason: c.extension.reason, previousDueAt: c.extension.previousDueAt } : null,
    withdrawal: c.withdrawal ? { reason: c.withdrawal.reason, withdrawnAt: c.withdrawal.withdrawnAt } : null,
    appeal: c.appeal ? { reason: c.appeal.reason, filedAt: c.appeal.filedAt, dueAt: c.appeal.dueAt } : null,
  };
}

/**
 * The notices a change issues, rendered from the records as they will be committed (the
 * determination with its report and authorization, the case after the change). The provider's
 * notice of a decision is the determination's report itself.
 */
export async function noticesOf(
  ctx: Pick<CoreContext, 'plan'>,
  policy: CompiledPolicy,
  change: { after: CaseRecord; determination: DeterminationRecord | null; audit: { action: AuditAction; at: string } },
): Promise<NoticeRecord[]> {
  const event = noticeEventOf(change.audit.action, change.determination);
  if (!event) return [];
  const engine = await loadEngine();
  const c = change.after;
  const d = change.determination;
  const at = change.audit.at;
  const decisionInput = (): NoticeInput => {
    if (!d) throw new InvariantError(`a ${event} notice without its determination`);
    return noticeInput(policy, c, d, letterOf(ctx, c));
  };
  const text = (kind: NoticeKind, audience: NoticeAudience): string => {
    switch (kind) {
      case 'DETERMINATION':
      case 'APPEAL_DECISION':
        return audience === 'PROVIDER' ? (d?.report || engine.renderNotice(decisionInput())) : engine.renderMemberLetter(decisionInput());
      case 'EXTENSION':
        return audience === 'PROVIDER' ? engine.renderExtensionNotice(eventInput(ctx, policy, c, at)) : engine.renderMemberExtensionLetter(eventInput(ctx, policy, c, at));
      case 'INFORMATION_REQUEST':
        return engine.renderInformationRequestNotice(eventInput(ctx, policy, c, at));
      case 'WITHDRAWAL':
        return engine.renderWithdrawalNotice(eventInput(ctx, policy, c, at));
      case 'APPEAL_RECEIVED':
        return engine.renderAppealReceivedNotice(eventInput(ctx, policy, c, at));
    }
  };
  return noticesOfEvent[event].map(({ kind, audience }) => ({
    caseId: c.id,
    caseVersion: c.version,
    kind,
    audience,
    issuedAt: at,
    determinationVersion: kind === 'DETERMINATION' || kind === 'APPEAL_DECISION' ? (d?.version ?? null) : null,
    text: text(kind, audience),
  }));
}
