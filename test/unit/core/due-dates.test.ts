import { describe, expect, it } from 'vitest';
import { dueAtFor } from '../../../lambda/core/model/case';

describe('dueAtFor', () => {
  it('adds 72 hours to an expedited request', () => {
    expect(dueAtFor('EXPEDITED', new Date('2026-12-30T23:59:59.000Z')).toISOString()).toBe('2027-01-02T23:59:59.000Z');
  });
  it('adds 7 calendar days to a standard request, across a leap day', () => {
    expect(dueAtFor('STANDARD', new Date('2028-02-25T08:00:00.000Z')).toISOString()).toBe('2028-03-03T08:00:00.000Z');
  });
});
