/**
 * Whether a text says something: at least one letter or digit. A reason or item made only
 * of spaces, zero-width or control characters, or punctuation is treated as missing.
 */
export const hasVisibleText = (s: string): boolean => /\p{L}|\p{N}/u.test(s);
