import type { CompiledPolicy, Facts, LetterContext, NoticeCase, NoticeInput } from '../../engine';
import { loadEngine } from '../../engine/load';
import type { CaseRecord } from '../model/case';
import type { DeterminationRecord } from '../model/determination';

/**
 * The provider's notice of a determination (Determination.report), rendered from the records
 * as they are committed: the case header, the engine's or the reviewer's outcome, the
 * authorization (its number is known only once claimed), the specific denial reasons and the
 * appeal rights of the case's line of business. Stored with the determination, so what was
 * issued never changes; for a decision it is also the provider's DETERMINATION notice.
 */
export async function withNotice(policy: CompiledPolicy, c: CaseRecord, d: DeterminationRecord, letter: LetterContext): Promise<DeterminationRecord> {
  const { renderNotice } = await loadEngine();
  return { ...d, report: renderNotice(noticeInput(policy, c, d, letter)) };
}

/** The case as every notice shows it. */
export function noticeCase(c: CaseRecord): NoticeCase {
  return {
    id: c.id,
    memberId: c.memberId,
    providerId: c.providerId,
    cptCode: c.requestedService.cptCode,
    serviceDescription: c.requestedService.description,
    icd10Codes: c.requestedService.icd10Codes,
    requestedLevelOfCare: c.requestedLevelOfCare,
    urgency: c.urgency,
    receivedAt: c.receivedAt,
    dueAt: c.dueAt,
    facts: c.clinicalFacts as Facts,
    appeal: c.appeal ? { filedAt: c.appeal.filedAt, dueAt: c.appeal.dueAt } : null,
  };
}

export function noticeInput(policy: CompiledPolicy, c: CaseRecord, d: DeterminationRecord, letter: LetterContext): NoticeInput {
  return {
    policy,
    case: noticeCase(c),
    determination: {
      version: d.version,
      source: d.source,
      createdAt: d.createdAt,
      recommendation: d.recommendation,
      criteriaResults: d.criteriaResults,
      levelOfCare: d.levelOfCare,
      nextSteps: d.nextSteps,
      metCount: d.metCount,
      totalCount: d.totalCount,
      reviewAction: d.reviewAction,
    },
    decision:
      d.source === 'REVIEWER' && d.decision && d.reviewer
        ? { decision: d.decision, reasons: d.reasons, onAppeal: d.onAppeal, reviewer: d.reviewer, overrides: d.criterionOverrides }
        : null,
    authorization: d.authorization,
    denialReasons: d.denialReasons,
    // An engine determination answers the request it carries; only an open one is "needed".
    informationRequest: d.source === 'ENGINE' ? null : d.informationRequest,
    letter,
  };
}
