// Compares CEL implementations on the SIJ fusion policy's own expressions:
// correctness on the reference case (criteria 1-4 NOT_MET, 5 UNSURE, 6-8
// MET), agreement on a varied case set, evaluations/s of all 8 criteria
// (definitions + first matching outcome, templates excluded), compile time,
// type checking, and minified bundle size.
// Run: npx tsx bench/cel-compare.ts
// Libraries load dynamically: one that is not installed is reported as such.
// To re-run the full comparison: npm i --no-save @bufbuild/cel@0.6.1 @bufbuild/protobuf@2
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import type { PolicyDocument } from '../lambda/engine';
import { daysBetween } from '../lambda/engine/dates';
import { shippedPolicies } from '../policies';
import { referenceExpected, referenceFacts } from '../test/unit/engine/fixtures/reference-case';
import { facts as copyFacts, variedCases } from '../test/unit/engine/fixtures/sij-cases';

type Program = (vars: Record<string, unknown>) => unknown;

interface Adapter {
  name: string;
  /** Compiles an expression; `definitions` are the variable names in scope besides facts. */
  compile(source: string): Program;
  /** Can it reject a type error before evaluation? */
  typeChecks(source: string): boolean;
}

export interface CelCompareRow {
  library: string;
  installed: boolean;
  referenceCorrect?: boolean;
  /** Same statuses as the first library on the varied cases. */
  agreesWithFirst?: string;
  /** Criteria whose rules threw on the varied cases (should be 0). */
  evaluationErrors?: number;
  evaluationsPerSecond?: number;
  compileMs?: number;
  catchesTypeErrorAtCompile?: boolean;
  bundleBytesMinified?: number;
  note?: string;
}

const dynamicImport = (name: string): Promise<unknown> => import(name);

async function marcbachmann(definitions: string[]): Promise<Adapter | null> {
  let mod: typeof import('@marcbachmann/cel-js');
  try {
    mod = (await dynamicImport('@marcbachmann/cel-js')) as typeof import('@marcbachmann/cel-js');
  } catch {
    return null;
  }
  const env = new mod.Environment()
    .registerFunction('daysBetween(string, string): int', (a: string, b: string) => BigInt(daysBetween(a, b)))
    .registerVariable('facts', 'dyn');
  for (const d of definitions) env.registerVariable(d, 'dyn');
  const typed = new mod.Environment().registerVariable('facts', 'map<string, double>');
  return {
    name: '@marcbachmann/cel-js',
    compile(source) {
      const p = env.parse(source);
      const c = p.check();
      if (!c.valid) throw c.error ?? new Error('invalid');
      return p as Program;
    },
    typeChecks: (source) => !typed.check(source).valid,
  };
}

interface BufCel {
  celEnv(opts: { variables?: Record<string, unknown>; funcs?: unknown[] }): unknown;
  parse(expr: string): unknown;
  plan(env: unknown, expr: unknown): (ctx: Record<string, unknown>) => unknown;
  isCelError(v: unknown): boolean;
  celFunc(name: string, params: unknown[], result: unknown, impl: (a: string, b: string) => bigint): unknown;
  CelScalar: { STRING: unknown; INT: unknown; DYN: unknown; DOUBLE: unknown };
  mapType(k: unknown, v: unknown): unknown;
}

async function bufbuild(definitions: string[]): Promise<Adapter | null> {
  let mod: BufCel;
  try {
    mod = (await dynamicImport('@bufbuild/cel')) as BufCel;
  } catch {
    return null;
  }
  const S = mod.CelScalar;
  const variables: Record<string, unknown> = { facts: mod.mapType(S.STRING, S.DYN) };
  for (const d of definitions) variables[d] = S.DYN;
  const env = mod.celEnv({
    variables,
    funcs: [mod.celFunc('daysBetween', [S.STRING, S.STRING], S.INT, (a, b) => BigInt(daysBetween(a, b)))],
  });
  const typedEnv = mod.celEnv({ variables: { facts: mod.mapType(S.STRING, S.DOUBLE) } });
  return {
    name: '@bufbuild/cel',
    compile(source) {
      const run = mod.plan(env, mod.parse(source));
      return (vars) => {
        const r = run(vars);
        if (mod.isCelError(r)) throw r;
        return r;
      };
    },
    // No public checker: plan() accepts ill-typed expressions; errors surface at run time.
    typeChecks(source) {
      try {
        mod.plan(typedEnv, mod.parse(source));
        return false;
      } catch {
        return true;
      }
    },
  };
}

