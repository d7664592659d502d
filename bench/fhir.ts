/**
 * The FHIR door's `$submit` of the reference case (the adapted test-kit PAS Bundle, CPT
 * 27279, facts in a QuestionnaireResponse) beside GraphQL `submitCase` of the same request,
 * both through their Lambda handlers on one DynamoDB Local table, interleaved in the same
 * rounds. Figures: latency, DynamoDB time, handler time (latency − DynamoDB) and DynamoDB
 * requests per submission. What the FHIR door adds is its parsing and the response Bundle.
 * Then a 5-item Bundle (one evaluation per item, one transaction for all five cases) beside
 * five GraphQL submitCase calls of the same requests (five transactions).
 *
 * Standalone: `node --import tsx bench/fhir.ts` (starts DynamoDB Local); the suite calls benchFhir.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/paths';
import { createFhirHandler } from '../lambda/handlers/fhir-app';
import { createHandler } from '../lambda/handlers/graphql-app';
import { bootstrapTable } from '../lambda/store/bootstrap';
import { graphqlEvent, lambdaContext } from '../scripts/local/invoke';
import { expectOk, parseResult, Q } from './lib/api';
import { instrumentDynamoTiming, measured } from './lib/dynamo-timing';
import { mode, summarize, type Summary } from './lib/stats';

export type SubmitFigures = { latency: Summary; dynamo: Summary; handler: Summary; requests: number };
export type FhirBenchResult = {
  iterations: number;
  fhirSubmit: SubmitFigures;
  graphqlSubmit: SubmitFigures;
  handlerRatioP50: number;
  /** A 5-item $submit vs five submitCase calls: per 5 requests. */
  fiveItems: { bundle: SubmitFigures; fiveSubmitCase: SubmitFigures; latencyRatioP50: number };
};

const NPI = '8189991234';
const MEMBER = '12345678901';
const PAS = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'fhir', 'pas-request-27279.json'), 'utf8')) as { identifier: { value: string } };
const REFERENCE_FACTS = (JSON.parse(readFileSync(join(REPO_ROOT, 'policies', 'sij-fusion', 'v1.json'), 'utf8')) as { examples: { facts: unknown }[] }).examples[0]!.facts;

function fhirEvent(body: unknown) {
  const e = graphqlEvent(body, { sub: 'bench-prov', role: 'PROVIDER', providerId: NPI }, { 'content-type': 'application/fhir+json' });
  return { ...e, rawPath: '/fhir/Claim/$submit', routeKey: 'POST /fhir/Claim/$submit', requestContext: { ...e.requestContext, routeKey: 'POST /fhir/Claim/$submit', http: { ...e.requestContext.http, path: '/fhir/Claim/$submit' } } };
}

const graphqlInput = (key: string) => ({
  idempotencyKey: key,
  memberId: MEMBER,
  providerId: NPI,
  urgency: 'EXPEDITED',
  requestedService: { cptCode: '27279', icd10Codes: ['M53.3'], description: null },
  requestedLevelOfCare: { setting: 'INPATIENT', inpatientDays: 1 },
  clinicalFacts: REFERENCE_FACTS,
});

