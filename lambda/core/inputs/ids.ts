import * as z from 'zod/mini';

/**
 * The identifier character set (member, provider, idempotency key, case and criterion ids):
 * 1 to 64 of the letters A-Z a-z, the digits 0-9 and `.` `_` `:` `-`. No spaces, control or
 * invisible characters, and no `#`, which separates the parts of the table's keys.
 */
export const ID_CHARACTERS = /^[A-Za-z0-9._:-]*$/;

/** Surrounding spaces are trimmed; then an empty or over-long id is OUT_OF_RANGE, another character INVALID_FORMAT. */
export const idSchema = (what: string) =>
  z.string().check(
    z.trim(),
    z.minLength(1, `${what} must not be empty`),
    z.maxLength(64, `${what} must be at most 64 characters`),
    z.regex(ID_CHARACTERS, `${what} may contain letters, digits and . _ : - only`),
  );
