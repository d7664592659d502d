import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';

import { SERVICE_NAME } from './metric-names';

export { SERVICE_NAME };

export { Logger };

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
type Level = (typeof LEVELS)[number] & LogLevel;

/** Where a logger writes its JSON lines instead of stdout (tests and the bench capture them this way). */
export type LogSink = (line: string) => void;

/**
 * `POWERTOOLS_LOG_LEVEL`, then `LOG_LEVEL`, then INFO; SILENT under vitest unless one of
 * them is set, so test runs print nothing unless a test captures the lines. (In Lambda,
 * the function's own log level, AWS_LAMBDA_LOG_LEVEL, still filters what CloudWatch keeps.)
 */
export function logLevelFromEnv(env: Record<string, string | undefined> = process.env): Level {
  for (const value of [env.POWERTOOLS_LOG_LEVEL, env.LOG_LEVEL]) {
    const level = value?.trim().toUpperCase();
    if (level && (LEVELS as readonly string[]).includes(level)) return level as Level;
  }
  return env.VITEST ? 'SILENT' : 'INFO';
}

/**
 * Powertools Logger: one JSON line per call with `level`, `message`, `timestamp`,
 * `service`, the X-Ray trace id, and, once `addContext` ran for an invocation, the Lambda
 * context (`function_request_id`, `cold_start`, `function_name`, ...). Attributes that are
 * null are dropped. With `sink`, lines go there instead of stdout.
 */
export function createLogger(options: { sink?: LogSink; logLevel?: Level } = {}): Logger {
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME, logLevel: options.logLevel ?? logLevelFromEnv() });
  const sink = options.sink;
  if (sink) {
    // Powertools prints through its own Console instance (one per logger); replacing it is
    // the one seam that keeps the exact line it would write.
    const write = (line: unknown) => sink(String(line));
    Object.assign(logger, { console: { log: write, info: write, warn: write, error: write, debug: write, trace: write } });
  }
  return logger;
}

let current: Logger | undefined;

/** The process-wide logger (created on first use), looked up per request. */
export function getLogger(): Logger {
  current ??= createLogger();
  return current;
}

/** Replaces the process-wide logger (tests capture this way); returns the undo. */
export function setLogger(logger: Logger): () => void {
  const previous = current;
  current = logger;
  return () => {
    current = previous;
  };
}
