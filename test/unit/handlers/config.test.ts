// The plan's contact in member notices comes from PLAN_NAME / PLAN_PHONE, with local defaults.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lambda/handlers/config';
import { DEFAULT_PLAN_CONTACT } from '../../../lambda/core/notices/lines-of-business';

describe('PLAN_NAME and PLAN_PHONE', () => {
  it('default to the local plan contact', () => {
    expect(loadConfig({ TABLE_NAME: 't' }).plan).toEqual(DEFAULT_PLAN_CONTACT);
  });
  it('are read from the environment', () => {
    expect(loadConfig({ TABLE_NAME: 't', PLAN_NAME: 'Acme Health', PLAN_PHONE: '1-888-555-0199' }).plan).toEqual({ name: 'Acme Health', phone: '1-888-555-0199' });
  });
  it('refuse an empty value', () => {
    expect(() => loadConfig({ TABLE_NAME: 't', PLAN_NAME: '' })).toThrow();
  });
});
