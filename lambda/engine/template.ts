// Rationale templates: text with `{cel expression}` placeholders, e.g.
// "Baseline pain of {facts.painScoreNrs}/10 is documented". Placeholders are
// compiled and type-checked with the policy; `{{` / `}}` are literal braces.
import { compileCel, type CelEnvironments, type CelProgram } from './cel';
import type { PolicyIssue } from './errors';

export const NOT_DOCUMENTED = 'not documented';

/** Renders with the evaluation's CEL variables. Never throws. */
export type Template = (vars: Record<string, unknown>) => string;

type Part = string | CelProgram;

/** Splits a template; placeholders may contain quoted strings and nested braces. */
function split(text: string): { parts: (string | { expr: string })[]; error?: string } {
  const parts: (string | { expr: string })[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (c === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (c === '}') {
      return { parts, error: 'unmatched "}" (write "}}" for a literal brace)' };
    } else if (c === '{') {
      let depth = 1;
      let j = i + 1;
      let quote: string | null = null;
      for (; j < text.length && depth > 0; j++) {
        const d = text[j];
        if (quote) {
          if (d === '\\') j++;
          else if (d === quote) quote = null;
        } else if (d === '"' || d === "'") quote = d;
        else if (d === '{') depth++;
        else if (d === '}') depth--;
      }
      if (depth > 0) return { parts, error: 'unterminated "{" placeholder' };
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ expr: text.slice(i + 1, j - 1) });
      i = j;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push(literal);
  return { parts };
}

const SIMPLE = /^\s*(size\(\s*)?([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*|\[\d+\])*)\s*(\))?\s*$/;

/**
 * Fast path for the common placeholders `a.b[0].c` and `size(a.b)`: read the
 * value in JS instead of running CEL. Same result as the CEL program (a
 * missing field reads as undefined, rendered "not documented"); anything
 * else falls back to the program.
 */
export function fastPath(expr: string, program: CelProgram): CelProgram {
  const m = SIMPLE.exec(expr);
  if (!m || Boolean(m[1]) !== Boolean(m[4])) return program;
  const root = m[2] as string;
  if (root === 'true' || root === 'false' || root === 'null') return program;
  const steps = [...(m[3] ?? '').matchAll(/\.(\w+)|\[(\d+)\]/g)].map((s) => (s[1] !== undefined ? s[1] : Number(s[2])));
  const size = Boolean(m[1]);
  return (vars) => {
    let v: unknown = vars[root];
    for (const step of steps) {
      if (typeof step === 'number') v = Array.isArray(v) ? v[step] : undefined;
      else v = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step) ? (v as Record<string, unknown>)[step] : undefined;
      if (v === undefined) return undefined;
    }
    if (!size) return v;
    return Array.isArray(v) ? v.length : program(vars);
  };
}

const PARAM = /^\s*params\.([A-Za-z][A-Za-z0-9]*)\s*$/;

/**
 * Static text (requirement, next step, guideline): `{params.name}` renders
 * the parameter's display text; no other placeholder. Null on issues.
 */
export function renderStaticText(text: string, paramTexts: ReadonlyMap<string, string>, path: string[], issues: PolicyIssue[]): string | null {
  const { parts, error } = split(text);
  if (error) {
    issues.push({ path, message: `text: ${error}` });
    return null;
  }
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else {
      const name = PARAM.exec(p.expr)?.[1];
      const t = name === undefined ? undefined : paramTexts.get(name);
      if (t === undefined) {
        issues.push({ path, message: `text: only {params.<name>} placeholders of declared parameters are allowed here (write {{ and }} for braces)` });
        return null;
      }
      out += t;
    }
  }
  return out;
}

export function compileTemplate(
  envs: CelEnvironments,
  text: string,
  path: string[],
  issues: PolicyIssue[],
  paramTexts: ReadonlyMap<string, string> = new Map(),
): Template | null {
  const { parts, error } = split(text);
  if (error) {
    issues.push({ path, message: `template: ${error}` });
    return null;
  }
  const compiled: Part[] = [];
  let ok = true;
  for (const p of parts) {
    const param = typeof p === 'string' ? undefined : PARAM.exec(p.expr)?.[1];
    const paramText = param === undefined ? undefined : paramTexts.get(param);
    if (typeof p === 'string') compiled.push(p);
    else if (paramText !== undefined) compiled.push(paramText);
    else {
      const c = compileCel(envs, p.expr, path, issues);
      if (c) compiled.push(fastPath(p.expr, c.program));
      else ok = false;
    }
  }
  if (!ok) return null;
  if (compiled.every((p): p is string => typeof p === 'string')) {
    const constant = compiled.join('');
    return () => constant;
  }
  return (vars) => {
    let out = '';
    for (let i = 0; i < compiled.length; i++) {
      const p = compiled[i] as Part;
      if (typeof p === 'string') out += p;
      else {
        let v: unknown;
        try {
          v = p(vars);
        } catch {
          // A fact the placeholder needs is absent: say so rather than fail.
          v = undefined;
        }
        out += formatValue(v);
      }
    }
    return out;
  };
}

/** Human-readable rendering of a CEL value; deterministic. */
export function formatValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'yes' : 'no';
    case 'undefined':
      return NOT_DOCUMENTED;
    default:
      if (v === null) return NOT_DOCUMENTED;
      if (Array.isArray(v)) return v.length ? v.map(formatValue).join('; ') : 'none';
      return 'documented';
  }
}
