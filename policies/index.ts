// Policies shipped with the code, as data. esbuild bundles the JSON; each is
// compiled (and so fully checked) by whoever loads it, e.g. at cold start.
import type { PolicyDocument } from '../lambda/engine';
import sijFusionV1 from './sij-fusion/v1.json';

// JSON imports widen enums to string; compilePolicy validates the real shape.
export const shippedPolicies: PolicyDocument[] = [sijFusionV1 as unknown as PolicyDocument];
