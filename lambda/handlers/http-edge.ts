/**
 * What every answer of both doors (and of the local server, scripts/local/http-server.ts)
 * shares at the HTTP edge: the security headers, and the checks a JSON body passes BEFORE
 * it is parsed. JSON.parse and everything after it (Apollo's variable coercion, zod, the
 * FHIR validator) recurse: a body nested 20,000 deep overflowed the stack (HTTP 500).
 * The depth scan below is one loop over the characters, no recursion, no allocation.
 */

/** Every answer is per caller and may hold PHI: no cache may keep it, no browser may sniff it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/** Request bodies larger than this are refused before they are read as text (413). */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * Deepest JSON nesting a request may have. The deepest legitimate body is a policy document
 * in publishPolicy's variables (LIMITS.maxDocumentDepth, 48, plus the request's own 3 levels);
 * a PAS Bundle is about 12 deep.
 */
export const MAX_JSON_DEPTH = 64;

/** Headers merged into an answer's own (content type kept). */
export function withSecurityHeaders(headers: Record<string, string | number | boolean> | undefined): Record<string, string | number | boolean> {
  return { ...(headers ?? {}), ...SECURITY_HEADERS };
}

/**
 * True when `text` opens more than `maxDepth` objects or arrays inside each other. Brackets
 * inside strings do not count; malformed JSON is left to JSON.parse.
 */
export function jsonTooDeep(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; problem: 'too-deep' | 'malformed' };

/** The body parsed, after the depth scan; never echoes the input. */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): JsonBody {
  if (jsonTooDeep(text, maxDepth)) return { ok: false, problem: 'too-deep' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'malformed' };
  }
}
