// POSTs a notification Bundle to a subscriber with node's http(s) client: a per-request
// timeout (a slow endpoint costs its own delivery at most that long, never another
// subscriber's), no redirects followed, the response body read and dropped (at most 64 KB),
// and connections only to public addresses outside STAGE=local (endpoint-guard.ts).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { publicLookup, type EndpointPolicy } from './endpoint-guard';
import type { NotificationSender, SendResult } from './ports';

const MAX_RESPONSE_BYTES = 65_536;

export function createHttpSender(policy: EndpointPolicy): NotificationSender {
  const lookup = publicLookup(policy);
  return {
    post({ endpoint, headers, body, timeoutMs }): Promise<SendResult> {
      return new Promise((resolve) => {
        let url: URL;
        try {
          url = new URL(endpoint);
        } catch {
          return resolve({ ok: false, error: 'BAD_ENDPOINT' });
        }
        if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) return resolve({ ok: false, error: 'NOT_HTTPS' });
        const extra: Record<string, string> = {};
        for (const line of headers) {
          const at = line.indexOf(':');
          extra[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        }
        let settled = false;
        const done = (r: SendResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(r);
        };
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const req = send(
          url,
          {
            method: 'POST',
            lookup,
            headers: { ...extra, 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body), accept: 'application/fhir+json' },
          },
          (res) => {
            let read = 0;
            res.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read > MAX_RESPONSE_BYTES) res.destroy();
            });
            const status = res.statusCode ?? 0;
            const finish = () => done(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP_${status}` });
            res.on('end', finish);
            res.on('close', finish);
            res.on('error', finish);
          },
        );
        // One deadline for the whole exchange (connect, send, answer).
        const timer = setTimeout(() => {
          req.destroy();
          done({ ok: false, error: 'TIMEOUT' });
        }, timeoutMs);
        req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, error: err.code === 'EPRIVATEADDRESS' ? 'PRIVATE_ADDRESS' : 'NETWORK' }));
        req.end(body);
      });
    },
  };
}
