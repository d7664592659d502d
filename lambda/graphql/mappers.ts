import type { CompiledPolicy, Evaluation } from '../engine';

/** What previewDetermination resolves to before field resolvers run. */
export type PreviewParent = Evaluation & { policy: CompiledPolicy };
