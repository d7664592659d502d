/**
 * Comments name files so that a reader can go and look: every repository path a comment
 * names (from the repository's root, or relative to the file) must exist; a path in a
 * git-ignored output directory (bench/results/) is what a program writes, and is let be. Comments are found with
 * TypeScript's own scanner, so strings and code are never mistaken for comments.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const ROOTS = ['lambda', 'infra', 'scripts', 'test', 'bench', 'policies', 'codegen.ts', 'vitest.config.ts', 'eslint.config.js'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'generated', '.build', 'results']);
// A path from the repository's root, or a relative one with an extension; it ends at
// whitespace, a quote, a bracket or sentence punctuation.
const TOP = ['lambda', 'infra', 'scripts', 'test', 'bench', 'policies', 'schema', 'docs', '.ci'].join('|');
const PATH = new RegExp(`(?<![\\w./-])((?:${TOP})/[\\w.@/-]*[\\w]|\\.{1,2}/[\\w.@/-]*\\.[a-z]{2,4})`, 'g');

function sourceFiles(path: string): string[] {
  const full = join(REPO, path);
  if (!statSync(full).isDirectory()) return SOURCE.test(path) ? [path] : [];
  return readdirSync(full).flatMap((name) => (SKIP_DIRS.has(name) ? [] : sourceFiles(join(path, name))));
}

function comments(text: string, tsx: boolean): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, tsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) out.push(scanner.getTokenText());
  }
  return out;
}

/** Directories .gitignore names (outputs such as bench/results/). */
const ignoredDirs = readFileSync(join(REPO, '.gitignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.endsWith('/') && !l.startsWith('#'));

/** Whether `named` (from a comment in `file`) exists: as written, or as a module path without its extension. */
function exists(file: string, named: string): boolean {
  const base = named.startsWith('.') ? resolve(REPO, dirname(file), named) : resolve(REPO, named);
  return ['', '.ts', '.tsx', '.mjs', '.js'].some((ext) => existsSync(base + ext));
}

describe('paths named in comments', () => {
  const files = ROOTS.flatMap(sourceFiles);

  it('finds comments naming paths (the check is not vacuous)', () => {
    const named = files.flatMap((f) => comments(readFileSync(join(REPO, f), 'utf8'), f.endsWith('x')).flatMap((c) => c.match(PATH) ?? []));
    expect(named.length).toBeGreaterThan(50);
  });

  it('every repository path a comment names exists', () => {
    const missing: string[] = [];
    for (const f of files) {
      for (const c of comments(readFileSync(join(REPO, f), 'utf8'), f.endsWith('x'))) {
        for (const m of c.matchAll(PATH)) {
          const named = m[1]!.replace(/[.]+$/, '');
          // Placeholders and patterns (test/unit/…, policies/*.json, <name>) name no one file.
          if (/[*<>{}…]/.test(c.slice(m.index, m.index + m[0].length + 1))) continue;
          if (ignoredDirs.some((d) => `${named}/`.startsWith(d))) continue;
          if (!exists(f, named)) missing.push(`${relative(REPO, join(REPO, f))}: ${named}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
