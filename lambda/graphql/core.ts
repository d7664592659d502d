/**
 * The application core, loaded on the first operation that needs it. A cold start that
 * answers something else (or before the first request) does not evaluate the core, the
 * engine (CEL) or their zod schemas; esbuild keeps them in the same file, evaluated lazily.
 */
type Core = typeof import('../core');

let loading: Promise<Core> | undefined;
export const loadCore = (): Promise<Core> => (loading ??= import('../core'));
