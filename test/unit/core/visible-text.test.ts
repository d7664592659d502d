// hasVisibleText: the one check every free-text input of the core goes through.
import { describe, expect, it } from 'vitest';
import { hasVisibleText } from '../../../lambda/core/inputs/visible-text';

describe('hasVisibleText', () => {
  it.each([
    ['U+3164 HANGUL FILLER', '\u3164'],
    ['U+115F U+1160 (choseong and jungseong fillers)', '\u115F\u1160'],
    ['U+FFA0 HALFWIDTH HANGUL FILLER', '\uFFA0'],
    ['U+2800 BRAILLE PATTERN BLANK', '\u2800'],
    ['zero-width space, joiner, word joiner, BOM', '\u200B\u200D\u2060\uFEFF'],
    ['variation selectors and a combining grapheme joiner', '\uFE0F\u034F\u{E0100}'],
    ['Mongolian free variation selectors', '\u180B\u180C\u180D'],
    ['soft hyphens and bidi marks', '\u00AD\u200E\u200F\u202E'],
    ['spaces and punctuation', ' \t\n.,;-—'],
    ['empty', ''],
  ])('refuses %s', (_name, s) => {
    expect(hasVisibleText(s)).toBe(false);
  });

  it.each([['Latin', 'Pain persists'], ['a digit', '7'], ['Hangul', '\uD55C'], ['a filler beside a real letter', '\u3164a'], ['CJK', '\u75DB'], ['Arabic', '\u0623\u0644\u0645']])(
    'accepts %s',
    (_name, s) => {
      expect(hasVisibleText(s)).toBe(true);
    },
  );
});
