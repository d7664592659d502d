// Compares ways to validate clinicalFacts against the SIJ fact schema:
// validations/s over the varied cases, schema compile time, minified bundle
// size, and whether invalid facts are rejected (incl. 2026-02-30).
// Run: npx tsx bench/validator-compare.ts
// Libraries load dynamically; one that is not installed is reported as such.
// To re-run the full comparison: npm i --no-save ajv@8 ajv-formats@3 (cfworker is a devDependency).
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { parseFactSchema } from '../lambda/engine/fact-schema';
import { compileFactValidator } from '../lambda/engine/fact-validator';
import { shippedPolicies } from '../policies';
import { variedCases } from '../test/unit/engine/fixtures/sij-cases';

type Validate = (facts: unknown) => boolean;

export interface ValidatorCompareRow {
  validator: string;
  installed: boolean;
  validationsPerSecond?: number;
  compileMs?: number;
  rejectsAllInvalid?: boolean;
  bundleBytesMinified?: number;
}

const dynamicImport = (name: string): Promise<unknown> => import(name);

const INVALID: unknown[] = [
  { painScoreNrs: 11 },
  { painScoreNrs: 7.5 },
  { foo: true },
  { plannedSurgeryDate: '2026-02-30' },
  { plannedSurgeryDate: 'yesterday' },
  { positiveProvocationTests: ['SLUMP'] },
  { diagnosticInjections: [{ date: '2025-01-01', guidance: 'CT', painReliefPercent: '80', isolatedToSIJoint: true }] },
  { nicotine: { status: 'FORMER', lab: { test: 'COTININE', valueNgMl: -1, drawnOn: '2026-01-01' } } },
];

async function bytes(entry: string): Promise<number | undefined> {
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

interface AjvLike {
  compile(schema: unknown): Validate;
}

export async function compareValidators(seconds = 1.5): Promise<ValidatorCompareRow[]> {
  const doc = shippedPolicies.find((p) => p.id === 'sij-fusion');
  if (!doc) throw new Error('sij-fusion policy not shipped');
  const schema = doc.factSchema;
  const cases = variedCases().map((c) => c.facts);

  const candidates: { name: string; entry: string; make: () => Promise<Validate | null> }[] = [
    {
      name: 'engine (compiled JSON Schema subset)',
      entry:
        "import { parseFactSchema } from './lambda/engine/fact-schema'; import { compileFactValidator } from './lambda/engine/fact-validator'; console.log(parseFactSchema, compileFactValidator);",
      make: async () => {
        const root = parseFactSchema(schema, [], []);
        if (!root) throw new Error('fact schema rejected');
        const validate = compileFactValidator(root);
        return (f) => validate(f).ok;
      },
    },
    {
      name: 'ajv 8 (draft 2020-12) + ajv-formats',
      entry: "import Ajv from 'ajv/dist/2020'; import f from 'ajv-formats'; const a = new Ajv(); f(a); console.log(a);",
      make: async () => {
        try {
          const Ajv = ((await dynamicImport('ajv/dist/2020')) as { default: new (o: object) => AjvLike }).default;
          const formats = ((await dynamicImport('ajv-formats')) as { default: (a: AjvLike, f: string[]) => void }).default;
          const ajv = new Ajv({ allErrors: true, strict: true });
          formats(ajv, ['date']);
          return ajv.compile(schema);
        } catch {
          return null;
        }
      },
    },
    {
      name: '@cfworker/json-schema',
      entry: "import { Validator } from '@cfworker/json-schema'; console.log(Validator);",
      make: async () => {
        try {
          const { Validator } = (await dynamicImport('@cfworker/json-schema')) as {
            Validator: new (s: unknown, d: string, short: boolean) => { validate(v: unknown): { valid: boolean } };
          };
          const v = new Validator(schema, '2020-12', false);
          return (f) => v.validate(f).valid;
        } catch {
          return null;
        }
      },
    },
  ];

  const rows: ValidatorCompareRow[] = [];
  for (const c of candidates) {
    const t0 = performance.now();
    const validate = await c.make();
    const compileMs = performance.now() - t0;
    if (!validate) {
      rows.push({ validator: c.name, installed: false });
      continue;
    }
    if (!cases.every(validate)) throw new Error(`${c.name} rejects a valid case`);
    for (let i = 0; i < 5_000; i++) validate(cases[i % cases.length]);
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      for (let i = 0; i < 500; i++) validate(cases[(n + i) % cases.length]);
      n += 500;
    }
    rows.push({
      validator: c.name,
      installed: true,
      validationsPerSecond: Math.round(n / ((performance.now() - start) / 1000)),
      compileMs: Number(compileMs.toFixed(1)),
      rejectsAllInvalid: INVALID.every((f) => !validate(f)),
      bundleBytesMinified: await bytes(c.entry),
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await compareValidators());
}
