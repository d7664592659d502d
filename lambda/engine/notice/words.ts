// Words for the notice: contract enum values, roles and dates as a member and
// a provider read them, and the escaping of submitted text.
import type { CareSetting, CriterionStatus } from '../types';

/** Escapes Markdown/HTML structure in text that may come from a submission (one line, no markup). */
export function md(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|~#]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export const SETTING: Record<CareSetting, string> = { INPATIENT: 'inpatient', OBSERVATION: 'observation', OUTPATIENT: 'outpatient' };

/** Status in the summary table's status column: words, never the contract's values. */
export const STATUS_LABEL: Record<CriterionStatus, string> = { MET: 'Met', NOT_MET: 'Not met', UNSURE: 'Not verified', NOT_APPLICABLE: 'Not applicable' };

/** Status in prose. */
export const STATUS_WORDS: Record<CriterionStatus, string> = {
  MET: 'met',
  NOT_MET: 'not met',
  UNSURE: 'could not be verified',
  NOT_APPLICABLE: 'not applicable',
};

const ROLE_WORDS: Record<string, string> = {
  PHYSICIAN_REVIEWER: 'physician reviewer',
  UM_NURSE: 'utilization management nurse',
  POLICY_ADMIN: 'policy administrator',
  ANALYST: 'analyst',
  PROVIDER: 'provider',
};

/** A role claim in words; an unknown role is spoken in lower case, never as a raw code. */
export const roleWords = (role: string): string => ROLE_WORDS[role] ?? md(role.toLowerCase().replace(/_/g, ' '));

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "inpatient care, 1 inpatient day" / "outpatient care"; an inpatient stay without a day count is "inpatient care", never "0 inpatient days". */
export function levelOfCareWords(setting: CareSetting, inpatientDays: number): string {
  return inpatientDays > 0 ? `${SETTING[setting]} care, ${plural(inpatientDays, 'inpatient day')}` : `${SETTING[setting]} care`;
}

/** A stored timestamp as "2026-02-02 14:05 UTC"; a calendar date stays as it is. */
export function dateTime(s: string): string {
  if (/^\d{4}-\d\d-\d\d$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? md(s) : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The calendar day (UTC) of a timestamp or date. */
export function day(s: string): string {
  if (/^\d{4}-\d\d-\d\d$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? md(s) : new Date(t).toISOString().slice(0, 10);
}

/** The calendar day `days` after the day of `s` (UTC). */
export function addDays(s: string, days: number): string {
  const t = Date.parse(`${day(s)}T00:00:00Z`);
  return Number.isNaN(t) ? md(s) : new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar day `months` after the day of `s` (UTC), clamped to the month's last day. */
export function addMonths(s: string, months: number): string {
  const t = Date.parse(`${day(s)}T00:00:00Z`);
  if (Number.isNaN(t)) return md(s);
  const d = new Date(t);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A day as a member reads it: "February 3, 2026". */
export function longDate(s: string): string {
  const t = Date.parse(`${day(s)}T00:00:00Z`);
  if (Number.isNaN(t)) return md(s);
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()] as string} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "a and b"; "a; b; and c" (titles may hold commas). */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0] as string} and ${items[1] as string}`;
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1] as string}`;
}

/** "[1, 2]" from ["[1]", "[2]"], in source order, once each; "" for none. Other citation texts follow, escaped. */
export function cite(citations: readonly string[]): string {
  const nums = new Set<number>();
  const other = new Set<string>();
  for (const c of citations) {
    const m = /^\s*\[?\s*(\d+)\s*\]?\s*$/.exec(c);
    if (m) nums.add(Number(m[1]));
    else if (c.trim()) other.add(md(c.trim()));
  }
  const all = [...[...nums].sort((a, b) => a - b).map(String), ...other];
  return all.length ? ` [${all.join(', ')}]` : '';
}
