import { loadConfig } from './config';
import { createFhirHandler } from './fhir-app';
import { sealerFromEnv } from '../events/secrets';

// The FHIR door's entry point (infra/paths.ts): a Lambda function of its own beside the
// GraphQL one, built at module load and reused by every request of the container.
export const handler = createFhirHandler({ ...loadConfig(process.env), subscriptionSealer: sealerFromEnv(process.env) });
