/** What a notice announces (contract `NoticeKind`). */
export const noticeKinds = ['DETERMINATION', 'INFORMATION_REQUEST', 'EXTENSION', 'WITHDRAWAL', 'APPEAL_RECEIVED', 'APPEAL_DECISION'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** Who a notice is written for (contract `NoticeAudience`). */
export const noticeAudiences = ['MEMBER', 'PROVIDER'] as const;
export type NoticeAudience = (typeof noticeAudiences)[number];

/**
 * A notice as issued: rendered when the change that issues it is committed, in the same
 * transaction, and never rewritten. An item of its own in the case's collection (a case's
 * notices would soon outgrow the case item), read with the case in one Query.
 */
export type NoticeRecord = {
  caseId: string;
  /** The case version the change that issued it produced: orders a case's notices. */
  caseVersion: number;
  kind: NoticeKind;
  audience: NoticeAudience;
  issuedAt: string;
  /** The determination the notice announces; null for a notice of another event. */
  determinationVersion: number | null;
  /** Markdown. */
  text: string;
};
