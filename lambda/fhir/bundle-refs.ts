// Resolving references inside a PAS Bundle (FHIR R4 "Resolving references in Bundles"):
// absolute URLs and urn:uuid match an entry's fullUrl; a relative `Type/id` is resolved
// against the referencing entry's RESTful base, else matched on resourceType and id;
// `#id` names a resource contained in the referencing resource.

export type AnyResource = { resourceType: string; id?: string | undefined; [k: string]: unknown };
export interface BundleEntryView {
  fullUrl: string | undefined;
  resource: AnyResource | undefined;
}
export interface Resolved {
  resource: AnyResource;
  /** FHIRPath of the resolved resource, e.g. `Bundle.entry[4].resource`. */
  expression: string;
  /** The entry's fullUrl (for echoing it back as PAS requires); undefined for contained resources. */
  fullUrl: string | undefined;
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const RESTFUL = /^(https?:\/\/.+\/)[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export function resolveReference(
  entries: readonly BundleEntryView[],
  ref: string,
  from: { index: number; contained?: readonly AnyResource[] | undefined },
): Resolved | null {
  if (ref.startsWith('#')) {
    const id = ref.slice(1);
    const j = from.contained?.findIndex((c) => c.id === id) ?? -1;
    return j >= 0 ? { resource: from.contained![j]!, expression: `Bundle.entry[${from.index}].resource.contained[${j}]`, fullUrl: undefined } : null;
  }
  const at = (i: number): Resolved | null => {
    const e = entries[i];
    return e?.resource ? { resource: e.resource, expression: `Bundle.entry[${i}].resource`, fullUrl: e.fullUrl } : null;
  };
  const exact = entries.findIndex((e) => e.fullUrl === ref);
  if (exact >= 0) return at(exact);
  const rel = RELATIVE.exec(ref);
  if (!rel) return null;
  const base = RESTFUL.exec(entries[from.index]?.fullUrl ?? '')?.[1];
  if (base) {
    const i = entries.findIndex((e) => e.fullUrl === `${base}${rel[1]}/${rel[2]}`);
    if (i >= 0) return at(i);
  }
  const i = entries.findIndex((e) => e.resource?.resourceType === rel[1] && e.resource?.id === rel[2]);
  return i >= 0 ? at(i) : null;
}

/**
 * Every `reference` inside a resource, with its FHIRPath (contained resources skipped); a
 * `reference` that is not a string is listed too (the caller refuses it), never walked into.
 */
export function collectReferences(value: unknown, path: string, out: { path: string; reference: unknown }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => collectReferences(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'contained') continue;
      if (k === 'reference') out.push({ path, reference: v });
      else collectReferences(v, `${path}.${k}`, out);
    }
  }
  return out;
}
