import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueAuthorization } from '../../../lambda/core/decision-records/authorization';
import { certify, type CertifyArgs, type CertifyingDecision } from '../../../lambda/core/decision-records/certification';
import { engineDecision } from '../../../lambda/core/evaluation';
import { decisionSubject } from '../../../lambda/core/workflow/decision-subject';
import { compilePolicy, evaluate, validateFacts, type CareSetting, type CompiledPolicy } from '../../../lambda/engine';
import { shippedPolicies } from '../../../policies';

const policies = shippedPolicies.map((doc) => compilePolicy(doc));
const byId = (id: string) => policies.find((p) => p.id === id)!;
const fusion = byId('lumbar-fusion');
const settings: CareSetting[] = ['INPATIENT', 'OBSERVATION', 'OUTPATIENT'];

/** What every certification must satisfy, whatever the decision. */
function expectSound(args: CertifyArgs, lines: { cptCode: string; units: number; approvedSetting: CareSetting; approvedInpatientDays: number }[]) {
  const [first, ...addOns] = lines;
  expect(first!.cptCode).toBe(args.cptCode);
  expect(first!.units).toBe(1);
  for (const l of lines) {
    // Never INPATIENT with 0 days; never days outside INPATIENT.
    if (l.approvedSetting === 'INPATIENT') expect(l.approvedInpatientDays).toBeGreaterThanOrEqual(1);
    else expect(l.approvedInpatientDays).toBe(0);
    // An add-on line carries the stay of the line it adds to.
    expect([l.approvedSetting, l.approvedInpatientDays]).toEqual([first!.approvedSetting, first!.approvedInpatientDays]);
    expect(l.units).toBeGreaterThanOrEqual(1);
  }
  const addOn = args.policy.addOnCodes[args.cptCode];
  const levels = typeof args.facts['fusionLevels'] === 'number' ? (args.facts['fusionLevels'] as number) : 1;
  expect(lines.reduce((n, l) => n + l.units, 0)).toBe(addOn ? levels : 1);
  expect(addOns.map((l) => l.cptCode)).toEqual(addOn && levels > 1 ? [addOn.code] : []);
}

/** The decisions a reviewer can make on a request, valid or not. */
function reviewerDecisions(): CertifyingDecision[] {
  const out: CertifyingDecision[] = [];
  for (const decision of ['APPROVED', 'PARTIALLY_APPROVED'] as const) {
    for (const approvedSetting of [null, ...settings]) {
      for (const approvedInpatientDays of [null, 0, 1, 2, 3, 4, 5, 9]) out.push({ by: 'REVIEWER', decision, approvedSetting, approvedInpatientDays });
    }
  }
  return out;
}

describe('certify over every policy’s examples', () => {
  const cases = policies.flatMap((policy) => policy.doc.examples.map((ex) => [policy.id, ex.name, policy, ex] as const));
  it.each(cases)('%s: %s — every certifying decision is sound', (_id, _name, policy, ex) => {
    const v = validateFacts(policy, ex.facts);
    if (!v.ok) throw new Error('example facts invalid');
    const evaluation = evaluate(policy, v.value, ex.requestedLevelOfCare, ex.evaluationDate ?? policy.effectiveFrom, ex.icd10Codes ?? []);
    for (const cptCode of policy.cptCodes) {
      const base = { policy, cptCode, facts: v.value, requested: ex.requestedLevelOfCare, verdict: evaluation.levelOfCare };
      const engine = engineDecision(policy, evaluation, { cptCode, facts: v.value, requested: ex.requestedLevelOfCare });
      if (engine.outcome === 'APPROVE') {
        expect(engine.certification).not.toBeNull();
        expectSound({ ...base, decision: { by: 'ENGINE' } }, engine.certification!.lines);
      }
      for (const decision of reviewerDecisions()) {
        const r = certify({ ...base, decision });
        if (r.ok) expectSound({ ...base, decision }, r.value.lines);
      }
    }
  });
});

