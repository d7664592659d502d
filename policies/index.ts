// Policies shipped with the code, as data: every policies/<id>/v<n>.json, read
// from this module's folder when it loads (no list to maintain). In the seed
// Lambda's bundle this module's folder is the bundle's, and the files are copied
// next to it at bundling (infra/constructs/policy-seed.ts). The shape is checked
// here; compilePolicy then checks everything else (CEL, citations, fact schema,
// bounds) and runs each file's examples.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prettifyError } from 'zod/mini';
import { policyDocumentSchema, type PolicyDocument } from '../lambda/engine';
import { policyFiles, type PolicyFile } from './files';

/** The folder the policy files are read from: this module's own. */
export const POLICIES_DIR = dirname(fileURLToPath(import.meta.url));

function loadPolicyFile(dir: string, file: PolicyFile): PolicyDocument {
  // Errors name the file; policy documents hold no PHI.
  const where = `policies/${file.path}`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, file.path), 'utf8'));
  } catch (err) {
    throw new Error(`${where}: not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = policyDocumentSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: not a policy document:\n${prettifyError(parsed.error)}`);
  const doc = parsed.data;
  if (doc.id !== file.id || doc.version !== file.version) {
    throw new Error(`${where}: holds ${doc.id} version ${doc.version}; the file must be policies/${doc.id}/v${doc.version}.json`);
  }
  return doc;
}

/** Reads and checks every policy file in `dir`, sorted by id, then version. */
export function loadPolicies(dir: string): PolicyDocument[] {
  const files = policyFiles(dir);
  // An empty folder is a packaging mistake (e.g. the bundle without its files), never "no policies".
  if (files.length === 0) throw new Error(`No policy files (<id>/v<n>.json) in ${dir}`);
  return files.map((file) => loadPolicyFile(dir, file));
}

export const shippedPolicies: PolicyDocument[] = loadPolicies(POLICIES_DIR);
