import { roleRefusal } from '../access/decide';
import type { CoreContext } from '../context';
import type { CodeOf } from '../errors/catalogue';
import { InvariantError, refusal, type Result } from '../errors/failure';
import { assess, engineCriteriaOf, engineDecision, engineDetermination } from '../evaluation';
import { updateClinicalFactsInputSchema } from '../inputs/review';
import type { CaseRecord } from '../model/case';
import { transition } from '../workflow/table';
import { commitChange, observed, prepareChange, type CaseOutcome } from './shared';
import { subjectOf } from './subject';

/**
 * Replace a pending case's clinical facts: validated against the pinned policy version,
 * re-evaluated, a new engine determination appended; the status follows the engine.
 */
export async function updateClinicalFacts(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'updateClinicalFacts'>>> {
  return observed(ctx, 'updateClinicalFacts', roleRefusal(ctx.actor, 'updateClinicalFacts') ?? (await run(ctx, rawInput)));
}

async function run(ctx: CoreContext, rawInput: unknown): Promise<Result<CaseOutcome, CodeOf<'updateClinicalFacts'>>> {
  const prepared = await prepareChange(ctx, updateClinicalFactsInputSchema, rawInput);
  if (!prepared.ok) return prepared;
  const { input, before } = prepared.value;
  // Refuse by status and role before evaluating anything.
  const allowed = transition({ from: before.status, action: { kind: 'UPDATE_FACTS', outcome: 'PEND_REVIEW' }, actor: ctx.actor, subject: subjectOf(before) });
  if (!allowed.ok) return refusal('updateClinicalFacts', allowed.errors[0]);

  const at = ctx.clock();
  const policy = await ctx.repos.policies.get(before.policyId, before.policyVersion);
  if (!policy) throw new InvariantError('pinned policy version missing');
  const assessed = await assess(policy, input.clinicalFacts, before.requestedLevelOfCare, at, before.requestedService.icd10Codes, before.receivedAt.slice(0, 10));
  if (!assessed.ok) return assessed;
  const { facts } = assessed.value;
  const { outcome, evaluation, certification } = engineDecision(policy, assessed.value.evaluation, {
    cptCode: before.requestedService.cptCode,
    facts,
    requested: before.requestedLevelOfCare,
  });
  const moved = transition({
    from: before.status,
    action: { kind: 'UPDATE_FACTS', outcome },
    actor: ctx.actor,
    subject: subjectOf(before),
  });
  if (!moved.ok) return refusal('updateClinicalFacts', moved.errors[0]);
  const version = before.determinationCount + 1;
  const approved = moved.value.to === 'APPROVED';
  const after: CaseRecord = {
    ...before,
    version: before.version + 1,
    status: moved.value.to,
    clinicalFacts: facts,
    determinationCount: version,
    engineCriteria: engineCriteriaOf(evaluation),
    automaticApproval: approved,
    decidedAt: approved ? at.toISOString() : null,
    decidedBy: approved ? 'ENGINE' : null,
    // The updated facts answer the open request for information, whatever the engine concludes.
    informationRequest: null,
    updatedAt: at.toISOString(),
  };
  const determination = engineDetermination({ policy, evaluation, caseRecord: after, version, at, authorization: null, informationRequest: before.informationRequest ?? null });
  const certifying = approved && certification ? { certification, validityDays: policy.authorizationValidityDays } : null;
  return commitChange(ctx, { action: 'UPDATE_FACTS', before, after, at, determination, certifying, policy });
}
