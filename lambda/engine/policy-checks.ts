// Consistency checks of a policy document beyond its zod shape: numbering,
// citations, unique ids, rule order, and that criteria list the facts they
// read. Each problem is collected with its path; nothing throws.
import type { $ZodIssue } from 'zod/v4/core';
import { RESERVED_VARIABLES } from './cel';
import { isIsoDate } from './dates';
import type { PolicyIssue } from './errors';
import type { PolicyDocument } from './policy-schema';

/** Rules whose `when` is absent must be last, and the last must have none. */
function checkRules(rules: readonly { when?: string | undefined }[], path: string[], issues: PolicyIssue[]): void {
  rules.forEach((r, i) => {
    const last = i === rules.length - 1;
    if (last && r.when !== undefined) issues.push({ path: [...path, `${i}`, 'when'], message: 'the last rule must have no "when" (it applies otherwise)' });
    if (!last && r.when === undefined) issues.push({ path: [...path, `${i}`], message: 'only the last rule may omit "when"' });
  });
}

export function checkStructure(doc: PolicyDocument, issues: PolicyIssue[]): void {
  if (!isIsoDate(doc.effectiveFrom)) issues.push({ path: ['effectiveFrom'], message: 'must be a calendar date' });
  duplicates(doc.cptCodes).forEach((code) => issues.push({ path: ['cptCodes'], message: `duplicate CPT code "${code}"` }));

  const numbers = doc.sources.map((s) => s.number);
  numbers.forEach((n, i) => {
    if (n !== i + 1) issues.push({ path: ['sources', `${i}`, 'number'], message: `sources must be numbered 1..${numbers.length} in order` });
  });
  const cite = (citations: readonly string[], path: string[]) =>
    citations.forEach((c, i) => {
      if (!numbers.includes(Number(c.slice(1, -1)))) issues.push({ path: [...path, `${i}`], message: `citation ${c} does not reference a source` });
    });

  const ids = doc.criteria.map((c) => c.id);
  doc.criteria.forEach((c, i) => {
    const at = ['criteria', `${i}`];
    if (ids.indexOf(c.id) !== i) issues.push({ path: [...at, 'id'], message: `duplicate criterion id "${c.id}"` });
    duplicates(c.facts).forEach((f) => issues.push({ path: [...at, 'facts'], message: `fact "${f}" listed twice` }));
    cite(c.citations, [...at, 'citations']);
    checkRules(c.outcomes, [...at, 'outcomes'], issues);
  });
  doc.levelOfCare.rules.forEach((r, i) => cite(r.citations, ['levelOfCare', 'rules', `${i}`, 'citations']));
  checkRules(doc.recommendation.rules, ['recommendation', 'rules'], issues);
  checkRules(doc.levelOfCare.rules, ['levelOfCare', 'rules'], issues);
  doc.recommendation.rules.forEach((r, i) => {
    if (/[{}]/.test(r.summary)) issues.push({ path: ['recommendation', 'rules', `${i}`, 'summary'], message: 'summary is plain text: no placeholders or braces' });
  });

  const names = (doc.definitions ?? []).map((d) => d.name);
  names.forEach((n, i) => {
    const at = ['definitions', `${i}`, 'name'];
    if (names.indexOf(n) !== i) issues.push({ path: at, message: `duplicate definition "${n}"` });
    if ((RESERVED_VARIABLES as readonly string[]).includes(n)) issues.push({ path: at, message: `"${n}" is a reserved variable` });
  });
}

/** Every fact a criterion's expressions read (directly or via definitions) must be in its `facts`. */
export function checkFactsListed(doc: PolicyDocument, index: number, issues: PolicyIssue[]): void {
  const c = doc.criteria[index];
  if (!c) return;
  const defs = new Map((doc.definitions ?? []).map((d) => [d.name, d.expression]));
  const pending = c.outcomes.flatMap((o) => [o.when ?? '', o.rationale]);
  const seenDefs = new Set<string>();
  const read = new Set<string>();
  while (pending.length) {
    const text = pending.pop() as string;
    for (const m of text.matchAll(/\bfacts\.([A-Za-z][A-Za-z0-9]*)/g)) read.add(m[1] as string);
    for (const [name, expr] of defs) {
      if (!seenDefs.has(name) && new RegExp(`\\b${name}\\b`).test(text)) {
        seenDefs.add(name);
        pending.push(expr);
      }
    }
  }
  for (const f of read) {
    if (!c.facts.includes(f)) issues.push({ path: ['criteria', `${index}`, 'facts'], message: `the criterion reads fact "${f}" but does not list it` });
  }
  // The listed facts are the criterion's evidence in every notice: only what it reads.
  c.facts.forEach((f, i) => {
    if (!read.has(f)) issues.push({ path: ['criteria', `${index}`, 'facts', `${i}`], message: `the criterion lists fact "${f}" but does not read it (its evidence would name it)` });
  });
}

function duplicates(xs: readonly string[]): string[] {
  return [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];
}

export function zodIssue(issue: $ZodIssue): PolicyIssue {
  const path = issue.path.map(String);
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: `expected ${issue.expected}` };
    case 'unrecognized_keys':
      return { path, message: `unknown key(s): ${issue.keys.join(', ')}` };
    case 'invalid_value':
      return { path, message: `must be one of ${issue.values.map(String).join(', ')}` };
    case 'too_small':
      return { path, message: issue.origin === 'array' ? `must have at least ${issue.minimum} item(s)` : `must be at least ${issue.minimum}` };
    case 'too_big':
      return { path, message: `must be at most ${issue.maximum}` };
    default:
      return { path, message: issue.message };
  }
}
