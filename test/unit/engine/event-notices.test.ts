// The notices of the events that are not determinations: a request for information, an
// extension (to both audiences), a withdrawal and an appeal received. Content, not snapshots.
import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  renderAppealReceivedNotice,
  renderExtensionNotice,
  renderInformationRequestNotice,
  renderMemberExtensionLetter,
  renderWithdrawalNotice,
  type EventNoticeInput,
} from '../../../lambda/engine';
import { linesOfBusiness } from '../../../lambda/core/model/case';
import { DEFAULT_PLAN_CONTACT, lineOfBusinessRights } from '../../../lambda/core/notices/lines-of-business';
import { shippedPolicies } from '../../../policies';
import { fleschKincaidGrade } from '../../support/readability';
import { noticeInput } from './fixtures/notice-inputs';
import { firstSentenceAfterHeader, leaks, section } from './fixtures/notice-leaks';
import { referenceEvaluationDate, referenceFactsJson, referenceRequested } from './fixtures/reference-case';
import { sij } from './helpers';

const base = noticeInput(sij, { facts: referenceFactsJson(), requested: referenceRequested, evaluationDate: referenceEvaluationDate, icd10Codes: [] }, 'engine');
const event = (over: Partial<EventNoticeInput>): EventNoticeInput => ({ policy: sij, case: base.case, letter: base.letter, issuedAt: '2026-02-04T10:00:00.000Z', ...over });

describe('request for information (to the provider)', () => {
  const items = ['Operative plan with the planned date of service', 'Second diagnostic injection report | with *marks*'];
  const md = renderInformationRequestNotice(event({ informationRequest: { items, requestedAt: '2026-02-04T10:00:00.000Z', requestedBy: 'nurse-7', respondBy: '2026-02-18T10:00:00.000Z' } }));
  it('says first that information is needed and nothing is decided, then lists every item as written and the respond-by date', () => {
    expect(firstSentenceAfterHeader(md)).toBe('Additional information is needed: no determination has been made yet.');
    const body = section(md, '## Information Requested');
    expect(body).toContain('1. Operative plan with the planned date of service');
    expect(body).toContain('2. Second diagnostic injection report \\| with \\*marks\\*');
    expect(body).toContain('Respond by **2026-02-18 10:00 UTC**');
    expect(leaks(sij, md)).toEqual([]);
  });
});

describe('extension (to both)', () => {
  const input = event({ case: { ...base.case, dueAt: '2026-02-20T09:30:00.000Z' }, extension: { days: 4, reason: 'Awaiting the outside imaging report.', previousDueAt: '2026-02-16T09:30:00.000Z' } });
  it('gives the provider the new due date, the previous one and the reason', () => {
    const md = renderExtensionNotice(input);
    expect(firstSentenceAfterHeader(md)).toBe('The decision due date is extended by 4 days, to 2026-02-20 09:30 UTC.');
    expect(md).toContain('- Decision now due by: **2026-02-20 09:30 UTC**');
    expect(md).toContain('- Decision was due by: 2026-02-16 09:30 UTC');
    expect(md).toContain('- Reason: Awaiting the outside imaging report.');
    expect(leaks(sij, md)).toEqual([]);
  });
  it('tells the member in plain words, with the contact and, where required, the statements', () => {
    for (const lob of linesOfBusiness) {
      const md = renderMemberExtensionLetter({ ...input, letter: { plan: DEFAULT_PLAN_CONTACT, rights: lineOfBusinessRights[lob] } });
      expect(firstSentenceAfterHeader(md)).toMatch(/^We need more time to decide on your request for surgery to fuse your SI joint/);
      expect(md).toContain('We will decide by February 20, 2026.');
      expect(md).toContain('"Awaiting the outside imaging report."');
      expect(md).toContain(DEFAULT_PLAN_CONTACT.phone);
      expect(/civil rights/.test(md)).toBe(lob !== 'COMMERCIAL');
      expect(fleschKincaidGrade(md)).toBeLessThanOrEqual(8);
      expect(leaks(sij, md)).toEqual([]);
    }
  });
});

describe('withdrawal (to the provider)', () => {
  it('confirms the withdrawal and that nothing was decided', () => {
    const md = renderWithdrawalNotice(event({ withdrawal: { reason: 'Patient chose physical therapy instead.', withdrawnAt: '2026-02-04T10:00:00.000Z' } }));
    expect(firstSentenceAfterHeader(md)).toBe('The request was withdrawn by the requesting provider: no determination was made.');
    expect(md).toContain('Nothing was decided: the request was neither approved nor denied, and no authorization was issued.');
    expect(md).toContain('- Reason given: Patient chose physical therapy instead.');
    expect(md).not.toMatch(/Pending additional information|medically necessary/);
    expect(leaks(sij, md)).toEqual([]);
  });
});

describe('appeal received (to the provider)', () => {
  it("names the line of business's appeal and its due date", () => {
    const appeal = { reason: 'Second injection report attached.', filedAt: '2026-02-10T08:00:00.000Z', dueAt: '2026-03-12T08:00:00.000Z' };
    const md = renderAppealReceivedNotice(event({ appeal, letter: { plan: DEFAULT_PLAN_CONTACT, rights: lineOfBusinessRights.MEDICARE_ADVANTAGE } }));
    expect(firstSentenceAfterHeader(md)).toBe('The reconsideration was received on 2026-02-10 08:00 UTC; a decision is due by 2026-03-12 08:00 UTC.');
    expect(md).toContain('- Decision due: **2026-03-12 08:00 UTC** (standard review)');
    expect(leaks(sij, md)).toEqual([]);
  });
});

describe('the shipped policies name their service and reasons for members', () => {
  it('every shipped policy has a plain name and a plain reason for every criterion', () => {
    for (const doc of shippedPolicies) {
      const p = compilePolicy(doc);
      expect(p.doc.plainName, p.id).toBeTruthy();
      for (const c of p.doc.criteria) expect(c.plainReason, `${p.id} ${c.id}`).toBeTruthy();
    }
  });
});
