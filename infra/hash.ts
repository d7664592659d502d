import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * SHA-256 over every file below `dir` (relative path + content, in a stable order).
 * Passed to the policy-seeding custom resource so it re-runs exactly when the
 * shipped policies change. A missing folder hashes like an empty one.
 */
export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  if (!existsSync(dir)) return hash.digest('hex');
  const files = filesUnder(dir)
    .map((f) => ({ full: f, rel: relative(dir, f).split(sep).join('/') }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const f of files) {
    hash.update(f.rel).update('\0').update(readFileSync(f.full)).update('\0');
  }
  return hash.digest('hex');
}
