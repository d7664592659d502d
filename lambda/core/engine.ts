/**
 * The policy engine (and CEL), loaded by the first use case that evaluates, renders a notice
 * or compiles a policy. Reads (a case, a list, analytics) never load it: in the Lambda bundle
 * it is a chunk of its own (infra/bundling.ts), and a container whose first operation is a
 * read skips its compile and evaluation.
 */
type Engine = typeof import('../engine');

let loading: Promise<Engine> | undefined;
export const loadEngine = (): Promise<Engine> => (loading ??= import('../engine'));
