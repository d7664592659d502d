import { nonEmpty, ok, type Failed, type Ok, type Result as EngineResult } from '../../engine/result';
import { errorCatalogue, useCaseErrors, type Channel, type CodeOf, type ErrorCode, type UseCaseName } from './catalogue';

/** One failure as a door renders it: a catalogue code, the input path, a message without PHI. */
export type CoreError<C extends ErrorCode = ErrorCode> = { code: C; field: string[] | null; message: string };

// The one result shape, declared by the engine (lambda/engine/result.ts), with the core's errors.
export type { Ok };
export { nonEmpty, ok };
/** A refused request: nothing was written. Several errors only for input validation. */
export type Failure<C extends ErrorCode = ErrorCode> = Failed<CoreError<C>>;
export type Result<T, C extends ErrorCode = ErrorCode> = EngineResult<T, CoreError<C>>;

/** The error with the catalogue's default field and message unless given. */
export function coreError<C extends ErrorCode>(code: C, o: { field?: string[] | null; message?: string } = {}): CoreError<C> {
  const spec = errorCatalogue[code];
  return { code, field: o.field !== undefined ? o.field : spec.field ? [...spec.field] : null, message: o.message ?? spec.message };
}

/**
 * A refusal decided elsewhere (the workflow table) as a failure of use case `U`; a code the
 * catalogue does not declare for `U` is a bug, caught here rather than shipped to a client.
 */
export function refusal<U extends UseCaseName>(useCase: U, error: CoreError): Failure<CodeOf<U>> {
  if (!(useCaseErrors[useCase] as readonly string[]).includes(error.code)) throw new InvariantError(`${useCase} refused with undeclared code ${error.code}`);
  return { ok: false, errors: [error as CoreError<CodeOf<U>>] };
}

export const channelOf = (code: ErrorCode): Channel => errorCatalogue[code].channel;


/**
 * A rule the core relies on was broken by stored data or a bug (a pinned policy version
 * missing, a case without an engine determination): an internal error, never a code.
 */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
