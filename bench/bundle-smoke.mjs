// Checks that the bundle the cold-start figures are measured on actually works: run by
// bench/run.ts in a fresh `node` process against DynamoDB Local,
//   node bench/bundle-smoke.mjs <bundle.mjs> <result.json> <submitCase input JSON>
// it submits a case (validation, policy engine, DynamoDB transaction) and reads it back.
// Plain JS so only the bundle is exercised.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { graphqlEvent, lambdaContext } from './lambda-event.mjs';

const [bundle, resultFile, inputJson] = process.argv.slice(2);
if (!bundle || !resultFile || !inputJson) throw new Error('usage: node bench/bundle-smoke.mjs <bundle.mjs> <result.json> <input JSON>');
const input = JSON.parse(inputJson);
const { handler } = await import(pathToFileURL(bundle).href);

const call = async (query, variables, claims) => {
  const res = await handler(graphqlEvent({ query, variables }, claims, `bundle-smoke-${Math.random().toString(36).slice(2)}`), lambdaContext);
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

const checks = [];
const submitted = await call(
  'mutation S($i: SubmitCaseInput!) { submitCase(input: $i) { case { id status currentDetermination { metCount totalCount } } userErrors { code } } }',
  { i: input },
  { sub: 'bundle-smoke', role: 'PROVIDER', providerId: input.providerId },
);
const c = submitted.body.data?.submitCase?.case;
checks.push({ check: 'submitCase stores a case with an engine determination', ok: submitted.status === 200 && !!c?.id && c.currentDetermination?.totalCount > 0 });
const read = c?.id
  ? await call('query C($id: ID!) { case(id: $id) { id determinations { id } } }', { id: c.id }, { sub: 'bundle-smoke-nurse', role: 'UM_NURSE' })
  : { status: 0, body: {} };
checks.push({ check: 'case(id) reads it back', ok: read.status === 200 && read.body.data?.case?.determinations?.length === 1 });
const invalid = await call(
  'mutation S($i: SubmitCaseInput!) { submitCase(input: $i) { case { id } userErrors { code } } }',
  { i: { ...input, idempotencyKey: '', requestedService: { ...input.requestedService, cptCode: 'x' } } },
  { sub: 'bundle-smoke', role: 'PROVIDER', providerId: input.providerId },
);
checks.push({ check: 'invalid input gives userErrors', ok: invalid.status === 200 && invalid.body.data?.submitCase?.userErrors?.length > 0 });
writeFileSync(resultFile, JSON.stringify({ ok: checks.every((x) => x.ok), checks }));
process.exit(0);
