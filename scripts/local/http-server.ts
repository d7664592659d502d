import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server as NetServer, type Socket } from 'node:net';
import type { JWTPayload } from 'jose';
import { getLogger } from '../../lambda/observability/log';
import { z } from 'zod';
import type { ApiEvent, ApiHandler } from '../../lambda/handlers/graphql-app';
import { roles } from '../../lambda/auth/caller';
import { MAX_BODY_BYTES as MAX_BODY, SECURITY_HEADERS } from '../../lambda/handlers/http-edge';
import type { TokenCheck } from './dev-tokens';
import { apiEvent, lambdaContext } from './invoke';

/** The interface `npm start` listens on unless HOST says otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

/** The explorer's files (scripts/local/explorer/build.ts), served to browsers. */
export type ExplorerAssets = { html: string; js: string; css: string };

/** Mints a development token for the explorer's role picker (POST /dev/token). */
export type DevTokenMinter = (claims: { sub: string; role: string; providerId?: string | undefined }) => Promise<string>;

export type LocalServer = Server & {
  /** Requests received and not yet answered. */
  inFlight: () => number;
  /**
   * Stops accepting connections, answers every request already received (responses then
   * close their connection), and resolves when none is left; after `graceMs` the
   * remaining connections are cut. Resolves with the number of requests answered meanwhile.
   */
  drain: (graceMs?: number) => Promise<number>;
};

const tokenRequest = z.object({
  role: z.enum(roles),
  providerId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - (at most 128)')
    .optional(),
});

/**
 * Serves the Lambda handler over HTTP the way API Gateway HTTP API (payload v2) does:
 * verifies the bearer token, puts its claims at requestContext.authorizer.jwt.claims,
 * and hands the event to the very same handler that runs in AWS.
 *
 * Local extras, present only when `npm start` passes them (never in AWS): the explorer
 * (a browser GET of /graphql) and POST /dev/token, which mints development tokens for
 * callers on this machine only.
 */
export function createLocalServer(opts: {
  handler: ApiHandler;
  /** The FHIR door's handler (lambda/handlers/fhir.ts): serves /fhir/* as its routes do in AWS. */
  fhirHandler?: ApiHandler;
  verify: (token: string) => Promise<TokenCheck>;
  explorer?: ExplorerAssets | undefined;
  mintDevToken?: DevTokenMinter | undefined;
}): LocalServer {
  let pending = 0;
  let closing = false;
  /**
   * Per connection: requests in progress, requests served, and the drain checks in a row that
   * found it idle.
   */
  const connections = new Map<Socket, { active: number; served: number; idleChecks: number }>();
  const server = createServer(async (req, res) => {
    pending++;
    const conn = connections.get(req.socket);
    if (conn) {
      conn.active++;
      conn.served++;
    }
    res.once('close', () => {
      pending--;
      if (conn) conn.active--;
    });
    // While draining, every answer closes its connection so keep-alive clients go away.
    if (closing) res.shouldKeepAlive = false;
    // On every answer, the handlers' and this server's own (404, 413, 401, 500, explorer files).
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const correlationId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (opts.explorer && req.method === 'GET' && serveExplorer(url, req, res, opts.explorer)) return;
      if (url.pathname === '/dev/token' && opts.mintDevToken) {
        await mintToken(req, res, opts.mintDevToken);
        return;
      }
      const fhir = url.pathname.startsWith('/fhir/') ? opts.fhirHandler : undefined;
      if (url.pathname !== '/graphql' && !fhir) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the API is at /graphql\n');
        return;
      }
      const body = await readBody(req);
      if (body === null) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE', correlationId } }] }));
        return;
      }
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      const check: TokenCheck = token ? await opts.verify(token) : { ok: false, reason: 'no bearer token in the authorization header' };
      const claims = check.ok ? check.claims : null;
      const wantsLandingPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !url.searchParams.get('query');
      // As in AWS: the FHIR routes have no authorizer; the function answers a missing or refused
      // token itself, 401 with an OperationOutcome (it gets no claims here, and verifies none itself locally).
      const open = fhir !== undefined;
      if (!check.ok && !wantsLandingPage && !open) {
        // API Gateway's JWT authorizer answers 401 itself; the Lambda is never invoked. The
        // line says why (never the token), so a newcomer with a mismatched key can see it.
        getLogger().warn('request refused at the token check', { httpStatus: 401, path: url.pathname, reason: check.reason });
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        res.end(JSON.stringify({ message: 'Unauthorized' }));
        return;
      }
      const event = toEvent(req, url, body, claims);
      const result = await (fhir ?? opts.handler)(event, lambdaContext());
      if (closing) res.shouldKeepAlive = false;
      if (typeof result === 'string') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(result);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    } catch (e) {
      // The error's name only (a message may quote the request), with the id the client sees.
      getLogger().error('local server request failed', { correlationId, errorName: e instanceof Error ? e.name : 'unknown' });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } }] }));
    }
  });

  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted++;
    connections.set(socket, { active: 0, served: 0, idleChecks: 0 });
    socket.once('close', () => connections.delete(socket));
  });

  // http.Server#close would also cut idle connections at once, including one whose request
  // is already in the kernel's buffer but not yet read: that request would get no answer.
  // So: accept what is queued, stop listening (net.Server#close), and end a kept-alive
  // connection only when two checks in a row, with an event-loop turn between them, found no
  // request on it. A connection that has not yet delivered its first request is never judged
  // idle (a busy event loop may not have read it yet): it is answered, or cut at the grace period.
  const QUIET_TURNS = 3;
  const drain = (graceMs = 10_000) =>
    new Promise<number>((resolve) => {
      const before = pending;
      closing = true;
      const poll = setInterval(() => {
        for (const [socket, conn] of connections) {
          if (conn.active > 0 || conn.served === 0) conn.idleChecks = 0;
          else if (++conn.idleChecks >= 2) socket.destroy();
        }
      }, 50);
      const cut = setTimeout(() => {
        for (const socket of connections.keys()) socket.destroy();
      }, graceMs);
      const done = () => {
        clearInterval(poll);
        clearTimeout(cut);
        resolve(before - pending);
      };
      if (!server.listening) return done();
      // Connections the kernel has completed but node has not accepted yet would be reset by
      // closing the listener now; a busy event loop (a first request compiling lazily loaded
      // code, say) may not have polled for them yet. So keep accepting (answers close their
      // connections) until QUIET_TURNS event-loop turns in a row, each with a poll phase,
      // accepted nothing new; then close the listener.
      let seen = accepted;
      let quiet = 0;
      const tick = () => {
        quiet = accepted === seen ? quiet + 1 : 0;
        seen = accepted;
        if (quiet >= QUIET_TURNS) NetServer.prototype.close.call(server, () => done());
        else setTimeout(tick, 20);
      };
      setTimeout(tick, 20);
    });
  return Object.assign(server, { inFlight: () => pending, drain });
}

