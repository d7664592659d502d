// Calendar dates as YYYY-MM-DD strings. Hand-written (no Date parsing) so
// "2026-02-30" is rejected instead of rolling over, two-digit years are not
// remapped to 19xx, and the hot path allocates nothing.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const year = (s: string): number => digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
const month = (s: string): number => digit(s, 5) * 10 + digit(s, 6);
const day = (s: string): number => digit(s, 8) * 10 + digit(s, 9);

/** True for a real calendar date (years 0001-9999) in YYYY-MM-DD form. */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const i of DIGIT_POSITIONS) if (digit(s, i) < 0) return false;
  const y = year(s);
  const m = month(s);
  const d = day(s);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

/** Days since 1970-01-01 (proleptic Gregorian; Hinnant's days_from_civil). */
export function epochDay(s: string): number {
  if (!isIsoDate(s)) throw new RangeError('not a YYYY-MM-DD calendar date');
  const m = month(s);
  const y = year(s) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day(s) - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}
