import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { ApiEvent, ApiHandler } from '../../lambda/handlers/graphql-app';
import { lambdaContext } from './invoke';

const MAX_BODY = 1_000_000;

/**
 * Serves the Lambda handler over HTTP the way API Gateway HTTP API (payload v2) does:
 * verifies the bearer token, puts its claims at requestContext.authorizer.jwt.claims,
 * and hands the event to the very same handler that runs in AWS.
 */
export function createLocalServer(opts: {
  handler: ApiHandler;
  /** The FHIR door's handler (lambda/handlers/fhir.ts): serves /fhir/* as its routes do in AWS. */
  fhirHandler?: ApiHandler;
  verify: (token: string) => Promise<JWTPayload | null>;
}): Server {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const fhir = url.pathname.startsWith('/fhir/') ? opts.fhirHandler : undefined;
      if (url.pathname !== '/graphql' && !fhir) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the API is at /graphql\n');
        return;
      }
      const body = await readBody(req);
      if (body === null) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
        return;
      }
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      const claims = token ? await opts.verify(token) : null;
      const wantsLandingPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !url.searchParams.get('query');
      if (!claims && !wantsLandingPage) {
        // API Gateway's JWT authorizer answers 401 itself; the Lambda is never invoked.
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        res.end(JSON.stringify({ message: 'Unauthorized' }));
        return;
      }
      const event = toEvent(req, url, body, claims);
      const result = await (fhir ?? opts.handler)(event, lambdaContext());
      if (typeof result === 'string') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(result);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    } catch {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
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
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${req.method} /graphql`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    body: body || undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: `${req.method} /graphql`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims: claims as Record<string, unknown>, scopes: null } } } : {}),
    },
  } as ApiEvent;
}
