import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogLevel } from '@aws-lambda-powertools/logger/types';

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
 * A Logger whose lines go to a sink instead of stdout, through Logger's documented extension
 * point for subclasses (`printLog` and `createLogger` are protected, part of its typed API):
 * the line is the one Logger itself would print (same attributes, same JSON replacer).
 */
class SinkLogger extends Logger {
  // Assigned after Logger's constructor, which may already print (its init buffer): those
  // few lines go to stdout as usual.
  private sink: LogSink | undefined;

  constructor(sink: LogSink, options: ConstructorOptions) {
    super(options);
    this.sink = sink;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!this.sink) return super.printLog(logLevel, log);
    log.prepareForPrint();
    this.sink(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return this.sink ? new SinkLogger(this.sink, options ?? {}) : new Logger(options);
  }
}

/**
 * Powertools Logger: one JSON line per call with `level`, `message`, `timestamp`,
 * `service`, the X-Ray trace id, and, once `addContext` ran for an invocation, the Lambda
 * context (`function_request_id`, `cold_start`, `function_name`, ...). Attributes that are
 * null are dropped. With `sink`, lines go there instead of stdout.
 */
export function createLogger(options: { sink?: LogSink; logLevel?: Level } = {}): Logger {
  const config: ConstructorOptions = { serviceName: process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME, logLevel: options.logLevel ?? logLevelFromEnv() };
  return options.sink ? new SinkLogger(options.sink, config) : new Logger(config);
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