export async function benchFhir(o: { endpoint: string; iterations?: number; warmup?: number; log?: (l: string) => void }): Promise<FhirBenchResult> {
  const iterations = o.iterations ?? 100;
  const warmup = o.warmup ?? 20;
  const tableName = `bench-fhir-${randomUUID()}`;
  const config = { tableName, endpoint: o.endpoint, region: 'us-east-1', stage: 'prod' as const, roleClaim: 'role', providerClaim: 'providerId' };
  const gql = createHandler(config);
  const fhir = createFhirHandler(config);
  await bootstrapTable({ db: gql.db, tableName });
  instrumentDynamoTiming(gql.db);
  instrumentDynamoTiming(fhir.db);

  const samples = { fhir: [] as { ms: number; dynamoMs: number; requests: number }[], graphql: [] as { ms: number; dynamoMs: number; requests: number }[] };
  const submitFhir = async () => {
    const bundle = { ...structuredClone(PAS), identifier: { ...PAS.identifier, value: `bench-${randomUUID()}` } };
    const event = fhirEvent(bundle);
    const m = await measured(() => fhir(event, lambdaContext()));
    const res = parseResult(m.result);
    if (res.status !== 200) throw new Error(`$submit failed: HTTP ${res.status}`);
    return { ms: m.ms, dynamoMs: m.tally.dynamoMs, requests: m.tally.dynamoDbRequests };
  };
  const submitGraphql = async () => {
    const event = graphqlEvent({ query: Q.submit, variables: { input: graphqlInput(`bench-${randomUUID()}`) } }, { sub: 'bench-prov', role: 'PROVIDER', providerId: NPI });
    const m = await measured(() => gql(event, lambdaContext()));
    expectOk(parseResult(m.result), 'submitCase', 'submitCase');
    return { ms: m.ms, dynamoMs: m.tally.dynamoMs, requests: m.tally.dynamoDbRequests };
  };
  for (let i = 0; i < warmup; i++) {
    await submitFhir();
    await submitGraphql();
  }
  for (let i = 0; i < iterations; i++) {
    // Alternate which goes first, so neither always follows the other.
    if (i % 2 === 0) {
      samples.fhir.push(await submitFhir());
      samples.graphql.push(await submitGraphql());
    } else {
      samples.graphql.push(await submitGraphql());
      samples.fhir.push(await submitFhir());
    }
  }
  // Five items: the reference item five times (sequences 1..5) in one Bundle, vs five submitCase calls.
  const five = { bundle: [] as { ms: number; dynamoMs: number; requests: number }[], graphql: [] as { ms: number; dynamoMs: number; requests: number }[] };
  const submitFiveFhir = async () => {
    const bundle = { ...structuredClone(PAS), identifier: { ...PAS.identifier, value: `bench5-${randomUUID()}` } } as unknown as { entry: { resource: { item: { sequence: number }[] } }[] };
    const claim = bundle.entry[0]!.resource;
    claim.item = Array.from({ length: 5 }, (_, i) => ({ ...structuredClone(claim.item[0]!), sequence: i + 1 }));
    const event = fhirEvent(bundle);
    const m = await measured(() => fhir(event, lambdaContext()));
    const res = parseResult(m.result);
    if (res.status !== 200) throw new Error(`5-item $submit failed: HTTP ${res.status}`);
    return { ms: m.ms, dynamoMs: m.tally.dynamoMs, requests: m.tally.dynamoDbRequests };
  };
  const submitFiveGraphql = async () => {
    let ms = 0;
    let dynamoMs = 0;
    let requests = 0;
    for (let k = 0; k < 5; k++) {
      const r = await submitGraphql();
      ms += r.ms;
      dynamoMs += r.dynamoMs;
      requests += r.requests;
    }
    return { ms, dynamoMs, requests };
  };
  for (let i = 0; i < Math.max(2, Math.floor(warmup / 4)); i++) {
    await submitFiveFhir();
    await submitFiveGraphql();
  }
  for (let i = 0; i < Math.max(10, Math.floor(iterations / 2)); i++) {
    if (i % 2 === 0) {
      five.bundle.push(await submitFiveFhir());
      five.graphql.push(await submitFiveGraphql());
    } else {
      five.graphql.push(await submitFiveGraphql());
      five.bundle.push(await submitFiveFhir());
    }
  }

  const figures = (s: { ms: number; dynamoMs: number; requests: number }[]): SubmitFigures => ({
    latency: summarize(s.map((x) => x.ms)),
    dynamo: summarize(s.map((x) => x.dynamoMs)),
    handler: summarize(s.map((x) => Math.max(0, x.ms - x.dynamoMs))),
    requests: mode(s.map((x) => x.requests)),
  });
  const fiveItems = { bundle: figures(five.bundle), fiveSubmitCase: figures(five.graphql), latencyRatioP50: 0 };
  fiveItems.latencyRatioP50 = fiveItems.bundle.latency.p50 / fiveItems.fiveSubmitCase.latency.p50;
  const result = { iterations, fhirSubmit: figures(samples.fhir), graphqlSubmit: figures(samples.graphql), handlerRatioP50: 0, fiveItems };
  result.handlerRatioP50 = result.fhirSubmit.handler.p50 / result.graphqlSubmit.handler.p50;
  o.log?.(
    `  $submit p50 ${result.fhirSubmit.latency.p50.toFixed(2)} ms (handler ${result.fhirSubmit.handler.p50.toFixed(2)} ms, ${result.fhirSubmit.requests} requests)` +
      ` vs submitCase p50 ${result.graphqlSubmit.latency.p50.toFixed(2)} ms (handler ${result.graphqlSubmit.handler.p50.toFixed(2)} ms, ${result.graphqlSubmit.requests} requests)`,
  );
  o.log?.(
    `  5-item $submit p50 ${fiveItems.bundle.latency.p50.toFixed(2)} ms (${fiveItems.bundle.requests} requests, DynamoDB ${fiveItems.bundle.dynamo.p50.toFixed(2)} ms)` +
      ` vs 5 x submitCase p50 ${fiveItems.fiveSubmitCase.latency.p50.toFixed(2)} ms (${fiveItems.fiveSubmitCase.requests} requests, DynamoDB ${fiveItems.fiveSubmitCase.dynamo.p50.toFixed(2)} ms): ratio ${fiveItems.latencyRatioP50.toFixed(2)}`,
  );
  return result;
}

// Standalone run.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.NODE_ENV = 'production';
  const { startDynamoLocal } = await import('../scripts/local/dynamodb-local');
  const { createLogger, setLogger } = await import('../lambda/observability/log');
  setLogger(createLogger({ sink: () => undefined }));
  const dynamo = await startDynamoLocal();
  try {
    const r = await benchFhir({ endpoint: dynamo.endpoint, iterations: Number(process.env.ITERATIONS ?? 60), warmup: 10, log: console.log });
    console.log(JSON.stringify(r, null, 2));
  } finally {
    await dynamo.stop();
  }
}
