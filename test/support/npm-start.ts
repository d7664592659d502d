import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/local/dynamodb-local';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export type StartedApi = {
  /** The process the test spawned: `npm start`, or node itself with via: 'node'. */
  child: ChildProcess;
  /** The node process running scripts/start.ts (the child itself with via: 'node'). */
  nodePid: number;
  /** java (DynamoDB Local), null when DYNAMODB_ENDPOINT was given. */
  javaPid: number | null;
  url: string;
  port: number;
  dataDir: string;
  demoCaseId: string;
  /** Everything printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves when the output matches, rejects after timeoutMs. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills whatever is left (for afterAll) and removes the data directory. */
  cleanup: () => Promise<void>;
};

/**
 * Starts the local server exactly as `npm start` does (or `node --import tsx
 * scripts/start.ts`), on a free port with its own data directory, and its own DynamoDB
 * Local unless `env.DYNAMODB_ENDPOINT` is set. Resolves once "API ready" is printed.
 */
export async function startApi(opts: { via: 'npm' | 'node'; env?: Record<string, string> }): Promise<StartedApi> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'INFO',
    ...opts.env,
  };
  // Not a test run for the child: its logger must print as under `npm start`.
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  delete env.NODE_OPTIONS;
  const [cmd, args] = opts.via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'scripts/start.ts']];
  const child = spawn(cmd, args as string[], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer) => {
    out += b.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 100_000) =>
    new Promise<RegExpMatchArray>((resolvePromise, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) {
          listeners.delete(check);
          clearTimeout(timer);
          resolvePromise(m);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${pattern} in:\n${out}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const started = { child, dataDir, output: () => out, waitFor, exited };
  const cleanup = async () => {
    for (const pid of [child.pid, ...descendants(child.pid ?? -1)]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ready = Promise.race([
      waitFor(/API ready at (http:\/\/[^\s/]+:\d+\/graphql)/),
      exited.then(() => {
        throw new Error(`npm start exited before it was ready:\n${out}`);
      }),
    ]);
    const [, url] = await ready;
    // The banner's last line ("… Stop: Ctrl-C") may reach the pipe in a later chunk than "API ready".
    await waitFor(/Stop: Ctrl-C/, 5_000);
    const [, demoCaseId] = await waitFor(/seeded the demonstration case ([0-9a-f-]{36})/, 1_000);
    const nodePid = opts.via === 'node' ? child.pid! : childrenOf(child.pid!).find((p) => commandOf(p).includes('scripts/start.ts'))!;
    const java = descendants(nodePid).find((p) => commandOf(p).includes('DynamoDBLocal.jar')) ?? null;
    return { ...started, nodePid, javaPid: java, url: url!, port, demoCaseId: demoCaseId!, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Alive and not a zombie (a reaped-late orphan is as good as gone). Linux /proc. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until none of the pids runs; resolves with the milliseconds it took, or null on timeout. */
export async function untilGone(pids: number[], timeoutMs = 10_000): Promise<number | null> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (!pids.some(isRunning)) return Math.round(performance.now() - start);
    await new Promise((r) => setTimeout(r, 25));
  }
  return null;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export function descendants(pid: number): number[] {
  const direct = childrenOf(pid);
  return [...direct, ...direct.flatMap(descendants)];
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
