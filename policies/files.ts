// Which files under policies/ ship: every <id>/v<n>.json, found by listing the
// folder, so adding a policy is adding its file. The loader (policies/index.ts)
// and the seed function's bundling (infra/constructs/policy-seed.ts) share this,
// so what the tests compile is what deployment copies.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type PolicyFile = {
  /** The folder name, which must equal the document's id. */
  id: string;
  /** The n of v<n>.json, which must equal the document's version. */
  version: number;
  /** `<id>/v<n>.json`, relative to the policies folder, with forward slashes. */
  path: string;
};

const VERSION_FILE = /^v([1-9][0-9]*)\.json$/;

/**
 * Lists the policy files in `dir`, sorted by id, then version (numerically). A
 * JSON file anywhere else under `dir` is an error, not skipped: a misnamed policy
 * must fail the tests and the deployment, never silently not ship.
 */
export function policyFiles(dir: string): PolicyFile[] {
  const files: PolicyFile[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const rel = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    const parts = rel.split('/');
    const m = parts.length === 2 ? VERSION_FILE.exec(parts[1]!) : null;
    if (!m) throw new Error(`policies/${rel}: a policy file must be named policies/<id>/v<n>.json`);
    files.push({ id: parts[0]!, version: Number(m[1]), path: rel });
  }
  return files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
}
