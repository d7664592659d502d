import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createLogger, logLevelFromEnv } from '../../../lambda/observability/log';
import { internalErrorKind, outcomeOf, requestLogLine, safeCode, userErrorCodesOf } from '../../../lambda/graphql/plugins/request-log';

describe('requestLogLine', () => {
  it('keeps only allow-listed shapes', () => {
    const line = requestLogLine({
      correlationId: 'c1',
      operationName: 'Submit',
      operationType: 'mutation',
      caller: { sub: 'dr-1', role: 'PROVIDER' },
      durationMs: 12.345,
      dynamoDbRequests: 2,
      httpStatus: 200,
      userErrorCodes: ['INVALID_CPT_CODE', 'INVALID_CPT_CODE', 'member MBR-1 is wrong'],
    });
    expect(line).toEqual({
      correlationId: 'c1', operationName: 'Submit', operationType: 'mutation', sub: 'dr-1', role: 'PROVIDER',
      durationMs: 12.3, dynamoDbRequests: 2, httpStatus: 200, outcome: 'user_errors', userErrorCodes: ['INVALID_CPT_CODE', 'UNKNOWN'],
    });
  });

  it('drops an operation name that is not a GraphQL name, and unknown operation types', () => {
    const line = requestLogLine({ correlationId: 'c', operationName: 'MBR 1 lookup', operationType: 'batch' });
    expect(line).toMatchObject({ operationName: null, operationType: null, sub: null, role: null, durationMs: null, dynamoDbRequests: null, outcome: 'ok' });
  });

  it('errors win over userErrors', () => {
    expect(requestLogLine({ correlationId: 'c', errorCodes: ['FORBIDDEN'], userErrorCodes: ['X'] })).toMatchObject({
      outcome: 'error', errorCodes: ['FORBIDDEN'], userErrorCodes: ['X'],
    });
    expect(outcomeOf([], [])).toBe('ok');
    expect(outcomeOf([], ['A'])).toBe('user_errors');
    expect(outcomeOf(['B'], [])).toBe('error');
  });
});

describe('userErrorCodesOf', () => {
  it('reads the codes of a payload, whatever else it holds', () => {
    expect(userErrorCodesOf({ case: null, userErrors: [{ field: ['input', 'memberId'], message: 'MBR-1 bad', code: 'OUT_OF_RANGE' }] })).toEqual(['OUT_OF_RANGE']);
    expect(userErrorCodesOf({ case: { id: '1' }, userErrors: [] })).toEqual([]);
    expect(userErrorCodesOf(null)).toEqual([]);
    expect(userErrorCodesOf([{ userErrors: [{ code: 'X' }] }])).toEqual([]);
    expect(userErrorCodesOf({ userErrors: [{ code: 42 }, null] })).toEqual(['UNKNOWN', 'UNKNOWN']);
  });
});

describe('internalErrorKind', () => {
  it('names the cause by system code or class, never by message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    expect(internalErrorKind(new GraphQLError('connect ECONNREFUSED', { originalError: refused, path: ['case'] }))).toBe('ECONNREFUSED');
    expect(internalErrorKind(new TypeError('x of MBR-1 is undefined'))).toBe('TypeError');
    class ResourceNotFoundException extends Error { override name = 'ResourceNotFoundException'; }
    expect(internalErrorKind(new GraphQLError('m', { originalError: new ResourceNotFoundException('Table MBR not found') }))).toBe('ResourceNotFoundException');
    expect(internalErrorKind(Object.assign(new Error('m'), { name: 'Bad name with MBR-1' }))).toBe('Error');
    expect(internalErrorKind('a string')).toBe('Error');
  });

  it('safeCode', () => {
    expect(safeCode('VERSION_CONFLICT')).toBe('VERSION_CONFLICT');
    expect(safeCode('version conflict for MBR-1')).toBe('UNKNOWN');
    expect(safeCode(undefined)).toBe('UNKNOWN');
  });
});

describe('logger', () => {
  it('writes one JSON line per call to its sink, at the configured level', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (l) => lines.push(l), logLevel: 'INFO' });
    logger.debug('hidden');
    logger.info('graphql request', { correlationId: 'c', outcome: 'ok' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'INFO', message: 'graphql request', service: 'medical-necessity-api', correlationId: 'c', outcome: 'ok' });
  });

  it('takes its level from POWERTOOLS_LOG_LEVEL, then LOG_LEVEL, INFO by default, SILENT under vitest', () => {
    expect(logLevelFromEnv({ POWERTOOLS_LOG_LEVEL: 'warn', LOG_LEVEL: 'debug' })).toBe('WARN');
    expect(logLevelFromEnv({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(logLevelFromEnv({ LOG_LEVEL: 'loud' })).toBe('INFO');
    expect(logLevelFromEnv({})).toBe('INFO');
    expect(logLevelFromEnv({ VITEST: 'true' })).toBe('SILENT');
  });
});

describe('apolloEvent', () => {
  it("keeps Apollo's fixed text before the colon, never what follows", async () => {
    const { apolloEvent } = await import('../../../lambda/graphql/apollo-logger');
    expect(apolloEvent('Unexpected error processing request: Error: MBR-1 not found')).toBe('Unexpected error processing request');
    expect(apolloEvent('contextCreationDidFail hook threw: TypeError: x')).toBe('contextCreationDidFail hook threw');
    expect(apolloEvent('{"memberId":"MBR-1"}')).toBe('unrecognised');
    expect(apolloEvent(undefined)).toBe('unrecognised');
  });
});
