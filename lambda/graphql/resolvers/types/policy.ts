import type { PolicyResolvers } from '../../../generated/resolvers-types';

export const Policy: PolicyResolvers = {
  id: (p) => p.id,
  version: (p) => p.version,
  title: (p) => p.doc.title,
  cptCodes: (p) => [...p.cptCodes],
  effectiveFrom: (p) => p.effectiveFrom,
  criteria: (p) => p.criteria.map((c) => ({ id: c.id, title: c.title, requirement: c.requirement, citations: c.citations })),
  factSchema: (p) => p.factSchema,
};
