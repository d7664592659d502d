/**
 * Property-based: generated input at every query and mutation argument, as every role.
 * No input of any shape may reach INTERNAL_SERVER_ERROR (or an HTTP 5xx), and a write that
 * is refused (userErrors or a request error) must leave the table exactly as it was.
 */
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, as, createTestApi, type TestApi } from '../../support/api';
import { SUBMIT, submitInput } from '../../support/fixtures';

const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));

/** Values seen to break APIs: invisible text, control characters, keys with meaning, numbers DynamoDB cannot store. */
const hostileStrings = [
  '', ' ', '\u200B', '\u2800', '\u0000', '\u200B\u2800\u0000', '\t\n', 'a'.repeat(5_000), '__proto__', 'constructor',
  'CASE#x', 'PROVIDER#PRV-1', '#', '\uD800', '💉', '../../etc/passwd', "' OR 1=1 --", '1e-200', '-1', '9'.repeat(40),
  '2026-02-30', '2026-13-01T00:00:00Z', '0000-01-01', '9999-12-31T23:59:59Z', 'eyJwayI6IiIsInNrIjoiIn0', 'e30', '!!!',
];
const hostileNumbers = [0, -0, -1, 1e-200, -1e-200, 1e300, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 0.1, 1e-130, Number('123456789012345678901234567890123456789012')];

const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
    fc.constant(JSON.parse('{"__proto__": 1, "painScoreNrs": 3}')),
    fc.constant({ constructor: { prototype: {} } }),
    fc.constant({ painScoreNrs: 1e-200 }),
    fc.constant({ conservativeTreatmentMonths: 1e-200 }),
    fc.constant({ painScoreNrs: 1e300 }),
    fc.constant({ competingFindings: ['\u200B'] }),
    fc.constant({ nicotine: { status: 'UNKNOWN', lab: { test: 'NICOTINE', valueNgMl: 1e-200, drawnOn: '2026-01-01' } } }),
    fc.constant(deep(300)),
    fc.dictionary(fc.oneof(fc.constantFrom(...hostileStrings), fc.string()), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    fc.jsonValue({ maxDepth: 4 }),
  );

function deep(n: number): Record<string, unknown> {
  let v: Record<string, unknown> = { x: 1 };
  for (let i = 0; i < n; i++) v = { nicotine: v };
  return v;
}

const stringArb = fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const numberArb = fc.oneof(fc.constantFrom(...hostileNumbers), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

/** An arbitrary value for a GraphQL input type, null and wrong-typed values included. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(stringArb, numberArb, fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]));
  if (isNonNullType(type)) return fc.oneof({ weight: 9, arbitrary: valueFor(type.ofType, depth) }, { weight: 1, arbitrary: wrong });
  if (isListType(type)) return fc.oneof(fc.array(valueFor(type.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 4 }), fc.constant(null));
  const named = getNamedType(type);
  let arb: fc.Arbitrary<unknown>;
  if (isEnumType(named)) arb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: stringArb });
  else if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    arb = depth > 4 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), { requiredKeys: [] });
  } else if (isScalarType(named)) {
    switch (named.name) {
      case 'Int': arb = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 100, 101, 2 ** 31 - 1, -(2 ** 31))); break;
      case 'Float': arb = numberArb; break;
      case 'Boolean': arb = fc.boolean(); break;
      case 'JSONObject': arb = hostileJson(); break;
      case 'DateTime': arb = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), stringArb); break;
      case 'Date': arb = fc.oneof(fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2200-01-01') }).map((d) => d.toISOString().slice(0, 10)), stringArb); break;
      default: arb = stringArb;
    }
  } else arb = fc.constant(null);
  return fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: wrong });
}

/** Replaces the value at one (generated) path of a valid input by a hostile one: deep probes past the first check. */
function mutateOne(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const paths: string[][] = [];
  const walk = (v: unknown, p: string[]) => {
    paths.push(p);
    if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...p, k]);
  };
  walk(base, []);
  const candidates = paths.filter((p) => p.length > 0);
  return fc.tuple(fc.constantFrom(...candidates), fc.oneof(stringArb, numberArb, hostileJson(), fc.constant(null), fc.array(stringArb, { maxLength: 3 }))).map(([path, value]) => {
    const copy = structuredClone(base);
    let at: Record<string, unknown> = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    at[path.at(-1)!] = value;
    return copy;
  });
}

