import type { Resolvers } from '../../generated/resolvers-types';
import { guardSensitiveFields } from '../authorize';
import { scalars } from './scalars';
import { caseQuery } from './query/case';
import { casesQuery } from './query/cases';
import { determinationQuery } from './query/determination';
import { policiesQuery, policyQuery } from './query/policies';
import { previewQuery } from './query/preview';
import { determinationStatsQuery, priorAuthMetricsQuery } from './query/analytics';
import {
  appealCaseMutation,
  extendDueDateMutation,
  recordDecisionMutation,
  requestAdditionalInformationMutation,
  submitCaseMutation,
  updateClinicalFactsMutation,
  withdrawCaseMutation,
} from './mutation/case-mutations';
import { publishPolicyMutation } from './mutation/publish-policy';
import { Case } from './types/case';
import { AuditEntry, Determination } from './types/determination';
import { Policy } from './types/policy';

const resolvers: Resolvers = {
  ...scalars,
  Query: {
    case: caseQuery,
    cases: casesQuery,
    determination: determinationQuery,
    policy: policyQuery,
    policies: policiesQuery,
    previewDetermination: previewQuery,
    determinationStats: determinationStatsQuery,
    priorAuthMetrics: priorAuthMetricsQuery,
  },
  Mutation: {
    submitCase: submitCaseMutation,
    updateClinicalFacts: updateClinicalFactsMutation,
    recordDecision: recordDecisionMutation,
    appealCase: appealCaseMutation,
    extendDueDate: extendDueDateMutation,
    requestAdditionalInformation: requestAdditionalInformationMutation,
    withdrawCase: withdrawCaseMutation,
    publishPolicy: publishPolicyMutation,
  },
  Case,
  Determination,
  AuditEntry,
  Policy,
};

/** The resolver map with the core's read model on sensitive fields; the only one the server uses. */
export const authorizedResolvers = guardSensitiveFields(resolvers as unknown as Record<string, Record<string, unknown>>);
