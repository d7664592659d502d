import { as, type TestApi } from './api';
import { SUBMIT_WITH_DETERMINATION, submitInput } from './fixtures';
import { APPEAL, EXTEND, UPDATE_FACTS, decide } from './workflow';
import { shippedPolicies } from '../../policies';
import { referenceFacts } from '../unit/engine/fixtures/reference-case';
import { allMetFacts as sijAllMet } from '../unit/engine/fixtures/sij-cases';

/**
 * Every criterion met, with every observation (the nicotine lab) dated before 2026-01-05, the
 * first day the populations receive cases: an observation may not lie after receipt.
 */
const allMetFacts = { ...sijAllMet, nicotine: { ...sijAllMet.nicotine, lab: { ...sijAllMet.nicotine.lab, drawnOn: '2026-01-02' } }, plannedSurgeryDate: '2026-02-10' };
/** A physician who denies names the criterion not met, with the rationale (a denial rests on one). */
const denialOverride = [{ criterionId: 'TWO_DIAGNOSTIC_INJECTIONS', status: 'NOT_MET', rationale: 'Second injection report not in the record' }];

/** A second policy for another service code, so listings and stats have two CPT codes. */
export async function publishSecondPolicy(api: TestApi, cptCode = '22899') {
  const doc = structuredClone(shippedPolicies.find((p) => p.id === 'sij-fusion')!) as unknown as Record<string, unknown>;
  doc.id = 'lumbar-fusion-demo';
  doc.cptCodes = [cptCode];
  const res = await api.gql(as.policyAdmin(), 'mutation P($input: PublishPolicyInput!) { publishPolicy(input: $input) { userErrors { code } } }', { input: { document: doc } });
  if (res.body.data?.publishPolicy.userErrors.length) throw new Error('could not publish the second policy');
}

/** A deterministic pseudo-random generator, so failures can be replayed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s = Math.imul(s ^ (s >>> 12), 0x297a2d39) >>> 0;
    return ((s ^ (s >>> 15)) >>> 0) / 4294967296;
  };
}

export type Made = { id: string; version: number; providerId: string; cptCode: string; urgency: 'STANDARD' | 'EXPEDITED' };

/** Submits one case of a random kind; returns what the API answered. */
export async function submitRandom(api: TestApi, r: () => number, providers: string[], cpts: string[]): Promise<Made> {
  const providerId = providers[Math.floor(r() * providers.length)]!;
  const cptCode = cpts[Math.floor(r() * cpts.length)]!;
  const urgency = r() < 0.3 ? 'EXPEDITED' : 'STANDARD';
  const kind = r();
  const clinicalFacts = kind < 0.35 ? allMetFacts : kind < 0.5 ? { ...allMetFacts, nicotine: { status: 'UNKNOWN' } } : referenceFacts;
  const requestedLevelOfCare = kind < 0.25 ? { setting: 'OUTPATIENT' } : { setting: 'INPATIENT', inpatientDays: 1 + Math.floor(r() * 3) };
  const res = await api.gql(as.provider(providerId), SUBMIT_WITH_DETERMINATION, {
    input: submitInput({ providerId, urgency, clinicalFacts, requestedLevelOfCare, requestedService: { cptCode, icd10Codes: ['M46.1'] } }),
  });
  const c = res.body.data?.submitCase.case;
  if (!c) throw new Error(`submit failed: ${JSON.stringify(res.body)}`);
  return { id: c.id, version: c.version, providerId, cptCode, urgency };
}

/** Moves a case through a random part of the workflow. */
export async function randomJourney(api: TestApi, r: () => number, m: Made, advance: (hours: number) => void): Promise<void> {
  let v = m.version;
  const provider = as.provider(m.providerId);
  const step = r();
  if (step < 0.15) {
    const u = await api.gql(provider, UPDATE_FACTS, { input: { caseId: m.id, expectedVersion: v, clinicalFacts: r() < 0.5 ? allMetFacts : referenceFacts } });
    if (u.body.data?.updateClinicalFacts.case) v = u.body.data.updateClinicalFacts.case.version;
  }
  if (m.urgency === 'STANDARD' && r() < 0.2) {
    const e = await api.gql(as.nurse(), EXTEND, { input: { caseId: m.id, expectedVersion: v, days: 1 + Math.floor(r() * 14), reason: 'Records requested' } });
    if (e.body.data?.extendDueDate.case) v = e.body.data.extendDueDate.case.version;
  }
  advance(Math.floor(r() * 100));
  const d = r();
  if (d < 0.2) return; // stays pending
  const decision = d < 0.5 ? 'APPROVED' : d < 0.65 ? 'PARTIALLY_APPROVED' : 'DENIED';
  const res = await decide(api, as.physician('dr-first'), {
    caseId: m.id,
    expectedVersion: v,
    decision,
    reasons: ['Per policy criteria'],
    ...(decision === 'PARTIALLY_APPROVED' ? { approvedSetting: 'OUTPATIENT' } : {}),
    ...(decision === 'DENIED' ? { criterionOverrides: denialOverride } : {}),
  });
  if (!res.payload?.case) return; // e.g. already approved automatically
  v = res.payload.case.version;
  if (decision === 'APPROVED' || r() < 0.3) return;
  const a = await api.gql(provider, APPEAL, { input: { caseId: m.id, expectedVersion: v, reason: 'Additional records' } });
  v = a.body.data.appealCase.case.version;
  advance(Math.floor(r() * 50));
  if (r() < 0.3) return; // appeal pending
  const onAppeal = r();
  const appealDecision = onAppeal < 0.4 ? 'APPROVED' : onAppeal < 0.75 ? 'DENIED' : 'PARTIALLY_APPROVED';
  await decide(api, as.physician('dr-second'), {
    caseId: m.id,
    expectedVersion: v,
    decision: appealDecision,
    reasons: ['On appeal'],
    // A partial approval on appeal certifies the outpatient procedure (refused when outpatient was requested).
    ...(appealDecision === 'PARTIALLY_APPROVED' ? { approvedSetting: 'OUTPATIENT' } : {}),
    ...(appealDecision === 'DENIED' ? { criterionOverrides: denialOverride } : {}),
  });
}
