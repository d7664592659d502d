import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * DateTime travels as an ISO 8601 string and reaches resolvers normalized to UTC
 * (`toISOString`), so it compares correctly with stored sort keys.
 */
function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new GraphQLError('DateTime must be an ISO 8601 date-time with a time zone, e.g. 2026-11-26T18:00:00Z', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant in UTC, ISO 8601.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

// graphql-scalars validates JSON objects and calendar dates; only the names follow the contract.
export const scalars = {
  JSONObject: JSONObjectResolver,
  DateTime,
  Date: new GraphQLScalarType({ ...LocalDateResolver.toConfig(), name: 'Date' }),
};
