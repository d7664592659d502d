/**
 * A URL a policy declares (a code system): `https:` with a host, or a `urn:` (urn:oid:,
 * urn:uuid:). It reaches notices, FHIR resources and browsers: `javascript:`, `data:`,
 * `http:` and the like are refused.
 */
export function isSafePolicyUri(s: string): boolean {
  if (/^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/.test(s)) return true;
  if (!/^https:\/\/\S+$/i.test(s)) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname.length > 0 && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
