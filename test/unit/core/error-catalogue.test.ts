import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorCodes, mutationUseCases, useCaseErrors } from '../../../lambda/core/errors/catalogue';

const schema = buildSchema(readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8'));
const mutations = schema.getMutationType()!.getFields();

/** The codes a mutation's description lists after "Error codes:". */
function documentedCodes(description: string | null | undefined): string[] {
  const tail = description?.split('Error codes:')[1] ?? '';
  return [...tail.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!).filter((c) => c !== 'extensions.code');
}

describe('the error catalogue', () => {
  it.each(mutationUseCases)('%s: the SDL description lists exactly the codes the catalogue declares', (name) => {
    expect(mutations[name], `Mutation.${name}`).toBeDefined();
    expect(new Set(documentedCodes(mutations[name]!.description))).toEqual(new Set(useCaseErrors[name]));
  });

  it('covers every mutation of the schema', () => {
    expect(Object.keys(mutations).sort()).toEqual([...mutationUseCases].sort());
  });

  it('declares only catalogue codes for each use case, without duplicates', () => {
    for (const [useCase, codes] of Object.entries(useCaseErrors)) {
      for (const code of codes) expect(errorCodes, useCase).toContain(code);
      expect(new Set(codes).size, useCase).toBe(codes.length);
    }
  });

  it('puts FORBIDDEN on one channel, a request error, and every use case may return it', () => {
    expect(errorCatalogue.FORBIDDEN.channel).toBe('requestError');
    for (const codes of Object.values(useCaseErrors)) expect(codes).toContain('FORBIDDEN');
  });

  it('has a message for every code, UPPER_SNAKE names, and only VERSION_CONFLICT retryable', () => {
    for (const code of errorCodes) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(errorCatalogue[code].message.length).toBeGreaterThan(5);
    }
    expect(errorCodes.filter((c) => errorCatalogue[c].retryable)).toEqual(['VERSION_CONFLICT']);
  });
});
