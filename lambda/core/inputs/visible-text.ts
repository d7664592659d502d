/**
 * Whether a text says something: at least one letter or digit (Unicode general categories
 * L and N) that is neither a Default_Ignorable_Code_Point (zero-width characters, joiners,
 * variation selectors, and the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, which are
 * letters by category but render as nothing) nor one of the fillers listed below. A reason,
 * item or rationale made only of spaces, invisible, control or punctuation characters is
 * treated as missing. Every free-text input of the core goes through this one function
 * (reasons of decisions, appeals, withdrawals and extensions, requested items, override
 * rationales).
 */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
/** Blank-looking letters, listed even where the Unicode data already marks them ignorable. */
const FILLERS = new Set(['\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800', '\u{16FE4}']);

export function hasVisibleText(s: string): boolean {
  for (const ch of s) {
    if (LETTER_OR_DIGIT.test(ch) && !IGNORABLE.test(ch) && !FILLERS.has(ch)) return true;
  }
  return false;
}
