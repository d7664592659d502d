import { describe, expect, it } from 'vitest';
import { daysBetween, epochDay, isIsoDate } from '../../../lambda/engine/dates';

describe('dates', () => {
  it.each(['2026-01-01', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('%s is a date', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });
  it.each(['2026-02-30', '1900-02-29', '2026-00-10', '2026-12-32', '0000-01-01', '26-01-01', '2026-1-01', '2026/01/01', 'yesterday', '', '2026-01-01 '])(
    '%j is not',
    (d) => expect(isIsoDate(d)).toBe(false),
  );
  it('counts days like the calendar, without remapping two-digit years', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2026-03-16')).toBe(Date.UTC(2026, 2, 16) / 86_400_000);
    expect(epochDay('0050-06-01')).toBe(Math.round(new Date('0050-06-01T00:00:00Z').getTime() / 86_400_000));
    expect(daysBetween('2025-03-16', '2026-03-16')).toBe(365);
    expect(daysBetween('2024-03-16', '2025-03-16')).toBe(365);
    expect(daysBetween('2023-03-16', '2024-03-16')).toBe(366);
    expect(daysBetween('2026-03-16', '2026-03-15')).toBe(-1);
    expect(() => epochDay('2026-02-30')).toThrow(RangeError);
  });
});
