import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../lambda/core/model/case';
import type { DeterminationRecord } from '../../../lambda/core/model/determination';
import { decisionView } from '../../../lambda/fhir/decision-view';

const baseCase = {
  id: 'case-1',
  status: 'PENDING_PHYSICIAN_REVIEW',
  requestedService: { cptCode: '27279', icd10Codes: ['M53.3'], description: null },
  receivedAt: '2026-02-02T15:00:00.000Z',
  dueAt: '2026-02-05T15:00:00.000Z',
  decidedAt: null,
  automaticApproval: false,
  appeal: null,
} as unknown as CaseRecord;
const det = (over: Record<string, unknown>) =>
  ({ source: 'ENGINE', reviewAction: 'A4', metCount: 3, totalCount: 8, nextSteps: ['Document nicotine status.'], reasons: [], ...over }) as unknown as DeterminationRecord;

describe('decisionView: a case and its current determination as a PAS item decision', () => {
  it('pends while the case waits, whatever the last determination said, with the due date and what would help', () => {
    const v = decisionView(baseCase, det({}), 3);
    expect(v).toMatchObject({ caseId: 'case-1', reviewAction: 'A4', item: { sequence: 3, cptCode: '27279' }, authorization: null, denialReasons: [], reviewer: null, wasHumanReviewed: false });
    expect(v.noteText).toBe('Pended for clinical review; a decision is due by 2026-02-05. 3 of 8 applicable criteria are met on the information sent. What would help: Document nicotine status.');
    const appealed = decisionView({ ...baseCase, status: 'APPEAL_PENDING', appeal: { dueAt: '2026-03-01T00:00:00.000Z' } } as unknown as CaseRecord, det({ source: 'REVIEWER', reviewAction: 'A3' }), 1);
    expect(appealed.reviewAction).toBe('A4');
    expect(appealed.noteText).toMatch(/2026-03-01/);
  });

  it('reads the decision records when the determination carries them (authorization, coded reasons, reviewer; A6)', () => {
    const authorization = { number: 'PA-2026-000123', validFrom: '2026-02-03', validTo: '2026-05-03', cptCode: '27279', units: 1, approvedSetting: 'OUTPATIENT', approvedInpatientDays: 0 };
    const denialReasons = [{ criterionId: 'NICOTINE_FREE', code: 'NICOTINE_FREE', system: 'urn:policy:sij-fusion', text: 'Nicotine status is not documented.', citations: ['[1]'] }];
    const reviewer = { sub: 'dr-1', role: 'PHYSICIAN_REVIEWER', npi: '1234567893', specialty: null };
    const v = decisionView(
      { ...baseCase, status: 'PARTIALLY_APPROVED', decidedAt: '2026-02-03T10:00:00.000Z' } as unknown as CaseRecord,
      det({ source: 'REVIEWER', reviewAction: 'A6', authorization, denialReasons, reviewer, reasons: ['free text'] }),
      1,
    );
    expect(v).toMatchObject({ reviewAction: 'A6', authorization, reviewer: { sub: 'dr-1', npi: '1234567893', specialty: null }, wasHumanReviewed: true, decidedAt: '2026-02-03T10:00:00.000Z' });
    expect(v.denialReasons).toEqual([{ ...denialReasons[0], criterionId: 'NICOTINE_FREE' }]);
    // A record written before certified lines: its one line is the authorization's own fields.
    expect(v.authorization?.lines).toEqual([{ cptCode: '27279', units: 1, approvedSetting: 'OUTPATIENT', approvedInpatientDays: 0 }]);
    // Coded reasons go in their own notes: the free text is not repeated.
    expect(v.noteText).toBe('Partially certified by a physician reviewer.');
  });

  it('maps decided statuses without decision records: approval A1, denial A3 with the reviewer\'s reasons in the note, a withdrawal C', () => {
    expect(decisionView({ ...baseCase, status: 'APPROVED', automaticApproval: true } as unknown as CaseRecord, det({ reviewAction: 'A1' }), 1)).toMatchObject({
      reviewAction: 'A1',
      noteText: 'Certified: the request meets every criterion of the medical policy.',
    });
    const denied = decisionView({ ...baseCase, status: 'DENIED' } as unknown as CaseRecord, det({ source: 'REVIEWER', reviewAction: 'A3', reasons: ['Second injection not documented.'] }), 1);
    expect(denied).toMatchObject({ reviewAction: 'A3', wasHumanReviewed: true, noteText: 'Not certified by a physician reviewer. Second injection not documented.' });
    expect(decisionView({ ...baseCase, status: 'WITHDRAWN' } as unknown as CaseRecord, det({ reviewAction: 'A4' }), 1).reviewAction).toBe('C');
  });
});
