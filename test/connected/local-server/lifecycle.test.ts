/**
 * `npm start` as a user runs it, stopped as users and operators stop it: SIGTERM with
 * writes in flight, SIGINT (Ctrl-C) to npm, and kill -9 of npm or of node. Each test
 * starts its own server and DynamoDB Local (java) on free ports with its own data dir.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';

// Starting java and the server takes ~10 s on an idle machine, far more on a loaded one.
const SLOW = 150_000;
import { demoCaseInput } from '../../../scripts/local/demo-case';
import { startApi, untilGone, type StartedApi } from '../../support/npm-start';

let api: StartedApi | null = null;
afterEach(async () => {
  await api?.cleanup();
  api = null;
});

async function token(url: string, role: string, providerId?: string): Promise<string> {
  const res = await fetch(new URL('/dev/token', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, providerId }),
  });
  return ((await res.json()) as { token: string }).token;
}

const SUBMIT = 'mutation Submit($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } userErrors { code } } }';

describe('npm start: stopping', () => {
  it('SIGTERM with writes in flight: stops accepting, answers every request, then stops DynamoDB Local', async () => {
    api = await startApi({ via: 'npm' });
    const { url, javaPid, nodePid } = api;
    expect(javaPid).not.toBeNull();
    const bearer = await token(url, 'UM_NURSE');
    const N = 24;
    // Each request on its own connection; once all are written (in the server's socket
    // buffers), SIGTERM: every one of them is in flight and must be answered.
    let written = 0;
    const requests = Array.from(
      { length: N },
      (_, i) =>
        new Promise<{ status: number; body: { data?: { submitCase: { case: { id: string } | null } } } | { error: string } }>((resolve) => {
          const req = request(
            url,
            { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` } },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString('utf8')));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
            },
          );
          req.on('error', (err) => resolve({ status: 0, body: { error: String(err) } }));
          req.on('finish', () => {
            if (++written === N) api!.child.kill('SIGTERM');
          });
          req.end(JSON.stringify({ query: SUBMIT, variables: { input: { ...demoCaseInput, idempotencyKey: `drain-${i}` } } }));
        }),
    );
    const answers = await Promise.all(requests);
    const { code } = await api.exited;

    // Every request got an HTTP answer, and every write it made was answered with its case.
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const ids = answers.map((a) => ('data' in a.body ? a.body.data?.submitCase.case?.id : undefined));
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(N);
    // The test is only meaningful if the signal found requests in flight.
    const inFlight = Number(api.output().match(/answering (\d+) request\(s\) in flight/)?.[1]);
    expect(inFlight).toBeGreaterThan(0);
    // Each answered write has its request-log line, with what the client got.
    const logged = api
      .output()
      .split('\n')
      .filter((l) => l.includes('"operationName":"Submit"') && l.includes('"httpStatus":200'));
    expect(logged).toHaveLength(N);
    expect(api.output()).toMatch(/Stopped the API \(\d+ request\(s\) answered while stopping\) and DynamoDB Local\./);
    expect(code).toBe(0);
    expect(await untilGone([nodePid, javaPid!], 5_000)).not.toBeNull();
  }, SLOW);

  it('listens on 127.0.0.1 only (HOST unset); SIGINT to the npm process (Ctrl-C) stops node and java and prints a shutdown line', async () => {
    api = await startApi({ via: 'npm' });
    const { nodePid, javaPid } = api;
    // The API holds PHI: not reachable from the LAN unless HOST says so (issue 25).
    expect(new URL(api.url).hostname).toBe('127.0.0.1');
    const lan = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (lan) {
      const reached = await new Promise<boolean>((resolve) => {
        const sock = connect(api!.port, lan);
        sock.once('connect', () => (sock.destroy(), resolve(true)));
        sock.once('error', () => resolve(false));
      });
      expect(reached, `port ${api.port} reachable on ${lan}`).toBe(false);
    }
    api.child.kill('SIGINT');
    const gone = await untilGone([nodePid, javaPid!], 10_000);
    expect(gone).not.toBeNull();
    await api.exited;
    expect(api.output()).toContain('SIGINT: stopping');
    expect(api.output()).toContain('and DynamoDB Local.');
  }, SLOW);

  it('kill -9 of the npm process: node and java exit within seconds', async () => {
    api = await startApi({ via: 'npm' });
    const { nodePid, javaPid } = api;
    api.child.kill('SIGKILL');
    const gone = await untilGone([nodePid, javaPid!], 10_000);
    expect(gone, 'node or java still running 10 s after kill -9 of npm').not.toBeNull();
  }, SLOW);

  it('kill -9 of the node process: java exits within seconds', async () => {
    api = await startApi({ via: 'npm' });
    const { nodePid, javaPid } = api;
    process.kill(nodePid, 'SIGKILL');
    const gone = await untilGone([nodePid, javaPid!], 10_000);
    expect(gone, 'java still running 10 s after kill -9 of node').not.toBeNull();
  }, SLOW);
});
