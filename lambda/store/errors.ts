/**
 * Typed store errors. Each class names itself (`name`), so the request log's
 * `internalErrors` says which one; DynamoDB's own error travels as `cause`, never as the message.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A transaction kept losing races (conflicting transactions) or was cancelled for another reason. */
export class WriteConflictError extends StoreError {
  override name = 'WriteConflictError';
  constructor(
    readonly reasons: string[],
    options?: { cause?: unknown },
  ) {
    super('write conflict', options);
  }
}

/** A cursor that was not issued by this API, or was altered. */
export class InvalidCursorError extends StoreError {
  override name = 'InvalidCursorError';
  constructor(options?: { cause?: unknown }) {
    super('invalid cursor', options);
  }
}
