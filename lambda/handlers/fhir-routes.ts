// The FHIR door's routes: the handler (fhir-app.ts) routes with them; the HTTP API
// (infra/constructs/api.ts, FHIR_ROUTES) sends the same ones to the function, without an authorizer.

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

/** A path segment percent-decoded, or null when its escapes are malformed (`%ZZ`): a client error, never a crash. */
function decodedOrNull(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
