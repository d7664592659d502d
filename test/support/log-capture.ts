import { createLogger, setLogger } from '../../lambda/observability/log';
import { REQUEST_LOG_MESSAGE, type RequestLogLine } from '../../lambda/graphql/plugins/request-log';

export type LogRecord = Record<string, unknown> & { level: string; message: string };

export type CapturedLogs = {
  /** Every line written, exactly as it would reach stdout (one JSON document each). */
  lines: string[];
  /** The lines parsed. */
  records: () => LogRecord[];
  /** The request log lines only (message `graphql request`). */
  requests: () => (LogRecord & RequestLogLine)[];
  /** Everything written, joined: for "this must appear nowhere" assertions. */
  text: () => string;
  clear: () => void;
  /** Puts the previous logger back. */
  stop: () => void;
};

/**
 * Sends every log line of this test worker to memory (INFO and up) until `stop()`:
 * handlers built before or after the call alike, since the request log looks the
 * logger up per request. Tests in one file run one at a time, so captures do not mix.
 */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const restore = setLogger(createLogger({ sink: (line) => lines.push(line), logLevel: 'INFO' }));
  const records = () => lines.map((l) => JSON.parse(l) as LogRecord);
  return {
    lines,
    records,
    requests: () => records().filter((r) => r.message === REQUEST_LOG_MESSAGE) as (LogRecord & RequestLogLine)[],
    text: () => lines.join('\n'),
    clear: () => {
      lines.length = 0;
    },
    stop: restore,
  };
}
