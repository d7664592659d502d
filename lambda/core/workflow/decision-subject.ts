import type { CriterionResult, CriterionStatus } from '../../engine';
import { approvedLevel, beyondVerdict, type CertifyArgs } from '../decision-records/certification';
import type { Decision } from '../model/case';
import type { DecisionSubject } from './table';

/**
 * What the workflow table's authority conditions read about a decision: the criteria after
 * the decision's overrides (applied to the latest engine results), whether every override
 * turns UNSURE into MET, and whether the approved level exceeds the verdict. Overrides of
 * unknown criteria are ignored here (the decision is refused for them: UNKNOWN_CRITERION);
 * an approved level the decision cannot have (INVALID_INPATIENT_DAYS and the like) counts as
 * within the verdict, because the decision is refused for it before anything is written.
 */
export function decisionSubject(args: {
  decision: Decision;
  overrides: readonly { criterionId: string; status: CriterionStatus }[];
  engineResults: readonly Pick<CriterionResult, 'criterionId' | 'status'>[];
  requested: CertifyArgs['requested'];
  verdict: CertifyArgs['verdict'];
  approvedSetting: CertifyArgs['requested']['setting'] | null;
  approvedInpatientDays: number | null;
}): DecisionSubject {
  const engine = new Map(args.engineResults.map((r) => [r.criterionId, r.status]));
  const after = new Map(engine);
  for (const o of args.overrides) if (engine.has(o.criterionId)) after.set(o.criterionId, o.status);
  const statuses = [...after.values()];
  const level =
    args.decision === 'DENIED'
      ? null
      : approvedLevel({
          requested: args.requested,
          verdict: args.verdict,
          decision: { by: 'REVIEWER', decision: args.decision, approvedSetting: args.approvedSetting, approvedInpatientDays: args.approvedInpatientDays },
        });
  return {
    notMet: statuses.includes('NOT_MET'),
    unsure: statuses.includes('UNSURE'),
    overridesOnlyUnsureToMet: args.overrides.every((o) => !engine.has(o.criterionId) || (engine.get(o.criterionId) === 'UNSURE' && o.status === 'MET')),
    beyondVerdict: level?.ok === true && beyondVerdict(level.value, args.verdict),
  };
}
