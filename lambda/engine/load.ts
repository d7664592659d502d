/**
 * The engine (and CEL), loaded by its first user: the core's first evaluation, notice or
 * policy compile, the store's first compile of a stored policy. Reads (a case, a list,
 * analytics) never load it. In the Lambda bundle it is a chunk of its own
 * (infra/bundling.ts), so a container whose first operation is a read neither compiles nor
 * evaluates it. This file is all a caller imports at load; the rest comes with the promise.
 */
type Engine = typeof import('./index');

let loading: Promise<Engine> | undefined;
export const loadEngine = (): Promise<Engine> => (loading ??= import('./index'));
