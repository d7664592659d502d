import type { MutationResolvers } from '../../generated/resolvers-types';
import { compilePolicy, PolicyValidationError } from '../../engine';

/** Validates exactly like the shipped files (compilePolicy), then writes the immutable version. */
export const publishPolicyMutation: MutationResolvers['publishPolicy'] = async (_p, { input }, ctx) => {
  let policy;
  try {
    policy = compilePolicy(input.document);
  } catch (err) {
    if (!(err instanceof PolicyValidationError)) throw err;
    return {
      policy: null,
      userErrors: err.issues.map((i) => ({ field: ['input', 'document', ...i.path.map(String)], message: i.message, code: 'INVALID_POLICY' })),
    };
  }
  const result = await ctx.stores.policies.publish(policy);
  if (!result.ok) {
    return {
      policy: null,
      userErrors: [
        {
          field: ['input', 'document', 'version'],
          code: result.reason,
          message: result.reason === 'VERSION_EXISTS' ? 'This policy version is already published; versions never change.' : 'A policy version must be higher than the latest published one.',
        },
      ],
    };
  }
  return { policy, userErrors: [] };
};
