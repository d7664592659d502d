import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';

// Small, strict scalars on graphql-js alone (graphql-scalars would cost more of the
// cold-start-budgeted bundle than these few lines). Messages follow graphql-js's
// "<Type> cannot represent …" form, which the input-echo redaction keeps.

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** DateTime: ISO 8601 with a time zone; resolvers receive it normalized to UTC (`toISOString`). */
function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw badInput('DateTime cannot represent this value; expected ISO 8601 with a time zone, e.g. 2026-11-26T18:00:00Z');
}

/** Date: a real calendar day, YYYY-MM-DD (2026-02-30 is refused). */
function parseDate(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value) return value;
  }
  throw badInput('Date cannot represent this value; expected a calendar date, YYYY-MM-DD');
}

function parseObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw badInput('JSONObject cannot represent non-object value.');
}

/**
 * A JSON value from an inline literal. Unlike graphql-js's valueFromASTUntyped, object keys are
 * defined as own properties, so a `__proto__` key stays a key (and is then refused as an unknown
 * fact) instead of silently setting the object's prototype.
 */
function jsonFromAST(ast: ValueNode, variables: Readonly<Record<string, unknown>> | null | undefined): unknown {
  if (ast.kind === Kind.OBJECT) {
    const out: Record<string, unknown> = {};
    for (const f of ast.fields) {
      Object.defineProperty(out, f.name.value, { value: jsonFromAST(f.value, variables), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (ast.kind === Kind.LIST) return ast.values.map((v) => jsonFromAST(v, variables));
  return valueFromASTUntyped(ast, variables);
}

const stringLiteral = (ast: ValueNode) => (ast.kind === Kind.STRING ? ast.value : undefined);

export const scalars = {
  DateTime: new GraphQLScalarType<string, string>({
    name: 'DateTime',
    description: 'An instant in UTC, ISO 8601 (e.g. `2026-11-26T18:00:00.000Z`).',
    serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
    parseValue: parseDateTime,
    parseLiteral: (ast) => parseDateTime(stringLiteral(ast)),
  }),
  Date: new GraphQLScalarType<string, string>({
    name: 'Date',
    description: 'A calendar date, `YYYY-MM-DD`.',
    serialize: (v) => String(v),
    parseValue: parseDate,
    parseLiteral: (ast) => parseDate(stringLiteral(ast)),
  }),
  JSONObject: new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
    name: 'JSONObject',
    description: 'An arbitrary JSON object (clinical facts, JSON Schemas).',
    serialize: (v) => parseObject(v),
    parseValue: parseObject,
    parseLiteral: (ast, variables) => parseObject(ast.kind === Kind.OBJECT ? jsonFromAST(ast, variables) : undefined),
  }),
};
