// The notices besides the provider's determination notice (render.ts): the member's letter
// of a decision, and the notices of the other events (a request for information, an
// extension, a withdrawal, an appeal received). Pure, deterministic; Markdown.
//
// The member's letter is plain language (Flesch-Kincaid grade 8 or below, checked in
// test/unit/engine/notice-matrix.test.ts): short sentences, the service in the policy's plain name,
// the decision first, each reason in the policy's plain words, what the member can do and
// by when, the plan's contact and, where the line of business requires them, the
// language-assistance and non-discrimination statements.
import type { CompiledPolicy } from '../compile';
import type { CareSetting } from '../types';
import { noticeOutcome, type NoticeCase, type NoticeInformationRequest, type NoticeInput, type NoticeOutcome } from './render';
import { firstAppealSentences, nextLevelSentences, statements, type LetterContext } from './rights';
import { dateTime, levelOfCareWords, longDate, md, plural } from './words';

/** The service as a member knows it: the policy's plain name, else its noun phrase. */
export const plainService = (policy: CompiledPolicy): string => md(policy.doc.plainName ?? policy.doc.procedure);

/** A level of care in a member's words. */
function careWords(setting: CareSetting, days: number): string {
  if (setting === 'INPATIENT') return days > 0 ? `a hospital stay of ${plural(days, 'day')}` : 'a hospital stay';
  if (setting === 'OBSERVATION') return 'a short hospital stay to watch how you do';
  return 'care without a hospital stay';
}

const ADVERSE: readonly NoticeOutcome[] = ['DENIED', 'DENIAL_UPHELD', 'PARTIALLY_APPROVED', 'MODIFIED'];

function memberHeader(title: string, input: { case: NoticeCase; policy: CompiledPolicy; letter: LetterContext }, issuedAt: string): string[] {
  const c = input.case;
  return [
    `# ${title}`,
    '',
    `- Date of this letter: ${longDate(issuedAt)}.`,
    `- Member ID: ${md(c.memberId)}.`,
    `- Case number: ${md(c.id)}.`,
    `- Service: ${plainService(input.policy)}.`,
    `- Your plan: ${md(input.letter.plan.name)}, a ${md(input.letter.rights.planType)}.`,
    '',
  ];
}

function contact(letter: LetterContext): string[] {
  return ['## Questions?', '', `Call ${md(letter.plan.name)} at ${md(letter.plan.phone)}. The call is free.`, '', ...statementsSection(letter)];
}

function statementsSection(letter: LetterContext): string[] {
  const s = statements(letter).map(md);
  return s.length ? ['## Help in Your Language and Your Rights', '', ...s.flatMap((t) => [t, ''])] : [];
}

/** The member's reasons: each criterion in the policy's plain words, the level of care, the reviewer's own words. */
function memberReasons(input: NoticeInput): string[] {
  const plain = new Map(input.policy.doc.criteria.map((c) => [c.id, c.plainReason ?? `Your records do not show this: ${c.title}.`]));
  const requested = input.case.requestedLevelOfCare;
  const a = input.authorization;
  const out: string[] = [];
  for (const r of input.denialReasons) {
    if (r.criterionId) out.push(md(plain.get(r.criterionId) ?? r.text));
    // The core's level-of-care reason (lambda/core/decision-records/denial-reasons.ts), said from the records.
    else if (r.code === 'LEVEL_OF_CARE') {
      out.push(`You asked for ${careWords(requested.setting, requested.inpatientDays)}. The rules we use say that ${a ? careWords(a.approvedSetting, a.approvedInpatientDays) : 'less care'} is enough for you.`);
    } else out.push(`The doctor who looked at your request wrote: "${md(r.text)}"`);
  }
  if (!out.length) for (const t of input.decision?.reasons ?? []) out.push(`The doctor who looked at your request wrote: "${md(t)}"`);
  return out;
}

function memberOutcome(outcome: NoticeOutcome, input: NoticeInput): string[] {
  const service = plainService(input.policy);
  const a = input.authorization;
  const requested = input.case.requestedLevelOfCare;
  switch (outcome) {
    case 'AUTO_APPROVED':
    case 'APPROVED':
      return [`**We approved your request for ${service}.**`, '', 'This means your plan will cover this care, under the terms of your plan.'];
    case 'APPROVED_ON_APPEAL':
      return [`**We approved your request for ${service}.** We looked at your case again because of the appeal. We changed our first answer.`, '', 'This means your plan will cover this care, under the terms of your plan.'];
    case 'PARTIALLY_APPROVED':
    case 'MODIFIED':
      return [
        `**We approved part of your request for ${service}.**`,
        '',
        `We approved ${a ? careWords(a.approvedSetting, a.approvedInpatientDays) : 'part of the care'}. You asked for ${careWords(requested.setting, requested.inpatientDays)}. We did not approve the rest.`,
      ];
    case 'DENIED':
      return [`**We denied your request for ${service}.**`, '', 'This means your plan will not pay for this care right now. A doctor looked at your request before we decided.'];
    case 'DENIAL_UPHELD':
      return [`**We looked at your appeal, and we still deny your request for ${service}.**`, '', 'A doctor who did not make the first decision looked at your case. This means your plan will not pay for this care right now.'];
    case 'PENDED_FOR_REVIEW':
    case 'PENDING_INFORMATION':
      // Not issued to members (a pended determination issues no notice); said plainly if ever asked for.
      return [`**We have not decided on your request for ${service} yet.**`];
  }
}

