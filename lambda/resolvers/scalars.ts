import { GraphQLScalarType } from 'graphql';
import { DateTimeISOResolver, JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';

// graphql-scalars does the parsing and validation; only the names follow the contract.
export const scalars = {
  JSONObject: JSONObjectResolver,
  DateTime: new GraphQLScalarType({ ...DateTimeISOResolver.toConfig(), name: 'DateTime' }),
  Date: new GraphQLScalarType({ ...LocalDateResolver.toConfig(), name: 'Date' }),
};
