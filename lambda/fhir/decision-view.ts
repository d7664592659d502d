// The one mapping from the core's case and current determination to the FHIR door's
// FhirDecisionView (what a PAS ClaimResponse item says). $submit and $inquire both use it,
// so a decision reads the same whichever operation returns it.
import type { CaseRecord } from '../core/model/case';
import type { DeterminationRecord, ReviewAction } from '../core/model/determination';
import type { TraceNumber } from './pas-request';
import type { FhirCertifiedLineView, FhirDecisionView, FhirReviewAction } from './pas-response';

const REVIEW_ACTIONS = new Set<string>(['A1', 'A2', 'A3', 'A4', 'A6'] satisfies ReviewAction[]);
const PENDING = new Set<string>(['PENDING_INFORMATION', 'PENDING_PHYSICIAN_REVIEW', 'APPEAL_PENDING']);

/** The X12 306 review action a case shows now: pended while it waits, cancelled once withdrawn, else its determination's. */
export function reviewActionOf(c: Pick<CaseRecord, 'status'>, d: Pick<DeterminationRecord, 'reviewAction'> | null): FhirReviewAction {
  if (PENDING.has(c.status)) return 'A4';
  if (c.status === 'WITHDRAWN') return 'C';
  const fromRecord = d ? String(d.reviewAction) : '';
  if (REVIEW_ACTIONS.has(fromRecord) && fromRecord !== 'A4') return fromRecord as ReviewAction;
  switch (c.status) {
    case 'APPROVED':
    case 'APPROVED_ON_APPEAL':
      return 'A1';
    case 'PARTIALLY_APPROVED':
    case 'PARTIALLY_APPROVED_ON_APPEAL':
      return 'A2';
    default:
      // DENIED, DENIAL_UPHELD: nothing is certified.
      return 'A3';
  }
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);

/** Plain words for the provider: what happened and what comes next. No field names, no codes. */
function noteFor(c: CaseRecord, d: DeterminationRecord | null, hasCodedReasons: boolean): string {
  const counts = d ? ` ${d.metCount} of ${d.totalCount} applicable criteria are met on the information sent.` : '';
  const steps = d && d.nextSteps.length > 0 ? ` What would help: ${d.nextSteps.join(' ')}` : '';
  const status = String(c.status);
  switch (status) {
    case 'PENDING_PHYSICIAN_REVIEW':
      return `Pended for clinical review; a decision is due by ${day(c.dueAt)}.${counts}${steps}`;
    case 'PENDING_INFORMATION': {
      const asked = c.informationRequest
        ? ` The reviewer asks for: ${c.informationRequest.items.map((i) => i.trim().replace(/[.;]$/, '')).join('; ')}. Please respond by ${day(c.informationRequest.respondBy)} (send a Claim Update with the information).`
        : '';
      return `Pended: more clinical information is needed; a decision is due by ${day(c.dueAt)}.${asked}${counts}${steps}`;
    }
    case 'APPEAL_PENDING':
      return `An appeal is pending; a physician reviewer will decide it by ${day(c.appeal?.dueAt ?? c.dueAt)}.`;
    case 'APPROVED':
      return c.automaticApproval ? 'Certified: the request meets every criterion of the medical policy.' : 'Certified by a clinical reviewer.';
    case 'APPROVED_ON_APPEAL':
      return 'Certified on appeal by a physician reviewer.';
    case 'PARTIALLY_APPROVED':
      return `Partially certified by a physician reviewer.${!hasCodedReasons && d?.reasons.length ? ` ${d.reasons.join(' ')}` : ''}`;
    case 'PARTIALLY_APPROVED_ON_APPEAL':
      return `Partially certified on appeal by a physician reviewer.${!hasCodedReasons && d?.reasons.length ? ` ${d.reasons.join(' ')}` : ''}`;
    case 'DENIED':
    case 'DENIAL_UPHELD': {
      const how = status === 'DENIED' ? 'Not certified by a physician reviewer.' : 'Not certified: the denial was upheld on appeal.';
      return `${how}${!hasCodedReasons && d?.reasons.length ? ` ${d.reasons.join(' ')}` : ''}`;
    }
    case 'WITHDRAWN':
      return 'The request was withdrawn by the provider; nothing was certified.';
    default:
      return '';
  }
}

/**
 * The current decision on one Claim item: the case, its current (latest) determination and
 * the Claim item's sequence. Reads the decision records (authorization, denial reasons,
 * reviewer) when the determination carries them.
 */
export function decisionView(c: CaseRecord, d: DeterminationRecord | null, sequence: number, traceNumbers: readonly TraceNumber[] = []): FhirDecisionView {
  // Records written before the decision records existed lack them: read as none.
  const a = d?.authorization ?? null;
  const reasons = d?.denialReasons ?? [];
  const reviewer = d?.reviewer ?? null;
  // Authorizations written before certified lines existed: their one line is the authorization's own fields.
  const lines = (a as { lines?: FhirCertifiedLineView[] } | null)?.lines;
  return {
    caseId: c.id,
    status: String(c.status),
    reviewAction: reviewActionOf(c, d),
    receivedAt: c.receivedAt,
    decidedAt: c.appeal?.decidedAt ?? c.decidedAt,
    item: { sequence, cptCode: c.requestedService.cptCode, traceNumbers: [...traceNumbers] },
    authorization: a
      ? {
          ...a,
          lines: (lines?.length ? lines : [a]).map((l) => ({ cptCode: l.cptCode, units: l.units, approvedSetting: l.approvedSetting, approvedInpatientDays: l.approvedInpatientDays })),
        }
      : null,
    informationRequest:
      c.status === 'PENDING_INFORMATION' && c.informationRequest
        ? { items: [...c.informationRequest.items], requestedAt: c.informationRequest.requestedAt, respondBy: c.informationRequest.respondBy }
        : null,
    denialReasons: reasons.map((r) => ({ ...r, criterionId: r.criterionId ?? null, citations: r.citations ?? [] })),
    reviewer: reviewer ? { ...reviewer, npi: reviewer.npi ?? null, specialty: reviewer.specialty ?? null } : null,
    wasHumanReviewed: d?.source === 'REVIEWER',
    noteText: noteFor(c, d, reasons.length > 0),
  };
}
