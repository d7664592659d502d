import * as z from 'zod/mini';

/**
 * The identifier character set (member, provider, idempotency key, case and criterion ids):
 * 1 to 64 of the letters A-Z a-z, the digits 0-9 and `.` `_` `:` `-`. No spaces, control or
 * invisible characters, and no `#`, which separates the parts of the table's keys.
 */
export const ID_CHARACTERS = /^[A-Za-z0-9._:-]{1,64}$/;

export const idSchema = (what: string) =>
  z.string().check(z.regex(ID_CHARACTERS, `${what} must be 1 to 64 characters: letters, digits and . _ : - only`));
