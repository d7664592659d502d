import { createHash } from 'node:crypto';
import type { Certification } from './certification';
import type { AuthorizationRecord } from '../model/decision-records';

/** Crockford base32: no I, L, O or U, so a number read aloud or retyped is unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 8;
/** How many salts a commit tries before giving up (each collision is a 1-in-2^40 event). */
export const MAX_AUTHORIZATION_SALTS = 8;

/**
 * The authorization number of a case's determination: derived from (case id, determination
 * version, salt), so a retried write produces the same number and burns none. Uniqueness is
 * not assumed from the hash: the store claims `AUTH#<number>` with a conditional put in the
 * same transaction, and on the rare collision the core retries with the next salt.
 * Shape: `PA-<year>-<8 Crockford base32 characters>` (40 bits of SHA-256).
 */
export function authorizationNumber(caseId: string, determinationVersion: number, salt: number, year: number): string {
  const digest = createHash('sha256').update(`${caseId}:${determinationVersion}:${salt}`).digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  let code = '';
  for (let i = CODE_LENGTH - 1; i >= 0; i--) code += CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)]!;
  return `PA-${year}-${code}`;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The validity period: from the decision day (UTC), or the planned service date when that
 * is later, for the policy version's number of days.
 */
export function validityPeriod(decidedAt: Date, plannedServiceDate: string | null, validityDays: number): { validFrom: string; validTo: string } {
  const decisionDay = decidedAt.toISOString().slice(0, 10);
  const validFrom = plannedServiceDate && plannedServiceDate > decisionDay ? plannedServiceDate : decisionDay;
  return { validFrom, validTo: addDays(validFrom, validityDays) };
}

/**
 * The authorization of a certification (lambda/core/decision-records/certification.ts):
 * its own fields are the first line's, so they never disagree with `lines`.
 */
export function issueAuthorization(args: {
  caseId: string;
  determinationVersion: number;
  salt: number;
  at: Date;
  plannedServiceDate: string | null;
  validityDays: number;
  lines: Certification['lines'];
}): AuthorizationRecord {
  const [first] = args.lines;
  return {
    number: authorizationNumber(args.caseId, args.determinationVersion, args.salt, args.at.getUTCFullYear()),
    ...validityPeriod(args.at, args.plannedServiceDate, args.validityDays),
    cptCode: first.cptCode,
    units: first.units,
    approvedSetting: first.approvedSetting,
    approvedInpatientDays: first.approvedInpatientDays,
    lines: args.lines,
  };
}
