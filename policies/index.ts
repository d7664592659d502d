// Policies shipped with the code, as data. esbuild bundles the JSON. The
// shape is checked on import (JSON imports widen enums to plain strings);
// compilePolicy then checks everything else (CEL, citations, fact schema).
import { policyDocumentSchema, type PolicyDocument } from '../lambda/engine';
import sijFusionV1 from './sij-fusion/v1.json';

export const shippedPolicies: PolicyDocument[] = [sijFusionV1].map((doc) => policyDocumentSchema.parse(doc));
