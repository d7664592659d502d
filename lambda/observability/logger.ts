export const SERVICE_NAME = 'medical-necessity-api';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
type Level = (typeof LEVELS)[number];

/** Where a logger writes its JSON lines instead of stdout (tests capture them this way). */
export type LogSink = (line: string) => void;

export type LogAttributes = Record<string, unknown>;

/**
 * A structured JSON logger: one line per call, in Powertools Logger's format (`level`,
 * `message`, `timestamp`, `service`, then the attributes; null attributes dropped), so
 * CloudWatch Logs Insights queries written for Powertools work unchanged.
 *
 * Why not Powertools Logger itself: it is 21 KB of the Lambda bundle, and the bundle is a
 * cold-start budget (at most 1.25× a minimal Apollo + DynamoDB handler, asserted in
 * test/infra/bundle-size.test.ts). Buffering, sampling and child loggers are not used here.
 */
export class Logger {
  private readonly threshold: number;

  constructor(
    private readonly options: { serviceName: string; logLevel: Level; sink?: LogSink | undefined },
  ) {
    this.threshold = LEVELS.indexOf(options.logLevel);
  }

  debug(message: string, attributes: LogAttributes = {}): void {
    this.write('DEBUG', message, attributes);
  }
  info(message: string, attributes: LogAttributes = {}): void {
    this.write('INFO', message, attributes);
  }
  warn(message: string, attributes: LogAttributes = {}): void {
    this.write('WARN', message, attributes);
  }
  error(message: string, attributes: LogAttributes = {}): void {
    this.write('ERROR', message, attributes);
  }

  private write(level: Level, message: string, attributes: LogAttributes): void {
    if (LEVELS.indexOf(level) < this.threshold) return;
    const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: this.options.serviceName, ...attributes }, (_k, v: unknown) =>
      v === null ? undefined : v,
    );
    if (this.options.sink) this.options.sink(line);
    else process.stdout.write(`${line}\n`);
  }
}

/**
 * `POWERTOOLS_LOG_LEVEL`, then `LOG_LEVEL`, then INFO; SILENT under vitest unless one of
 * them is set, so test runs print nothing unless a test captures the lines.
 */
export function logLevelFromEnv(env: Record<string, string | undefined> = process.env): Level {
  for (const value of [env.POWERTOOLS_LOG_LEVEL, env.LOG_LEVEL]) {
    const level = value?.trim().toUpperCase();
    if (level && (LEVELS as readonly string[]).includes(level)) return level as Level;
  }
  return env.VITEST ? 'SILENT' : 'INFO';
}

/** A structured JSON logger. With `sink`, lines go there instead of stdout. */
export function createLogger(options: { sink?: LogSink; logLevel?: Level } = {}): Logger {
  return new Logger({ serviceName: SERVICE_NAME, logLevel: options.logLevel ?? logLevelFromEnv(), sink: options.sink });
}

let current: Logger | undefined;

/** The logger the request log writes to, looked up per request. */
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
