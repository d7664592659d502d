import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../lambda/graphql/context';
import { apolloLogger } from '../../../lambda/graphql/apollo-logger';
import { correlationIdForFailure } from '../../../lambda/graphql/correlation';
import { mask, maskErrorsPlugin, maskFormattedError, publicCode } from '../../../lambda/graphql/plugins/mask-errors';
import { requestLogPlugin } from '../../../lambda/graphql/plugins/request-log';
import { graphqlEvent, lambdaContext } from '../../../scripts/local/invoke';
import { captureLogs, type CapturedLogs } from '../../support/log-capture';
import * as graphql from 'graphql';

describe('mask', () => {
  it('keeps expected codes, drops stacktraces, adds the correlation id', () => {
    const e = { message: 'Your role may not do this.', path: ['cases'], extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } };
    expect(mask(e, 'cid-1')).toEqual({ message: 'Your role may not do this.', path: ['cases'], extensions: { code: 'FORBIDDEN', correlationId: 'cid-1' } });
  });

  it('replaces anything else by INTERNAL_SERVER_ERROR, keeping only the path', () => {
    const e = {
      message: 'connect ECONNREFUSED 127.0.0.1:8000 (DynamoDB) for CASE#MBR-1',
      locations: [{ line: 1, column: 3 }],
      path: ['case'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: connect', '  at TCP'], exception: { errno: -111 } },
    };
    expect(mask(e, 'cid-2')).toEqual({ message: 'Internal server error', path: ['case'], extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'cid-2' } });
    expect(mask({ message: 'x', extensions: { code: 'SOMETHING_ELSE' } }, 'c').extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(mask({ message: 'x' }, 'c').extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('redacts input echoed in expected errors', () => {
    const e = { message: 'Variable "$input" got invalid value { memberId: "MBR-1" }; Field "urgency" of required type "Urgency!" was not provided.', extensions: { code: 'BAD_USER_INPUT' } };
    expect(mask(e, 'c').message).toBe('Variable "$input" got invalid value; Field "urgency" of required type "Urgency!" was not provided.');
  });

  it('is idempotent, the last correlation id winning', () => {
    for (const e of [
      { message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'Variable "$i" got invalid value "X" at "i.u"; Value "X" does not exist in "U" enum.', extensions: { code: 'BAD_USER_INPUT' } },
    ]) {
      const once = mask(e, 'a');
      expect(mask(once, 'b')).toEqual({ ...once, extensions: { ...once.extensions, correlationId: 'b' } });
    }
  });

  it('publicCode', () => {
    expect(publicCode({ extensions: { code: 'QUERY_TOO_COMPLEX' } })).toBe('QUERY_TOO_COMPLEX');
    expect(publicCode({ extensions: { code: 'DOWNSTREAM_FAILED' } })).toBe('INTERNAL_SERVER_ERROR');
    expect(publicCode({})).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('maskFormattedError (errors answered outside the request pipeline)', () => {
  it('gives an error and the GraphQLError wrapping it the same correlation id', () => {
    const cause = new Error('context failed for MBR-1');
    const wrapped = new GraphQLError(`Context creation failed: ${cause.message}`, { originalError: cause });
    const id = correlationIdForFailure(cause);
    const masked = maskFormattedError({ message: wrapped.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
    expect(masked).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: id } });
  });
});

describe('through Apollo Server and the Lambda integration', () => {
  let logs: CapturedLogs | undefined;
  afterEach(() => logs?.stop());

  function lambdaWith(context: () => Promise<RequestContext>, extraPlugins: ApolloServerPlugin<RequestContext>[] = []) {
    const server = new ApolloServer<RequestContext>({
      typeDefs: 'type Query { ok: Boolean, fail: Boolean }',
      resolvers: { Query: { ok: () => true, fail: () => { throw new Error('ConditionalCheckFailed on CASE#MBR-SECRET-1'); } } },
      includeStacktraceInErrorResponses: false,
      formatError: maskFormattedError,
      plugins: [...extraPlugins, maskErrorsPlugin(), requestLogPlugin()],
      logger: apolloLogger(),
    });
    const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), { context });
    return async (query: string) => {
      const res = (await handler(graphqlEvent({ query }, { sub: 'u', role: 'UM_NURSE' }), lambdaContext(), () => undefined)) as {
        statusCode: number;
        body: string;
      };
      return { status: res.statusCode, raw: res.body, body: JSON.parse(res.body) };
    };
  }
  const caller = { sub: 'nurse-9', role: 'UM_NURSE' as const, providerId: null };

  it('masks an error thrown while creating the context, logs it once under the same correlation id', async () => {
    logs = captureLogs();
    const run = lambdaWith(async () => {
      throw new Error('could not load MBR-SECRET-1 from DynamoDB');
    });
    const res = await run('{ ok }');
    expect(res.status).toBe(500);
    const [e, ...more] = res.body.errors;
    expect(more).toEqual([]);
    expect(e).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) } });
    expect(res.raw).not.toMatch(/SECRET|DynamoDB|Context creation/);
    expect(logs.requests()).toEqual([
      expect.objectContaining({ correlationId: e.extensions.correlationId, outcome: 'error', errorCodes: ['INTERNAL_SERVER_ERROR'], internalErrors: ['Error'], level: 'ERROR' }),
    ]);
    expect(logs.text()).not.toContain('SECRET');
  });

  it('keeps an expected code thrown while creating the context', async () => {
    const run = lambdaWith(async () => {
      // Apollo's own graphql instance, as in the bundle (see graphql-cjs.ts).
      throw new graphql.GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });
    });
    const res = await run('{ ok }');
    expect(res.body.errors[0]).toEqual({ message: 'Not allowed', extensions: { code: 'FORBIDDEN', correlationId: expect.any(String) } });
  });

  it('masks an error thrown by a resolver with the request correlation id', async () => {
    logs = captureLogs();
    const run = lambdaWith(async () => ({ caller, correlationId: 'req-42' }) as unknown as RequestContext);
    const res = await run('{ ok fail }');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { ok: true, fail: null },
      errors: [{ message: 'Internal server error', path: ['fail'], extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'req-42' } }],
    });
    expect(logs.requests()).toEqual([
      expect.objectContaining({ correlationId: 'req-42', sub: 'nurse-9', role: 'UM_NURSE', outcome: 'error', internalErrors: ['Error'] }),
    ]);
    // Outside the handler there is no DynamoDB tally; Powertools leaves null keys out.
    expect(logs.requests()[0]).not.toHaveProperty('dynamoDbRequests');
    expect(logs.text()).not.toContain('SECRET');
  });

  it('masks an unexpected failure of the pipeline itself; Apollo\'s own log keeps only its event', async () => {
    logs = captureLogs();
    const broken: ApolloServerPlugin<RequestContext> = {
      async requestDidStart() {
        return {
          async parsingDidStart() {
            throw new Error('plugin failed on MBR-SECRET-1');
          },
        };
      },
    };
    const run = lambdaWith(async () => ({ caller, correlationId: 'req-43' }) as unknown as RequestContext, [broken]);
    const res = await run('{ ok }');
    expect(res.status).toBe(500);
    expect(res.body.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) } }]);
    expect(logs.requests()).toEqual([
      expect.objectContaining({ correlationId: 'req-43', role: 'UM_NURSE', outcome: 'error', errorCodes: ['INTERNAL_SERVER_ERROR'], httpStatus: 500 }),
    ]);
    expect(logs.records().filter((r) => r.message === 'apollo server')).toEqual([
      expect.objectContaining({ level: 'ERROR', apolloEvent: 'Unexpected error processing request' }),
    ]);
    expect(logs.text()).not.toContain('SECRET');
    expect(res.raw).not.toContain('SECRET');
  });
});
