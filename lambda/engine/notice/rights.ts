// Appeal rights in words, for both audiences, from the line of business's data (the core's
// table, lambda/core/notices/lines-of-business.ts): the same sentences for every line of
// business, filled with its names and timeframes, never a branch per line of business.
import { addDays, addMonths, plural } from './words';

/** What a line of business grants after an adverse decision (data; the core holds the table). */
export interface AppealRights {
  /** The kind of plan, in plain words: "Medicare Advantage plan". */
  planType: string;
  /** The first appeal: its name ("reconsideration"), how long the member has, and the fast (expedited) one. */
  appeal: { name: string; withinDays: number; fastHours: number | null };
  /** After the plan upholds its denial: the next level, when it must be asked for, or that it is automatic. */
  nextLevel: { name: string; after: string; withinMonths: number | null; withinDays: number | null; automatic: boolean };
  /** Language-assistance and non-discrimination statements (`{plan}`, `{phone}` filled in); null when not required. */
  statements: { languageAssistance: string; nonDiscrimination: string } | null;
}

/** The plan's contact and the member's rights: what a notice needs beyond the case. */
export interface LetterContext {
  plan: { name: string; phone: string };
  rights: AppealRights;
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

/** "within 4 months", "within 120 days". */
function within(n: { withinMonths: number | null; withinDays: number | null }): string {
  if (n.withinMonths !== null) return `within ${plural(n.withinMonths, 'month')}`;
  if (n.withinDays !== null) return `within ${plural(n.withinDays, 'day')}`;
  return '';
}

/** The last day to ask for the next level, counted from `from` (a notice's day); null when automatic or unbounded. */
export function nextLevelBy(rights: AppealRights, from: string): string | null {
  const n = rights.nextLevel;
  if (n.automatic) return null;
  if (n.withinMonths !== null) return addMonths(from, n.withinMonths);
  if (n.withinDays !== null) return addDays(from, n.withinDays);
  return null;
}

export const appealBy = (rights: AppealRights, from: string): string => addDays(from, rights.appeal.withinDays);

/**
 * The member's rights after a first adverse decision, in short sentences.
 * `date` formats a calendar day for the audience.
 */
export function firstAppealSentences(rights: AppealRights, from: string, date: (d: string) => string, who: 'member' | 'provider'): string[] {
  const a = rights.appeal;
  const you = who === 'member' ? 'You' : 'The member, or the requesting provider on the member\'s behalf,';
  const out =
    who === 'member'
      ? [`You have ${plural(a.withinDays, 'day')} from the date of this letter to ask for ${article(a.name)}. The last day is ${date(appealBy(rights, from))}.`]
      : [`${you} may ask for ${article(a.name)} within ${plural(a.withinDays, 'day')} of the date of this notice, that is by ${date(appealBy(rights, from))}.`];
  if (a.fastHours !== null) {
    out.push(
      who === 'member'
        ? `If waiting could seriously harm your health, ask for a fast ${a.name}. We will decide within ${a.fastHours} hours.`
        : `A fast (expedited) ${a.name}, decided within ${a.fastHours} hours, can be asked for when waiting could seriously jeopardize the member's life, health or ability to regain maximum function.`,
    );
  }
  out.push(...nextLevelSentences(rights, null, date, who));
  return out;
}

/** What comes after the plan upholds its denial; `from` is the day of the notice announcing the upheld denial, or null before it. */
export function nextLevelSentences(rights: AppealRights, from: string | null, date: (d: string) => string, who: 'member' | 'provider'): string[] {
  const n = rights.nextLevel;
  const entity = stripArticle(n.name);
  if (n.automatic) {
    if (who === 'member') {
      return from === null
        ? [`What if ${n.after}? Then we will send your case to the ${entity} on our own. You do not need to ask.`]
        : [`We will send your case to the ${entity} on our own. You do not need to ask. The ${entity} will send you its decision.`];
    }
    return from === null
      ? [`If the plan upholds its denial on ${article(rights.appeal.name)}, the case is sent automatically to the ${entity}; no request is needed.`]
      : [`The case is sent automatically to the ${entity}; no request is needed. The ${entity} informs the member and the provider of its decision.`];
  }
  if (who === 'member') {
    if (from === null) return [`What if ${n.after}? Then you can ask for ${article(n.name)}. You have ${withinWords(n)} from that decision to ask.`];
    const by = nextLevelBy(rights, from);
    return [`You can ask for ${article(n.name)}. You have ${withinWords(n)} from the date of this letter to ask.${by ? ` The last day is ${date(by)}.` : ''}`];
  }
  if (from === null) return [`If the plan upholds its denial on ${article(rights.appeal.name)}, the member (or the provider on the member's behalf) may ask for ${article(n.name)} ${within(n)} of that decision.`];
  const by = nextLevelBy(rights, from);
  return [`The member (or the provider on the member's behalf) may ask for ${article(n.name)} ${within(n)} of the date of this notice${by ? `, that is by ${date(by)}` : ''}.`];
}

/** "4 months", "120 days". */
const withinWords = (n: { withinMonths: number | null; withinDays: number | null }): string =>
  n.withinMonths !== null ? plural(n.withinMonths, 'month') : n.withinDays !== null ? plural(n.withinDays, 'day') : 'some time';

const stripArticle = (s: string) => s.replace(/^(the|a|an) /i, '').replace(/^review by the /, '');

/** The statements with the plan's name and phone filled in; [] when the line of business requires none. */
export function statements(ctx: LetterContext): string[] {
  const s = ctx.rights.statements;
  if (!s) return [];
  const fill = (t: string) => t.replace(/\{plan\}/g, ctx.plan.name).replace(/\{phone\}/g, ctx.plan.phone);
  return [fill(s.languageAssistance), fill(s.nonDiscrimination)];
}
