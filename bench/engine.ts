// Throughput of the engine on the SIJ fusion policy: validateFacts +
// evaluate per case, on one core, over a varied set of cases.
// Run: npx tsx bench/engine.ts   (goal: >= 50,000 evaluations/s)
// evaluationsPerSecond is per second of CPU time used by this process (the
// work is single-threaded), so other load on the machine does not skew it;
// the wall-clock rate is reported next to it.
import { pathToFileURL } from 'node:url';
import { compilePolicy, evaluate, validateFacts, type PolicyDocument } from '../lambda/engine';
import { shippedPolicies } from '../policies';
import { variedCases } from '../test/unit/engine/fixtures/sij-cases';

export interface EngineBenchResult {
  /** Per CPU-second of this process: one core's throughput. */
  evaluationsPerSecond: number;
  /** Per wall-clock second; lower than the above when the machine is busy. */
  wallClockEvaluationsPerSecond: number;
  evaluations: number;
  seconds: number;
  cpuSeconds: number;
  cases: number;
  compileMs: number;
  meanMicroseconds: number;
  /** Every shipped policy, over its own examples: evaluations per CPU-second. */
  perPolicy: Record<string, number>;
}

/** validateFacts + evaluate over a policy's own examples, per CPU-second of this process. */
function benchPolicyExamples(doc: PolicyDocument, seconds: number): number {
  const policy = compilePolicy(doc);
  const cases = doc.examples.map((ex) => {
    const v = validateFacts(policy, ex.facts);
    if (!v.ok) throw new Error('example facts invalid');
    return { facts: ex.facts, requested: ex.requestedLevelOfCare, codes: ex.icd10Codes ?? [] };
  });
  let sink = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const c = cases[i % cases.length]!;
      const v = validateFacts(policy, c.facts);
      if (!v.ok) throw new Error('bench case is invalid');
      sink += evaluate(policy, v.value, c.requested, '2026-02-02', c.codes).metCount;
    }
  };
  run(20_000);
  let evaluations = 0;
  const cpu0 = process.cpuUsage();
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    run(1_000);
    evaluations += 1_000;
  }
  const cpu = process.cpuUsage(cpu0);
  if (sink < 0) console.log(sink);
  return Math.round(evaluations / ((cpu.user + cpu.system) / 1e6));
}

export async function benchEngine(options: { seconds?: number } = {}): Promise<EngineBenchResult> {
  const seconds = options.seconds ?? 3;
  const doc = shippedPolicies.find((p) => p.id === 'sij-fusion');
  if (!doc) throw new Error('sij-fusion policy not shipped');
  const t0 = performance.now();
  const policy = compilePolicy(doc);
  const compileMs = performance.now() - t0;
  const cases = variedCases();
  const date = '2026-02-02';

  let sink = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const c = cases[i % cases.length]!;
      const v = validateFacts(policy, c.facts);
      if (!v.ok) throw new Error('bench case is invalid');
      sink += evaluate(policy, v.value, c.requested, date).metCount;
    }
  };
  run(20_000); // warm-up: let V8 optimise before measuring

  let evaluations = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    run(1_000);
    evaluations += 1_000;
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (sink < 0) console.log(sink); // keep the work observable
  const perPolicy: Record<string, number> = {};
  for (const d of shippedPolicies) perPolicy[`${d.id}/v${d.version}`] = benchPolicyExamples(d, Math.max(1, seconds / 3));
  return {
    perPolicy,
    evaluationsPerSecond: Math.round(evaluations / cpuSeconds),
    wallClockEvaluationsPerSecond: Math.round(evaluations / elapsed),
    evaluations,
    seconds: Number(elapsed.toFixed(2)),
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    cases: cases.length,
    compileMs: Number(compileMs.toFixed(1)),
    meanMicroseconds: Number(((cpuSeconds * 1e6) / evaluations).toFixed(2)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchEngine();
  console.log(JSON.stringify(r, null, 2));
  if (r.evaluationsPerSecond < 50_000) console.warn('below the 50,000 evaluations/s goal');
  for (const [id, n] of Object.entries(r.perPolicy)) if (n < 50_000) console.warn(`${id} below the 50,000 evaluations/s goal`);
}
