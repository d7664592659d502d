/** Callers, operations and inputs the benchmarks send through the handlers. */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isObjectType, isScalarType, type GraphQLObjectType } from 'graphql';
import type { ApiEvent } from '../../lambda/handlers/graphql-app';
import { typeDefs } from '../../lambda/generated/type-defs';
import { demoCaseInput } from '../../scripts/local/demo-case';
import { graphqlEvent, lambdaContext, type Claims } from '../../scripts/local/invoke';
import { variedCases } from '../../test/unit/engine/fixtures/sij-cases';

export type Invocable = (event: ApiEvent, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyResultV2>;

export const callers = {
  provider: (providerId: string): Claims => ({ sub: `bench-${providerId}`, role: 'PROVIDER', providerId }),
  nurse: (): Claims => ({ sub: 'bench-nurse', role: 'UM_NURSE' }),
  physician: (): Claims => ({ sub: 'bench-physician', role: 'PHYSICIAN_REVIEWER' }),
  analyst: (): Claims => ({ sub: 'bench-analyst', role: 'ANALYST' }),
};

export const PROVIDERS = ['PRV-BENCH-1', 'PRV-BENCH-2', 'PRV-BENCH-3'] as const;

export const Q = {
  submit: /* GraphQL */ `
    mutation Submit($input: SubmitCaseInput!) {
      submitCase(input: $input) { case { id version status } userErrors { field message code } }
    }`,
  case: /* GraphQL */ `
    query Case($id: ID!) {
      case(id: $id) {
        id version status dueAt decidedAt
        determinations { id version source recommendation decision metCount totalCount criteriaResults { criterionId status } }
      }
    }`,
  cases: /* GraphQL */ `
    query Cases {
      cases(first: 50) {
        edges { node { id status currentDetermination { criteriaResults { status } } } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
  updateFacts: /* GraphQL */ `
    mutation Update($input: UpdateClinicalFactsInput!) {
      updateClinicalFacts(input: $input) { case { id version status } userErrors { field message code } }
    }`,
  recordDecision: /* GraphQL */ `
    mutation Decide($input: RecordDecisionInput!) {
      recordDecision(input: $input) { case { id version status } determination { id version } userErrors { field message code } }
    }`,
  minimal: /* GraphQL */ `
    query Item($id: ID!) { item(id: $id) { id status } }`,
};

const cases = variedCases();

/** A valid submitCase input: the demonstration request with the n-th varied set of facts. */
export function submitInput(n: number, providerId: string, idempotencyKey: string) {
  const c = cases[n % cases.length]!;
  return {
    ...structuredClone(demoCaseInput),
    idempotencyKey,
    providerId,
    memberId: `MBR-BENCH-${n % 97}`,
    urgency: n % 3 === 0 ? 'EXPEDITED' : 'STANDARD',
    requestedLevelOfCare: { ...c.requested },
    clinicalFacts: structuredClone(c.facts),
  };
}

/**
 * The `determinationStats` operation built from the schema the handler serves
 * (lambda/generated/type-defs), or null when the schema has no such field yet. The
 * selection is every field of the result down to three levels, so it follows the
 * schema as it evolves; `from`/`to` are typed from the filter's input type.
 */
export function statsOperation(from: Date, to: Date): { query: string; variables: Record<string, unknown> } | null {
  const schema = buildSchema(typeDefs);
  const field = schema.getQueryType()?.getFields().determinationStats;
  if (!field) return null;
  const filterArg = field.args.find((a) => a.name === 'filter');
  const filterType = filterArg ? getNamedType(filterArg.type) : null;
  if (!filterArg || !filterType || !isInputObjectType(filterType)) return null;
  const fields = filterType.getFields();
  const asType = (name: string, d: Date) => {
    const t = fields[name] ? getNamedType(fields[name]!.type).name : 'Date';
    return t === 'DateTime' ? d.toISOString() : d.toISOString().slice(0, 10);
  };
  const selection = (type: GraphQLObjectType, depth: number): string => {
    const parts: string[] = [];
    for (const f of Object.values(type.getFields())) {
      if (f.args.some((a) => a.type.toString().endsWith('!'))) continue;
      const named = getNamedType(f.type);
      if (isScalarType(named) || isEnumType(named)) parts.push(f.name);
      else if (isObjectType(named) && depth > 1) {
        const inner = selection(named, depth - 1);
        if (inner) parts.push(`${f.name} { ${inner} }`);
      }
    }
    return parts.join(' ');
  };
  const result = getNamedType(field.type);
  const body = isObjectType(result) ? ` { ${selection(result, 3)} }` : '';
  return {
    query: `query Stats($filter: ${filterArg.type.toString()}) { determinationStats(filter: $filter)${body} }`,
    variables: { filter: { from: asType('from', from), to: asType('to', to) } },
  };
}

export type GqlResult = {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
};

/** Runs one operation through a handler; the event is built before the clock starts. */
export async function invoke(handler: Invocable, claims: Claims | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> {
  const res = await handler(graphqlEvent({ query, variables }, claims), lambdaContext());
  return parseResult(res);
}

export function parseResult(res: APIGatewayProxyResultV2): GqlResult {
  if (typeof res === 'string') return { status: 200, body: JSON.parse(res) };
  return { status: res.statusCode ?? 200, body: res.body ? JSON.parse(res.body) : {} };
}

/** Why a response is not a success ('' when it is): non-200, GraphQL errors, or a payload's userErrors. */
export function failureOf(r: GqlResult, field?: string): string {
  if (r.status !== 200) return `HTTP ${r.status}`;
  if (r.body.errors?.length) return `errors: ${r.body.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`;
  if (!r.body.data) return 'no data';
  if (field) {
    const payload = r.body.data[field];
    if (payload === null || payload === undefined) return `${field} is null`;
    const ue = (payload as { userErrors?: { code: string }[] }).userErrors;
    if (ue?.length) return `userErrors: ${ue.map((e) => e.code).join(', ')}`;
  }
  return '';
}

/** Throws unless the response is a success. */
export function expectOk(r: GqlResult, field: string, what: string): void {
  const why = failureOf(r, field);
  if (why) throw new Error(`${what} failed: ${why}`);
}