/** The member's letter of a decision (DETERMINATION or APPEAL_DECISION). */
export function renderMemberLetter(input: NoticeInput): string {
  const outcome = noticeOutcome(input);
  const onAppeal = Boolean(input.decision?.onAppeal);
  const issuedAt = input.determination.createdAt;
  const out = memberHeader(onAppeal ? 'Our Decision on Your Appeal' : 'Our Decision on Your Request', input, issuedAt);
  out.push(...memberOutcome(outcome, input), '');
  const a = input.authorization;
  if (a) {
    out.push(
      '## What We Approved',
      '',
      `- What: ${careWords(a.approvedSetting, a.approvedInpatientDays)} for ${plainService(input.policy)}.`,
      `- Approval number: ${md(a.number)}.`,
      `- You must get this care between ${longDate(a.validFrom)} and ${longDate(a.validTo)}.`,
      '',
      'Your doctor will plan the care with you.',
      '',
    );
  }
  if (ADVERSE.includes(outcome)) {
    const reasons = memberReasons(input);
    out.push(outcome === 'PARTIALLY_APPROVED' || outcome === 'MODIFIED' ? '## Why We Did Not Approve All of It' : '## Why We Said No', '');
    if (reasons.length) out.push('We looked at your records and the rules we use for this care.', '', ...reasons.map((r) => `- ${r}`), '');
    else out.push('We looked at your records and the rules we use for this care. They do not show that you need this care now.', '');
    out.push(
      `We used the plan's rules for ${md(input.policy.title.toLowerCase())}. You can ask us for a free copy of these rules. You can also ask for a free copy of all the papers in your case. Call us to ask.`,
      '',
      '## What You Can Do',
      '',
    );
    const from = input.determination.createdAt;
    const { rights, plan } = input.letter;
    if (onAppeal) out.push(...nextLevelSentences(rights, from, longDate, 'member').map(md), '');
    else {
      out.push(
        ...firstAppealSentences(rights, from, longDate, 'member').map(md),
        '',
        `To ask for ${/^[aeiou]/i.test(rights.appeal.name) ? 'an' : 'a'} ${md(rights.appeal.name)}, call us at ${md(plan.phone)} or write to us. Your doctor can also ask for you. Send us any new records that may help.`,
        '',
      );
    }
  }
  out.push(...contact(input.letter));
  return out.join('\n');
}

// ---- the notices of the other events ---------------------------------------------------

/** What the notice of an event other than a determination needs. */
export interface EventNoticeInput {
  policy: CompiledPolicy;
  case: NoticeCase;
  letter: LetterContext;
  issuedAt: string;
  informationRequest?: NoticeInformationRequest | null;
  extension?: { days: number; reason: string; previousDueAt: string } | null;
  withdrawal?: { reason: string; withdrawnAt: string } | null;
  appeal?: { reason: string; filedAt: string; dueAt: string } | null;
}

function providerHeader(title: string, input: EventNoticeInput, headline: string): string[] {
  const c = input.case;
  const p = input.policy;
  const service = c.serviceDescription?.trim() ? md(c.serviceDescription.trim()) : md(p.doc.procedure);
  return [
    `# ${title}: CPT ${md(c.cptCode)}`,
    '',
    `- Case: ${md(c.id)}`,
    `- Member: ${md(c.memberId)}`,
    `- Plan: ${md(input.letter.plan.name)} (${md(input.letter.rights.planType)})`,
    `- Requesting provider: ${md(c.providerId)}`,
    `- Service requested: CPT ${md(c.cptCode)}, ${service}; ${levelOfCareWords(c.requestedLevelOfCare.setting, c.requestedLevelOfCare.inpatientDays)}`,
    `- Review type: ${c.urgency === 'EXPEDITED' ? 'expedited (urgent)' : 'standard'}`,
    `- Received: ${dateTime(c.receivedAt)}`,
    `- Policy: ${md(p.title)} (version ${p.version}, effective ${p.effectiveFrom})`,
    `- Notice issued: ${dateTime(input.issuedAt)}`,
    '',
    `**${headline}**`,
    '',
  ];
}

