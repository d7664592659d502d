/**
 * The application core, loaded on the first operation that needs it. In the Lambda bundle it
 * is a chunk of its own (infra/bundling.ts): a cold start neither compiles nor evaluates it
 * (nor its zod schemas) before then, and the core loads the engine (CEL) only for the first
 * evaluation, notice or policy compile (lambda/engine/load.ts).
 */
type Core = typeof import('../core');

let loading: Promise<Core> | undefined;
export const loadCore = (): Promise<Core> => (loading ??= import('../core'));
