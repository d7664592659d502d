import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { coreError, InvariantError, nonEmpty, ok, type CoreError, type Result } from '../errors/failure';
import { MAX_AUTHORIZATION_SALTS } from '../decision-records/authorization';
import type { CaseChange } from '../ports';
import { certifiedChange, observed, recordDetermination, type CaseOutcome } from './shared';
import { prepareSubmission, replayOf, type Submission } from './submit-case';

/**
 * The most requests one submitCases call takes. A DynamoDB transaction holds at most 100
 * writes, and one new case writes up to ten: the case, its idempotency marker, its
 * determination, its audit record, the authorization number's claim, the analytics counter
 * item, and the notice and event items committed with it.
 */
export const MAX_CASES_PER_SUBMISSION = 10;

type Code = CodeOf<'submitCases'>;

/** A request's error as an error of the batch: its field under ['inputs', <index>]. */
const atIndex = (e: CoreError, index: number): CoreError<Code> => {
  const rest = e.field?.[0] === 'input' ? e.field.slice(1) : (e.field ?? []);
  return { ...e, code: e.code as Code, field: ['inputs', String(index), ...rest] };
};

/**
 * Several prior-authorization requests submitted together (one PAS Bundle's items): each
 * validated and evaluated exactly as submitCase does, once; then every new case committed in
 * ONE transaction, so either all are stored or none is. A request whose idempotency key
 * already created a case returns that case (effect `none`) and writes nothing; the others
 * are still committed together.
 */
export async function submitCases(ctx: CoreContext, rawInputs: unknown): Promise<Result<CaseOutcome[], Code>> {
  return observed(ctx, 'submitCases', roleRefusal(ctx.actor, 'submitCases') ?? (await run(ctx, rawInputs)));
}

async function run(ctx: CoreContext, rawInputs: unknown): Promise<Result<CaseOutcome[], Code>> {
  if (!Array.isArray(rawInputs) || rawInputs.length === 0 || rawInputs.length > MAX_CASES_PER_SUBMISSION) {
    return { ok: false, errors: [coreError('OUT_OF_RANGE', { field: ['inputs'], message: `Submit between 1 and ${MAX_CASES_PER_SUBMISSION} requests at once.` })] };
  }
  const prepared: Submission[] = [];
  const errors: CoreError<Code>[] = [];
  for (const [i, raw] of rawInputs.entries()) {
    const p = await prepareSubmission(ctx, raw);
    if (p.ok) prepared.push(p.value);
    else errors.push(...p.errors.map((e) => atIndex(e, i)));
  }
  if (nonEmpty(errors)) return { ok: false, errors };
  // Two requests with one idempotency key would be two writes of one item in one transaction.
  const seen = new Set<string>();
  for (const [i, p] of prepared.entries()) {
    const key = `${p.change.after.providerId}|${p.change.after.idempotencyKey}`;
    if (seen.has(key)) errors.push(coreError('INVALID_VALUE', { field: ['inputs', String(i), 'idempotencyKey'], message: 'Each request of a submission needs its own idempotency key.' }));
    seen.add(key);
  }
  if (nonEmpty(errors)) return { ok: false, errors };

  const salts = prepared.map(() => 0);
  const replayed = new Map<number, string>();
  let committed: Map<number, CaseChange> | null = null;
  for (let attempt = 0; attempt <= MAX_AUTHORIZATION_SALTS && !committed; attempt++) {
    const pending = prepared.map((_, i) => i).filter((i) => !replayed.has(i));
    const changes = await Promise.all(pending.map((i) => certifiedChange(ctx, prepared[i]!.change, prepared[i]!.certifying, prepared[i]!.receivedAt, prepared[i]!.policy, salts[i]!)));
    if (pending.length === 0) {
      committed = new Map();
      break;
    }
    const result = await ctx.repos.cases.commitMany(changes);
    if (result.ok) {
      committed = new Map(pending.map((i, k) => [i, changes[k]!]));
      break;
    }
    for (const f of result.failures) {
      const index = pending[f.index]!;
      if (f.reason === 'IDEMPOTENT_REPLAY') replayed.set(index, f.caseId);
      else salts[index] = salts[index]! + 1;
    }
    if (salts.some((s) => s >= MAX_AUTHORIZATION_SALTS)) throw new InvariantError('no free authorization number after every salt');
  }
  if (!committed) throw new InvariantError('a submission that neither committed nor replayed');
  const outcomes: CaseOutcome[] = [];
  for (const [i] of prepared.entries()) {
    const change = committed.get(i);
    if (change) {
      recordDetermination(ctx, change.after, change.determination);
      outcomes.push({ case: change.after, determination: change.determination, effect: 'created', notices: change.notices });
    } else {
      outcomes.push(await replayOf(ctx, replayed.get(i)!));
    }
  }
  return ok(outcomes);
}