interface CompiledCriteria {
  definitions: { name: string; program: Program }[];
  criteria: { id: string; outcomes: { when: Program | null; status: string }[] }[];
}

function compileAll(adapter: Adapter, doc: PolicyDocument): CompiledCriteria {
  return {
    definitions: (doc.definitions ?? []).map((d) => ({ name: d.name, program: adapter.compile(d.expression) })),
    criteria: doc.criteria.map((c) => ({
      id: c.id,
      outcomes: c.outcomes.map((o) => ({ when: o.when ? adapter.compile(o.when) : null, status: o.status })),
    })),
  };
}

function statuses(p: CompiledCriteria, facts: unknown): string[] {
  const vars: Record<string, unknown> = { facts };
  for (const d of p.definitions) vars[d.name] = d.program(vars);
  return p.criteria.map((c) => {
    try {
      for (const o of c.outcomes) if (o.when === null || o.when(vars) === true) return o.status;
    } catch {
      return 'ERROR';
    }
    return 'NONE';
  });
}

async function bundleBytes(pkg: string, entry: string): Promise<number | undefined> {
  try {
    const out = await build({
      stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    return out.outputFiles[0]?.contents.byteLength;
  } catch {
    return undefined;
  }
}

export async function compareCel(seconds = 2): Promise<CelCompareRow[]> {
  const doc = shippedPolicies.find((p) => p.id === 'sij-fusion');
  if (!doc) throw new Error('sij-fusion policy not shipped');
  const defs = (doc.definitions ?? []).map((d) => d.name);
  const cases = variedCases().map((c) => c.facts);
  const expected = Object.values(referenceExpected);
  const rows: CelCompareRow[] = [];
  let baseline: string[][] | null = null;

  const candidates: [string, () => Promise<Adapter | null>, string][] = [
    ['@marcbachmann/cel-js', () => marcbachmann(defs), "import { Environment } from '@marcbachmann/cel-js'; console.log(new Environment());"],
    ['@bufbuild/cel', () => bufbuild(defs), "import { celEnv, parse, plan } from '@bufbuild/cel'; console.log(celEnv, parse, plan);"],
  ];
  for (const [name, load, entry] of candidates) {
    const adapter = await load();
    if (!adapter) {
      rows.push({ library: name, installed: false, note: 'not installed' });
      continue;
    }
    const t0 = performance.now();
    const compiled = compileAll(adapter, doc);
    const compileMs = performance.now() - t0;

    const ref = statuses(compiled, copyFacts(referenceFacts));
    const all = cases.map((f) => statuses(compiled, f));
    baseline ??= all;
    const agree = all.filter((s, i) => s.join() === baseline?.[i]?.join()).length;

    let n = 0;
    for (let i = 0; i < 5_000; i++) statuses(compiled, cases[i % cases.length]);
    const start = performance.now();
    const deadline = start + seconds * 1000;
    while (performance.now() < deadline) {
      for (let i = 0; i < 200; i++) statuses(compiled, cases[(n + i) % cases.length]);
      n += 200;
    }
    const eps = Math.round(n / ((performance.now() - start) / 1000));

    rows.push({
      library: name,
      installed: true,
      referenceCorrect: ref.join() === expected.join(),
      agreesWithFirst: `${agree}/${cases.length} cases`,
      evaluationErrors: all.flat().filter((s) => s === 'ERROR' || s === 'NONE').length,
      evaluationsPerSecond: eps,
      compileMs: Number(compileMs.toFixed(1)),
      catchesTypeErrorAtCompile: adapter.typeChecks('facts.painScoreNrs >= "5"'),
      bundleBytesMinified: await bundleBytes(name, entry),
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await compareCel());
}
