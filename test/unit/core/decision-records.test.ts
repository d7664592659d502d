import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';
import { authorizationNumber, validityPeriod } from '../../../lambda/core/decision-records/authorization';
import { denialReasons, DETERMINATION_REASON_SYSTEM } from '../../../lambda/core/decision-records/denial-reasons';
import { hasVisibleText } from '../../../lambda/core/inputs/visible-text';
import type { CriterionResult } from '../../../lambda/engine';

const policy = compilePolicy(shippedPolicies.find((p) => (p as { id: string }).id === 'sij-fusion')!);
const [c1, c2, c3] = policy.criteria;
const result = (criterionId: string, status: CriterionResult['status']): CriterionResult => ({
  criterionId,
  title: 't',
  status,
  rationale: 'r',
  evidence: [],
  citations: [],
  nextStep: null,
});

describe('authorization numbers', () => {
  it('are human-readable Crockford base32, the same for the same case and version, different otherwise', () => {
    const n = authorizationNumber('case-1', 2, 0, 2026);
    expect(n).toMatch(/^PA-2026-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(authorizationNumber('case-1', 2, 0, 2026)).toBe(n);
    expect(authorizationNumber('case-1', 3, 0, 2026)).not.toBe(n);
    expect(authorizationNumber('case-2', 2, 0, 2026)).not.toBe(n);
    expect(authorizationNumber('case-1', 2, 1, 2026)).not.toBe(n);
  });
  it('do not repeat over 20,000 cases', () => {
    const seen = new Set(Array.from({ length: 20_000 }, (_, i) => authorizationNumber(`c-${i}`, 1, 0, 2026)));
    expect(seen.size).toBe(20_000);
  });
});

describe('validity period', () => {
  it('starts on the decision day (UTC) and lasts the policy’s days', () => {
    expect(validityPeriod(new Date('2026-03-10T23:30:00Z'), null, 90)).toEqual({ validFrom: '2026-03-10', validTo: '2026-06-08' });
  });
  it('starts on a later planned service date, never an earlier one', () => {
    expect(validityPeriod(new Date('2026-03-10T10:00:00Z'), '2026-04-01', 60)).toEqual({ validFrom: '2026-04-01', validTo: '2026-05-31' });
    expect(validityPeriod(new Date('2026-03-10T10:00:00Z'), '2026-01-01', 60).validFrom).toBe('2026-03-10');
  });
});

describe('denial reasons', () => {
  const base = {
    policy,
    overrides: [],
    requested: { setting: 'INPATIENT' as const, inpatientDays: 2 },
    approved: { setting: 'OUTPATIENT' as const, inpatientDays: 0 },
    guideline: 'MCG: Ambulatory',
  };
  const results = [result(c1!.id, 'NOT_MET'), result(c2!.id, 'UNSURE'), result(c3!.id, 'MET')];

  it('a denial: one per NOT_MET and UNSURE criterion with the policy’s code, system and citations, then the reviewer’s reasons', () => {
    const r = denialReasons({ ...base, decision: 'DENIED', criteriaResults: results, reviewerReasons: ['Injections did not isolate the joint', '\u200b '] });
    expect(r.map((x) => x.criterionId)).toEqual([c1!.id, c2!.id, null]);
    expect(r[0]).toMatchObject({ code: c1!.reasonCode.code, system: c1!.reasonCode.system, citations: c1!.citations });
    expect(r[0]!.text).toContain(c1!.requirement);
    expect(r[1]!.text).toMatch(/^Not documented/);
    expect(r[2]).toEqual({ criterionId: null, code: 'REVIEWER_REASON', system: DETERMINATION_REASON_SYSTEM, text: 'Injections did not isolate the joint', citations: [] });
  });

  it('a partial approval: NOT_MET criteria (not UNSURE ones) and the level-of-care reason naming the approved setting', () => {
    const r = denialReasons({ ...base, decision: 'PARTIALLY_APPROVED', criteriaResults: results, reviewerReasons: ['Outpatient is adequate'] });
    expect(r.map((x) => x.code)).toEqual([c1!.reasonCode.code, 'LEVEL_OF_CARE', 'REVIEWER_REASON']);
    expect(r[1]!.text).toContain('inpatient care with 2 inpatient days');
    expect(r[1]!.text).toContain('outpatient care is certified');
    expect(r[1]!.text).toContain('MCG: Ambulatory');
  });

  it('an override’s rationale is the reviewer’s finding; an override to MET drops the criterion', () => {
    const r = denialReasons({
      ...base,
      decision: 'DENIED',
      criteriaResults: [result(c1!.id, 'NOT_MET'), result(c2!.id, 'MET')],
      overrides: [{ criterionId: c1!.id, status: 'NOT_MET', rationale: 'No relief duration in the notes' }],
      reviewerReasons: ['x'],
    });
    expect(r.filter((x) => x.criterionId).map((x) => x.criterionId)).toEqual([c1!.id]);
    expect(r[0]!.text).toContain('The reviewer found: No relief duration in the notes.');
  });

  it('reads as words: no fact field names, no UPPER_SNAKE values in criterion reasons', () => {
    const all = policy.criteria.map((c) => result(c.id, 'NOT_MET'));
    // camelCase names are identifiers; a one-word name (e.g. nicotine) is also an English word.
    const factNames = Object.keys((policy.factSchema as { properties: Record<string, unknown> }).properties).filter((n) => /[A-Z]/.test(n));
    expect(factNames.length).toBeGreaterThan(3);
    for (const reason of denialReasons({ ...base, decision: 'DENIED', criteriaResults: all, reviewerReasons: [] })) {
      expect(reason.text).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
      for (const f of factNames) expect(reason.text, f).not.toContain(f);
    }
  });

  it('an approval has none', () => {
    expect(denialReasons({ ...base, decision: 'APPROVED', criteriaResults: results, reviewerReasons: ['fine'] })).toEqual([]);
  });
});

describe('visible text', () => {
  it('needs a letter or a digit in any script', () => {
    expect(hasVisibleText('  \u200b\u00a0 ')).toBe(false);
    expect(hasVisibleText('...')).toBe(false);
    expect(hasVisibleText('é')).toBe(true);
    expect(hasVisibleText('痛み')).toBe(true);
    expect(hasVisibleText(' 7 ')).toBe(true);
  });
});
