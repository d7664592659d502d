// The member letter's reading level: Flesch-Kincaid grade of the text with its Markdown
// removed (remove-markdown), computed by text-readability (a port of Python's textstat).
// Both are test-only dependencies: the Lambda never measures its own letters.
import removeMd from 'remove-markdown';
import readability from 'text-readability';

/** The letter as a reader sees it: no headings' hashes, no bullets, no emphasis marks. */
export const plainText = (markdown: string): string => removeMd(markdown, { stripListLeaders: true, gfm: true, useImgAltText: false });

/** Flesch-Kincaid grade level of a Markdown text. */
export const fleschKincaidGrade = (markdown: string): number => readability.fleschKincaidGrade(plainText(markdown));
