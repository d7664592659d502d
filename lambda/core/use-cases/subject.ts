import type { CaseRecord } from '../model/case';
import type { WorkflowSubject } from '../workflow/table';

/** What the workflow's conditions read about a stored case, with the reasons of the action. */
export const subjectOf = (c: CaseRecord, reasons: readonly string[] = []): WorkflowSubject => ({
  providerId: c.providerId,
  urgency: c.urgency,
  extended: c.extension !== null,
  adverseDecisionBy: c.adverseDecisionBy,
  adverseDecisionNpi: c.adverseDecisionNpi ?? null,
  reasons,
});
