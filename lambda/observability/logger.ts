import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';

export const SERVICE_NAME = 'medical-necessity-api';

type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';
const LEVELS: readonly string[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/** Where a logger writes its JSON lines instead of stdout (tests capture them this way). */
export type LogSink = (line: string) => void;

/**
 * A Powertools Logger whose lines go to `sink` instead of stdout/stderr. Only the console
 * it prints through is replaced (`console` is where Powertools writes, one `write` per
 * log), so a captured line is byte for byte what would reach CloudWatch.
 */
class SinkLogger extends Logger {
  constructor(sink: LogSink, options: ConstructorParameters<typeof Logger>[0]) {
    super(options);
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        sink(String(chunk).replace(/\n$/, ''));
        done();
      },
    });
    Object.assign(this, { console: new Console({ stdout: stream, stderr: stream }) });
  }
}

/**
 * `POWERTOOLS_LOG_LEVEL`, then `LOG_LEVEL`, then INFO; SILENT under vitest unless one of
 * them is set, so test runs print nothing unless a test captures the lines.
 */
export function logLevelFromEnv(env: Record<string, string | undefined> = process.env): Level {
  for (const value of [env.POWERTOOLS_LOG_LEVEL, env.LOG_LEVEL]) {
    const level = value?.trim().toUpperCase();
    if (level && LEVELS.includes(level)) return level as Level;
  }
  return env.VITEST ? 'SILENT' : 'INFO';
}

/** A structured JSON logger (Powertools). With `sink`, lines go there instead of stdout. */
export function createLogger(options: { sink?: LogSink; logLevel?: Level } = {}): Logger {
  const config = { serviceName: SERVICE_NAME, logLevel: options.logLevel ?? logLevelFromEnv() };
  return options.sink ? new SinkLogger(options.sink, config) : new Logger(config);
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
