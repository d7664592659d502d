import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json and package-lock.json). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const paths = {
  root: REPO_ROOT,
  lockFile: join(REPO_ROOT, 'package-lock.json'),
  tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  cdkJson: join(REPO_ROOT, 'cdk.json'),
  apiHandler: join(REPO_ROOT, 'lambda', 'handlers', 'graphql.ts'),
  /** The FHIR door (Da Vinci PAS): a function of its own, so GraphQL's cold start does not load it. */
  fhirHandler: join(REPO_ROOT, 'lambda', 'handlers', 'fhir.ts'),
  seedHandler: join(REPO_ROOT, 'lambda', 'handlers', 'deploy-seed.ts'),
  /** Case events from the table stream, and the subscription deliverer (infra/constructs/events.ts). */
  streamHandler: join(REPO_ROOT, 'lambda', 'handlers', 'stream.ts'),
  deliverHandler: join(REPO_ROOT, 'lambda', 'handlers', 'deliver.ts'),
  policies: join(REPO_ROOT, 'policies'),
} as const;