/** A selection that runs the root resolver and, for payloads, returns the userErrors. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return '';
  const fields = named.getFields();
  const parts = ['__typename'];
  if (fields.userErrors) parts.push('userErrors { code field message }');
  if (fields.id) parts.push('id');
  return `{ ${parts.join(' ')} }`;
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const decls = field.args.map((a: GraphQLArgument) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind} Fuzz${decls ? `(${decls})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionFor(field)} }`;
}

const roles = [as.provider('PRV-FUZZ'), as.nurse(), as.physician(), as.analyst(), as.policyAdmin()];

type Res = Awaited<ReturnType<TestApi['gql']>>;
function assertNoInternalError(res: Res) {
  expect(res.status).toBeLessThan(500);
  const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
}

let api: TestApi;
let caseRef: { id: string; version: number };
beforeAll(async () => {
  api = await createTestApi();
  const submitted = await api.gql(as.provider('PRV-FUZZ'), SUBMIT, { input: submitInput({ providerId: 'PRV-FUZZ' }) });
  const c = submitted.body.data.submitCase.case;
  caseRef = { id: c.id, version: c.version };
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Inputs seen to reach INTERNAL_SERVER_ERROR once: always tried first, then the generated ones. */
const known: Record<string, Record<string, unknown>[]> = {
  cases: [
    { filter: { receivedFrom: '2026-12-01T00:00:00Z', receivedTo: '2026-01-01T00:00:00Z' } },
    { after: Buffer.from(JSON.stringify({ pk: '', sk: '' })).toString('base64url') },
    { after: Buffer.from('{}').toString('base64url') },
    { after: Buffer.from('[]').toString('base64url') },
    { first: 0 },
  ],
  determinationStats: [{ filter: { from: '2026-12-31', to: '2026-01-01' } }, { filter: { from: '1900-01-01', to: '2200-12-31' } }],
  priorAuthMetrics: [{ year: -1 }, { year: 2147483647 }],
  submitCase: [{ input: { ...submitInput({ providerId: 'PRV-FUZZ' }), clinicalFacts: { conservativeTreatmentMonths: 1e-200 } } }],
  previewDetermination: [{ input: { cptCode: '27279', clinicalFacts: { painScoreNrs: 1e-200 } } }],
  publishPolicy: [{ input: { document: { id: 'x'.repeat(3000), version: 1 } } }, { input: { document: deep(3000) } }],
};

describe('generated input never reaches INTERNAL_SERVER_ERROR', () => {
  for (const kind of ['query', 'mutation'] as const) {
    const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    for (const field of Object.values(root.getFields())) {
      if (field.args.length === 0) continue;
      it(`${kind} ${field.name}: random arguments, every role`, async () => {
        const query = operationFor(kind, field);
        const argArb = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type)])), { requiredKeys: [] });
        await fc.assert(
          fc.asyncProperty(argArb, fc.constantFrom(...roles), async (variables, claims) => {
            const before = kind === 'mutation' ? (await allItems(api)).length : 0;
            const res = await api.gql(claims, query, variables as Record<string, unknown>);
            assertNoInternalError(res);
            if (kind === 'mutation') {
              const payload = (res.body.data as Record<string, { userErrors?: unknown[] } | null> | undefined)?.[field.name];
              const refused = !payload || (payload.userErrors?.length ?? 0) > 0;
              if (refused) expect((await allItems(api)).length).toBe(before);
            }
          }),
          { numRuns: RUNS, examples: (known[field.name] ?? []).map((v) => [v, field.name === "publishPolicy" ? roles[4]! : roles[1]!] as [Record<string, unknown>, (typeof roles)[number]]) },
        );
      });
    }
  }
});

describe('one hostile value inside an otherwise valid input', () => {
  const valid = (): Record<string, Record<string, unknown>> => ({
    submitCase: submitInput({ providerId: 'PRV-FUZZ' }),
    updateClinicalFacts: { caseId: caseRef.id, expectedVersion: caseRef.version, clinicalFacts: { painScoreNrs: 5 } },
    recordDecision: { caseId: caseRef.id, expectedVersion: caseRef.version, decision: 'DENIED', reasons: ['Criteria 1-4 not met.'] },
    appealCase: { caseId: caseRef.id, expectedVersion: caseRef.version, reason: 'New imaging shows isolated SI joint pathology.' },
    extendDueDate: { caseId: caseRef.id, expectedVersion: caseRef.version, days: 5, reason: 'Awaiting records.' },
    previewDetermination: { cptCode: '27279', clinicalFacts: { painScoreNrs: 5 } },
  });
  const mutations = schema.getMutationType()!.getFields();
  const queries = schema.getQueryType()!.getFields();
  for (const name of ['submitCase', 'updateClinicalFacts', 'recordDecision', 'appealCase', 'extendDueDate', 'previewDetermination']) {
    it(`${name}: a refused change stores nothing`, async () => {
      const kind = mutations[name] ? 'mutation' : 'query';
      const field = mutations[name] ?? queries[name]!;
      const query = operationFor(kind, field);
      await fc.assert(
        fc.asyncProperty(fc.constant(null).chain(() => mutateOne(valid()[name]!)), fc.constantFrom(...roles), async (input, claims) => {
          const before = await allItems(api);
          const res = await api.gql(claims, query, { input });
          assertNoInternalError(res);
          const payload = (res.body.data as Record<string, { userErrors?: unknown[] } | null> | undefined)?.[name];
          const refused = kind === 'mutation' && (!payload || (payload.userErrors?.length ?? 0) > 0);
          if (refused) expect(await allItems(api)).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
