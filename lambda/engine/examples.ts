// Policy examples: each policy file carries worked cases (its page's
// reference case among them) with the determination it must give.
// compilePolicy runs them, so npm test, deployment and publishPolicy all
// refuse a policy whose rules do not decide its own examples as stated.
import type { CompiledPolicy } from './compile';
import type { PolicyIssue } from './errors';
import { evaluate } from './evaluate';
import { validateFacts } from './facts';

export function runExamples(policy: CompiledPolicy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const ids = policy.criteria.map((c) => c.id);
  policy.doc.examples.forEach((ex, i) => {
    const path = ['examples', `${i}`];
    const fail = (what: string) => issues.push({ path, message: `example "${ex.name}" fails: ${what}` });
    for (const id of Object.keys(ex.expected.statuses)) if (!ids.includes(id)) fail(`unknown criterion "${id}" in expected.statuses`);
    for (const id of ids) if (!(id in ex.expected.statuses)) fail(`expected.statuses has no status for criterion "${id}"`);
    const v = validateFacts(policy, ex.facts);
    if (!v.ok) {
      fail(`its facts are invalid (${v.errors.map((e) => `${e.field.join('.')}: ${e.code}`).join('; ')})`);
      return;
    }
    let e;
    try {
      e = evaluate(policy, v.value, ex.requestedLevelOfCare, ex.evaluationDate ?? policy.effectiveFrom, ex.icd10Codes ?? []);
    } catch (err) {
      fail(`evaluation failed (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    for (const r of e.criteriaResults) {
      const want = ex.expected.statuses[r.criterionId];
      if (want !== undefined && want !== r.status) fail(`${r.criterionId} is ${r.status}, expected ${want}`);
    }
    const x = ex.expected;
    if (e.recommendation !== x.recommendation) fail(`recommendation is ${e.recommendation}, expected ${x.recommendation}`);
    if (x.metCount !== undefined && e.metCount !== x.metCount) fail(`metCount is ${e.metCount}, expected ${x.metCount}`);
    if (x.totalCount !== undefined && e.totalCount !== x.totalCount) fail(`totalCount is ${e.totalCount}, expected ${x.totalCount}`);
    const l = e.levelOfCare;
    const xl = x.levelOfCare;
    if (l.recommendedSetting !== xl.recommendedSetting) fail(`recommended setting is ${l.recommendedSetting}, expected ${xl.recommendedSetting}`);
    if (l.inpatientIndicated !== xl.inpatientIndicated) fail(`inpatientIndicated is ${l.inpatientIndicated}, expected ${xl.inpatientIndicated}`);
    if (l.approvedInpatientDays !== xl.approvedInpatientDays) fail(`approvedInpatientDays is ${l.approvedInpatientDays}, expected ${xl.approvedInpatientDays}`);
    if (xl.guideline !== undefined && l.guideline !== xl.guideline) fail(`guideline is "${l.guideline}", expected "${xl.guideline}"`);
    if (xl.changed !== undefined && e.levelOfCareChanged !== xl.changed) fail(`levelOfCareChanged is ${e.levelOfCareChanged}, expected ${xl.changed}`);
  });
  return issues;
}
