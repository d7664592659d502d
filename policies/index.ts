// Policies shipped with the code, as data. esbuild bundles the JSON. The
// shape is checked on import (JSON imports widen enums to plain strings);
// compilePolicy then checks everything else (CEL, citations, fact schema,
// bounds) and runs each file's examples.
// To ship a new policy: add policies/<id>/v<n>.json and one line below.
import { policyDocumentSchema, type PolicyDocument } from '../lambda/engine';
import kneeArthroplastyV1 from './knee-arthroplasty/v1.json';
import lumbarFusionV1 from './lumbar-fusion/v1.json';
import lumbarMriV1 from './lumbar-mri/v1.json';
import sijFusionV1 from './sij-fusion/v1.json';

export const shippedPolicies: PolicyDocument[] = [sijFusionV1, lumbarMriV1, lumbarFusionV1, kneeArthroplastyV1].map((doc) =>
  policyDocumentSchema.parse(doc),
);
