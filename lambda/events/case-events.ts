// Case events from the table's stream: pure mapping, no I/O. A case change is one write
// of the CASE item (lambda/store/cases.ts commits case, determination and audit together),
// so the CASE item's old and new images say everything about it; the other items of the
// collection (determinations, audit records, counters, notices, subscriptions) are ignored.
import type { CaseRecord, CaseStatus } from '../core/model/case';

/** The kinds of change the contract names ("Events and PAS subscriptions"). */
export const caseEventKinds = ['SUBMITTED', 'DETERMINATION', 'INFORMATION_REQUEST', 'WITHDRAWAL', 'APPEAL', 'EXTENSION'] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

/** EventBridge `detail-type` of each kind (infra/constructs/events.ts, README "Events"). */
export const detailTypeOf: Record<CaseEventKind, string> = {
  SUBMITTED: 'CaseSubmitted',
  DETERMINATION: 'CaseDetermination',
  INFORMATION_REQUEST: 'CaseInformationRequested',
  WITHDRAWAL: 'CaseWithdrawn',
  APPEAL: 'CaseAppealed',
  EXTENSION: 'CaseExtended',
};

/** EventBridge `source` of every case event. */
export const CASE_EVENT_SOURCE = 'medical-necessity-api.cases';

/**
 * One case change, as published. Ids, codes and times only: no member id, no clinical facts,
 * no free text (consumers that need the case read it through the API).
 */
export type CaseEvent = {
  /** `<caseId>:<caseVersion>`: the same change always has the same id (consumers deduplicate on it). */
  id: string;
  kind: CaseEventKind;
  caseId: string;
  /** Orders the events of one case: 1 for the submission, +1 per change. */
  caseVersion: number;
  providerId: string;
  status: CaseStatus;
  previousStatus: CaseStatus | null;
  /** The determination this change appended, if any (1-based). */
  determinationVersion: number | null;
  urgency: string;
  occurredAt: string;
};

export const caseEventId = (caseId: string, caseVersion: number) => `${caseId}:${caseVersion}`;

const PENDING: ReadonlySet<string> = new Set(['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW', 'APPEAL_PENDING']);
export const isPendingStatus = (s: string | null | undefined) => s != null && PENDING.has(s);

type CaseImage = Pick<
  CaseRecord,
  'id' | 'version' | 'status' | 'providerId' | 'urgency' | 'determinationCount' | 'updatedAt' | 'receivedAt'
> & {
  type?: unknown;
  extension?: { extendedAt?: string } | null;
  informationRequest?: { requestedAt?: string } | null;
};

const isCaseImage = (x: Record<string, unknown> | null | undefined): x is CaseImage =>
  !!x && x.type === 'CASE' && typeof x.id === 'string' && typeof x.version === 'number' && typeof x.status === 'string';

/**
 * Which change turned `before` into `after`: a withdrawal or an appeal by the status they
 * move to, a determination by the count growing (decisions, re-evaluations, appeal
 * decisions), an extension or a request for information by the record they set.
 */
export function changeKind(before: CaseImage | null, after: CaseImage): CaseEventKind | null {
  if (!before) return 'SUBMITTED';
  if (after.version <= before.version) return null;
  if (after.status === 'WITHDRAWN' && before.status !== 'WITHDRAWN') return 'WITHDRAWAL';
  if (after.status === 'APPEAL_PENDING' && before.status !== 'APPEAL_PENDING') return 'APPEAL';
  if (after.determinationCount > before.determinationCount) return 'DETERMINATION';
  if (after.extension?.extendedAt && after.extension.extendedAt !== before.extension?.extendedAt) return 'EXTENSION';
  if (after.informationRequest?.requestedAt && after.informationRequest.requestedAt !== before.informationRequest?.requestedAt) return 'INFORMATION_REQUEST';
  // A change this mapping does not know yet: named by its status, never dropped (every
  // version is one event, so consumers see no gap in caseVersion).
  return isPendingStatus(after.status) ? 'INFORMATION_REQUEST' : 'DETERMINATION';
}

/**
 * The event of one stream record's images (unmarshalled), or null: not a CASE item, a
 * removal, or a rewrite that did not change the version.
 */
export function caseEventOf(oldImage: Record<string, unknown> | null | undefined, newImage: Record<string, unknown> | null | undefined): CaseEvent | null {
  if (!isCaseImage(newImage)) return null;
  const before = isCaseImage(oldImage) ? oldImage : null;
  const kind = changeKind(before, newImage);
  if (!kind) return null;
  return {
    id: caseEventId(newImage.id, newImage.version),
    kind,
    caseId: newImage.id,
    caseVersion: newImage.version,
    providerId: newImage.providerId,
    status: newImage.status,
    previousStatus: before?.status ?? null,
    determinationVersion: before === null || newImage.determinationCount > before.determinationCount ? newImage.determinationCount || null : null,
    urgency: newImage.urgency,
    occurredAt: newImage.updatedAt ?? newImage.receivedAt,
  };
}

/**
 * Whether a PAS subscriber is told about this change: a change of a pended request (the
 * request was pended before it, or is pended again by it, as an appeal does). The
 * submission itself is answered synchronously by $submit, so it notifies no one.
 */
export const notifiesSubscribers = (e: CaseEvent) => e.kind !== 'SUBMITTED' && (isPendingStatus(e.previousStatus) || isPendingStatus(e.status));