/** A browser GET of /graphql (or /) gets the explorer page; /explorer/* its files. */
function serveExplorer(url: URL, req: IncomingMessage, res: ServerResponse, assets: ExplorerAssets): boolean {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html') && !url.searchParams.get('query');
  if (url.pathname === '/' && wantsHtml) {
    res.writeHead(302, { location: '/graphql' }).end();
    return true;
  }
  const file =
    url.pathname === '/graphql' && wantsHtml
      ? { type: 'text/html; charset=utf-8', body: assets.html }
      : url.pathname === '/explorer/app.js'
        ? { type: 'text/javascript; charset=utf-8', body: assets.js }
        : url.pathname === '/explorer/app.css'
          ? { type: 'text/css; charset=utf-8', body: assets.css }
          : null;
  if (!file) return false;
  res.writeHead(200, {
    'content-type': file.type,
    'cache-control': 'no-store',
    // The page may talk to this server only: a stray remote URL fails in the browser too.
    'content-security-policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:",
  });
  res.end(file.body);
  return true;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * POST /dev/token {"role": "...", "providerId"?: "..."} → {"token": "..."}: for this machine
 * only (loopback peer and a localhost Host header, so neither the LAN nor a DNS-rebound
 * page can mint one).
 */
async function mintToken(req: IncomingMessage, res: ServerResponse, mint: DevTokenMinter): Promise<void> {
  const send = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || !LOCAL_HOST.test(req.headers.host ?? '')) {
    send(403, { error: 'development tokens are minted for localhost callers only' });
    return;
  }
  if (req.method !== 'POST') {
    send(405, { error: 'POST {"role": "...", "providerId": "..."}' });
    return;
  }
  const raw = await readBody(req);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    // handled below as an invalid body
  }
  const input = tokenRequest.safeParse(parsed);
  if (!input.success) {
    send(400, { error: `role must be one of ${roles.join(', ')}; providerId: letters, digits and . _ : - (at most 128)` });
    return;
  }
  const { role, providerId } = input.data;
  if (role === 'PROVIDER' && !providerId) {
    send(400, { error: 'providerId is required for the PROVIDER role' });
    return;
  }
  const claims = { sub: `${role.toLowerCase()}-explorer`, role, providerId: role === 'PROVIDER' ? providerId : undefined };
  send(200, { token: await mint(claims), ...claims });
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toEvent(req: IncomingMessage, url: URL, body: string, claims: JWTPayload | null): ApiEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  return apiEvent({
    method: req.method ?? 'GET',
    path: url.pathname,
    query,
    headers,
    body: body || undefined,
    claims: claims as Record<string, unknown> | null,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    userAgent: headers['user-agent'] ?? '',
  });
}
