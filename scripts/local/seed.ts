import type { ApiHandler } from '../../lambda/handlers/graphql-app';
import { invokeGraphql } from './invoke';
import { demoCaseInput, demoProviderId } from './demo-case';

/** Seeds the demonstration case through the handler itself (same validation, same writes). */
export async function seedDemoCase(handler: ApiHandler): Promise<string> {
  const res = await invokeGraphql<{ submitCase: { case: { id: string } | null; userErrors: unknown[] } }>(
    handler,
    { sub: 'seed', role: 'PROVIDER', providerId: demoProviderId },
    'mutation Seed($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } userErrors { field message code } } }',
    { input: demoCaseInput },
  );
  const id = res.body.data?.submitCase.case?.id;
  if (!id) throw new Error(`seeding the demonstration case failed: ${JSON.stringify(res.body)}`);
  return id;
}