describe('certify: lumbar fusion', () => {
  const facts = (levels?: number) => ({ ...(levels === undefined ? {} : { fusionLevels: levels }) });
  const verdictOf = (levels: number | undefined, requested: { setting: CareSetting; inpatientDays: number }) =>
    evaluate(fusion, facts(levels), requested, '2026-03-01').levelOfCare;

  it('certifies a 2-level fusion requested INPATIENT with 0 days for the guideline stay (4 days) and 22634 × 1', () => {
    const requested = { setting: 'INPATIENT' as const, inpatientDays: 0 };
    const r = certify({ policy: fusion, cptCode: '22633', facts: facts(2), requested, verdict: verdictOf(2, requested), decision: { by: 'ENGINE' } });
    expect(r).toEqual({
      ok: true,
      value: {
        approved: { setting: 'INPATIENT', inpatientDays: 4 },
        lines: [
          { cptCode: '22633', units: 1, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
          { cptCode: '22634', units: 1, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
        ],
      },
    });
  });

  it.each([
    ['22612', '22614'],
    ['22630', '22632'],
    ['22633', '22634'],
  ])('certifies a 3-level fusion requested as %s with its add-on %s × 2; 1 level (or none stated) has no add-on line', (cpt, addOn) => {
    const requested = { setting: 'INPATIENT' as const, inpatientDays: 3 };
    const three = certify({ policy: fusion, cptCode: cpt, facts: facts(3), requested, verdict: verdictOf(3, requested), decision: { by: 'ENGINE' } });
    expect(three.ok && three.value.lines.map((l) => [l.cptCode, l.units, l.approvedInpatientDays])).toEqual([
      [cpt, 1, 3],
      [addOn, 2, 3],
    ]);
    for (const levels of [1, undefined]) {
      const one = certify({ policy: fusion, cptCode: cpt, facts: facts(levels), requested, verdict: verdictOf(levels, requested), decision: { by: 'ENGINE' } });
      expect(one.ok && one.value.lines.map((l) => l.cptCode)).toEqual([cpt]);
    }
  });

  it('gives the add-on line a partial approval’s setting and days', () => {
    const requested = { setting: 'INPATIENT' as const, inpatientDays: 6 };
    const verdict = verdictOf(4, requested);
    const r = certify({
      policy: fusion,
      cptCode: '22633',
      facts: facts(4),
      requested,
      verdict,
      decision: { by: 'REVIEWER', decision: 'PARTIALLY_APPROVED', approvedSetting: null, approvedInpatientDays: 4 },
    });
    expect(r.ok && r.value.lines).toEqual([
      { cptCode: '22633', units: 1, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
      { cptCode: '22634', units: 3, approvedSetting: 'INPATIENT', approvedInpatientDays: 4 },
    ]);
  });
});

describe('certify: every verdict branch', () => {
  const noAddOns = { addOnCodes: {} };
  const run = (requested: { setting: CareSetting; inpatientDays: number }, verdict: { recommendedSetting: CareSetting; approvedInpatientDays: number }, decision: CertifyingDecision) => {
    const r = certify({ policy: noAddOns, cptCode: '27447', facts: {}, requested, verdict, decision });
    return r.ok ? r.value.approved : r.errors.map((e) => e.code);
  };
  const approve = (approvedInpatientDays: number | null = null, approvedSetting: CareSetting | null = null): CertifyingDecision => ({
    by: 'REVIEWER',
    decision: 'APPROVED',
    approvedSetting,
    approvedInpatientDays,
  });
  const partial = (approvedSetting: CareSetting | null, approvedInpatientDays: number | null): CertifyingDecision => ({
    by: 'REVIEWER',
    decision: 'PARTIALLY_APPROVED',
    approvedSetting,
    approvedInpatientDays,
  });
  const IP = (d: number) => ({ setting: 'INPATIENT' as const, inpatientDays: d });
  const OP = { setting: 'OUTPATIENT' as const, inpatientDays: 0 };
  const vIP = (d: number) => ({ recommendedSetting: 'INPATIENT' as const, approvedInpatientDays: d });
  const vOP = { recommendedSetting: 'OUTPATIENT' as const, approvedInpatientDays: 0 };

  it('engine: the verdict; an inpatient verdict without days is never certified', () => {
    expect(run(IP(0), vIP(2), { by: 'ENGINE' })).toEqual({ setting: 'INPATIENT', inpatientDays: 2 });
    expect(run(OP, vOP, { by: 'ENGINE' })).toEqual({ setting: 'OUTPATIENT', inpatientDays: 0 });
    expect(run(IP(0), vIP(0), { by: 'ENGINE' })).toEqual(['INVALID_INPATIENT_DAYS']);
  });

  it('approval in full: the requested stay; for 0 days the verdict’s, else the reviewer names at least 1 day', () => {
    expect(run(IP(3), vIP(2), approve())).toEqual({ setting: 'INPATIENT', inpatientDays: 3 });
    expect(run(IP(0), vIP(2), approve())).toEqual({ setting: 'INPATIENT', inpatientDays: 2 });
    expect(run(IP(0), vOP, approve())).toEqual(['INVALID_INPATIENT_DAYS']);
    expect(run(IP(0), vOP, approve(0))).toEqual(['INVALID_INPATIENT_DAYS']);
    expect(run(IP(0), vOP, approve(2))).toEqual({ setting: 'INPATIENT', inpatientDays: 2 });
    expect(run(OP, vIP(2), approve())).toEqual({ setting: 'OUTPATIENT', inpatientDays: 0 });
    expect(run(IP(3), vIP(2), approve(2))).toEqual(['NOT_A_PARTIAL_APPROVAL']);
    expect(run(OP, vOP, approve(null, 'INPATIENT'))).toEqual(['NOT_A_PARTIAL_APPROVAL']);
  });

  it('partial approval: another setting or fewer days than asked (the guideline stay for 0 days)', () => {
    expect(run(IP(5), vIP(3), partial(null, 3))).toEqual({ setting: 'INPATIENT', inpatientDays: 3 });
    expect(run(IP(5), vIP(3), partial('OUTPATIENT', null))).toEqual({ setting: 'OUTPATIENT', inpatientDays: 0 });
    expect(run(IP(0), vIP(4), partial(null, 3))).toEqual({ setting: 'INPATIENT', inpatientDays: 3 });
    expect(run(IP(0), vIP(4), partial(null, null))).toEqual(['PARTIAL_APPROVAL_UNCHANGED']);
    expect(run(IP(5), vIP(3), partial(null, 5))).toEqual(['PARTIAL_APPROVAL_UNCHANGED']);
    expect(run(IP(5), vIP(3), partial(null, 6))).toEqual(['INVALID_INPATIENT_DAYS', 'PARTIAL_APPROVAL_UNCHANGED']);
    expect(run(IP(5), vIP(3), partial(null, 0))).toEqual(['INVALID_INPATIENT_DAYS']);
    expect(run(IP(5), vIP(3), partial('OUTPATIENT', 2))).toEqual(['INVALID_INPATIENT_DAYS']);
    expect(run(OP, vOP, partial(null, null))).toEqual(['PARTIAL_APPROVAL_UNCHANGED']);
    expect(run(OP, vIP(2), partial('INPATIENT', 2))).toEqual(['INVALID_INPATIENT_DAYS']);
  });
});

describe('certify: properties', () => {
  const setting = fc.constantFrom<CareSetting>(...settings);
  const decision: fc.Arbitrary<CertifyingDecision> = fc.oneof(
    fc.constant({ by: 'ENGINE' as const }),
    fc.record({
      by: fc.constant('REVIEWER' as const),
      decision: fc.constantFrom('APPROVED' as const, 'PARTIALLY_APPROVED' as const),
      approvedSetting: fc.option(setting, { nil: null }),
      approvedInpatientDays: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    }),
  );
  const level = fc.record({ setting, days: fc.integer({ min: 0, max: 30 }) });

  it('never certifies INPATIENT with 0 days; lines[0] is the authorization’s fields; units add up to the requested levels', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.nat(),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        level,
        level,
        decision,
        (policy: CompiledPolicy, pick, levels, req, ver, d) => {
          const codes = [...policy.cptCodes, '99999'];
          const args: CertifyArgs = {
            policy,
            cptCode: codes[pick % codes.length]!,
            facts: levels === undefined ? {} : { fusionLevels: levels },
            requested: { setting: req.setting, inpatientDays: req.setting === 'INPATIENT' ? req.days : 0 },
            verdict: { recommendedSetting: ver.setting, approvedInpatientDays: ver.setting === 'INPATIENT' ? ver.days : 0 },
            decision: d,
          };
          const r = certify(args);
          if (!r.ok) return;
          expectSound(args, r.value.lines);
          expect(r.value.lines[0]).toEqual({ cptCode: args.cptCode, units: 1, approvedSetting: r.value.approved.setting, approvedInpatientDays: r.value.approved.inpatientDays });
          const a = issueAuthorization({ caseId: 'c', determinationVersion: 1, salt: 0, at: new Date('2026-03-01T00:00:00Z'), plannedServiceDate: null, validityDays: 90, lines: r.value.lines });
          expect({ cptCode: a.cptCode, units: a.units, approvedSetting: a.approvedSetting, approvedInpatientDays: a.approvedInpatientDays }).toEqual(a.lines[0]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('decision subjects', () => {
  const engineResults = [
    { criterionId: 'A', status: 'MET' as const },
    { criterionId: 'B', status: 'UNSURE' as const },
    { criterionId: 'C', status: 'NOT_MET' as const },
    { criterionId: 'D', status: 'NOT_APPLICABLE' as const },
  ];
  const subject = (overrides: { criterionId: string; status: 'MET' | 'NOT_MET' | 'UNSURE' | 'NOT_APPLICABLE' }[], more: Partial<Parameters<typeof decisionSubject>[0]> = {}) =>
    decisionSubject({
      decision: 'APPROVED',
      overrides,
      engineResults,
      requested: { setting: 'INPATIENT', inpatientDays: 2 },
      verdict: { recommendedSetting: 'INPATIENT', approvedInpatientDays: 2 },
      approvedSetting: null,
      approvedInpatientDays: null,
      ...more,
    });

  it('reads the criteria after the overrides and whether each override turns UNSURE into MET', () => {
    expect(subject([])).toEqual({ notMet: true, unsure: true, overridesOnlyUnsureToMet: true, beyondVerdict: false });
    expect(subject([{ criterionId: 'B', status: 'MET' }])).toMatchObject({ unsure: false, overridesOnlyUnsureToMet: true });
    expect(subject([{ criterionId: 'C', status: 'MET' }])).toMatchObject({ notMet: false, overridesOnlyUnsureToMet: false });
    expect(subject([{ criterionId: 'A', status: 'NOT_MET' }])).toMatchObject({ notMet: true, overridesOnlyUnsureToMet: false });
    expect(subject([{ criterionId: 'B', status: 'MET' }, { criterionId: 'C', status: 'NOT_APPLICABLE' }])).toMatchObject({ notMet: false, unsure: false });
  });

  it('sees an approval beyond the verdict: more days, or another setting', () => {
    expect(subject([], { requested: { setting: 'INPATIENT', inpatientDays: 4 } }).beyondVerdict).toBe(true);
    expect(subject([], { requested: { setting: 'INPATIENT', inpatientDays: 0 } }).beyondVerdict).toBe(false);
    expect(subject([], { requested: { setting: 'OUTPATIENT', inpatientDays: 0 } }).beyondVerdict).toBe(true);
    expect(subject([], { decision: 'DENIED' }).beyondVerdict).toBe(false);
  });
});
