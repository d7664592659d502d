/** Typed store errors: resolvers map them to user errors, never leak DynamoDB messages. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** A transaction lost a race (condition failed or conflicting transaction). */
export class WriteConflictError extends StoreError {
  constructor(readonly reasons: string[]) {
    super('write conflict');
  }
}

/** A cursor that was not issued by this API, or was altered. */
export class InvalidCursorError extends StoreError {
  constructor() {
    super('invalid cursor');
  }
}
