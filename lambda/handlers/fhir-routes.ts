// The FHIR door's routes, declared once: the handler (fhir-app.ts) routes with them, the
// local server (scripts/local/http-server.ts) and the HTTP API (infra/constructs/api.ts,
// FHIR_ROUTES) put the JWT authorizer on the same ones.

export type Route = 'submit' | 'inquire' | 'metadata' | 'questionnaire';

/** The four routes (infra/constructs/api.ts declares the same on the HTTP API); `id` null: not percent-decodable. */
export function routeOf(method: string, path: string): { route: Route; id?: string | null } | null {
  const p = path.replace(/\/+$/, '');
  if (method === 'POST' && p === '/fhir/Claim/$submit') return { route: 'submit' };
  if (method === 'POST' && p === '/fhir/Claim/$inquire') return { route: 'inquire' };
  if (method === 'GET' && p === '/fhir/metadata') return { route: 'metadata' };
  const q = /^\/fhir\/Questionnaire\/([^/]+)$/.exec(p);
  if (method === 'GET' && q) return { route: 'questionnaire', id: decodedOrNull(q[1]!) };
  return null;
}

/**
 * Whether API Gateway's JWT authorizer guards this request in AWS: the FHIR door's routes but
 * metadata; every other /fhir path reaches the function without one (infra/constructs/api.ts).
 * The local server (scripts/local/http-server.ts) applies the same split.
 */
export function fhirRouteNeedsToken(method: string, path: string): boolean {
  const r = routeOf(method, path);
  return r !== null && r.route !== 'metadata';
}

/** A path segment percent-decoded, or null when its escapes are malformed (`%ZZ`): a client error, never a crash. */
function decodedOrNull(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