const providerContact = (input: EventNoticeInput): string[] => [
  '## Contact',
  '',
  `${md(input.letter.plan.name)}, utilization management: ${md(input.letter.plan.phone)}. Cite case ${md(input.case.id)}.`,
  '',
];

/** A notice asked for without the record it announces: a caller's bug, never a client's input. */
export class NoticeInputError extends Error {
  override readonly name = 'NoticeInputError';
}

function need<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new NoticeInputError(`a ${what} notice needs its ${what} record`);
  return v;
}

/** INFORMATION_REQUEST, to the provider: every item as the reviewer wrote it, and the respond-by date. */
export function renderInformationRequestNotice(input: EventNoticeInput): string {
  const ir = need(input.informationRequest, 'information request');
  const out = providerHeader('Request for Additional Information', input, `Additional information is needed: no determination has been made yet. Respond by ${dateTime(ir.respondBy)}.`);
  out.push('## Information Requested', '', 'The reviewer needs the following before deciding:', '');
  ir.items.forEach((it, i) => out.push(`${i + 1}. ${md(it)}`));
  out.push(
    '',
    `Respond by **${dateTime(ir.respondBy)}** by sending the updated clinical documentation for this case through the plan's prior-authorization portal or your electronic health record system; the case is then reviewed again. ` +
      `The decision remains due by ${dateTime(input.case.dueAt)}; without the information, the reviewer decides on the documentation on file.`,
    '',
    ...providerContact(input),
  );
  return out.join('\n');
}

/** EXTENSION, to the provider: the new due date and the reason. */
export function renderExtensionNotice(input: EventNoticeInput): string {
  const x = need(input.extension, 'extension');
  const out = providerHeader('Extension of the Decision Due Date', input, `The decision due date is extended by ${plural(x.days, 'day')}, to ${dateTime(input.case.dueAt)}.`);
  out.push(
    '## Extension',
    '',
    `- Decision now due by: **${dateTime(input.case.dueAt)}**`,
    `- Decision was due by: ${dateTime(x.previousDueAt)}`,
    `- Reason: ${md(x.reason)}`,
    '',
    'No determination has been made yet. The member receives a letter about this extension.',
    '',
    ...providerContact(input),
  );
  return out.join('\n');
}

/** EXTENSION, to the member: the new date and the reason, in plain words. */
export function renderMemberExtensionLetter(input: EventNoticeInput): string {
  const x = need(input.extension, 'extension');
  const out = memberHeader('We Need More Time to Decide', input, input.issuedAt);
  out.push(
    `**We need more time to decide on your request for ${plainService(input.policy)}.** We will decide by ${longDate(input.case.dueAt)}.`,
    '',
    '## Why We Need More Time',
    '',
    `The person who is looking at your request wrote: "${md(x.reason)}"`,
    '',
    '## What You Can Do',
    '',
    `You do not need to do anything. If you do not agree that we should take more time, you can call us at ${md(input.letter.plan.phone)} to complain. We will answer fast.`,
    '',
    ...contact(input.letter),
  );
  return out.join('\n');
}

/** WITHDRAWAL, to the provider: the request was withdrawn and nothing was decided. */
export function renderWithdrawalNotice(input: EventNoticeInput): string {
  const w = need(input.withdrawal, 'withdrawal');
  const out = providerHeader('Withdrawal of the Request', input, 'The request was withdrawn by the requesting provider: no determination was made.');
  out.push(
    '## Withdrawal',
    '',
    `- Withdrawn: ${dateTime(w.withdrawnAt)}`,
    `- Reason given: ${md(w.reason)}`,
    '',
    'Nothing was decided: the request was neither approved nor denied, and no authorization was issued. A new request may be submitted at any time.',
    '',
    ...providerContact(input),
  );
  return out.join('\n');
}

/** APPEAL_RECEIVED, to the provider: the appeal is received and when it will be decided. */
export function renderAppealReceivedNotice(input: EventNoticeInput): string {
  const ap = need(input.appeal, 'appeal');
  const name = input.letter.rights.appeal.name;
  const out = providerHeader(`Appeal Received`, input, `The ${md(name)} was received on ${dateTime(ap.filedAt)}; a decision is due by ${dateTime(ap.dueAt)}.`);
  out.push(
    '## Appeal',
    '',
    `- Received: ${dateTime(ap.filedAt)}`,
    `- Decision due: **${dateTime(ap.dueAt)}** (${input.case.urgency === 'EXPEDITED' ? 'expedited' : 'standard'} review)`,
    `- Reason given: ${md(ap.reason)}`,
    '',
    `A physician reviewer who took no part in the earlier determination decides the ${md(name)}. Additional clinical documentation that addresses the reasons of the earlier determination may be sent until the decision.`,
    '',
    ...providerContact(input),
  );
  return out.join('\n');
}

