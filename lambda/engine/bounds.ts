// Static bounds of a policy's CEL expressions. A policy is executable
// content from a user, so it is accepted only if its cost can be bounded
// before anything runs. The analysis is an allow-list: every operator,
// macro and function a policy may use has a size and cost model below, and
// anything else is refused with the expression's path (a policy cannot reach
// a library function whose cost nobody modelled). Sizes flow through
// definitions, `cel.bind` variables, comprehension variables and results:
// `cel.bind(x, l, x + x)` is twice as large as `l`, `s.split("")` has as many
// items as `s` has characters.
// - regular expressions: refused. The library's `matches` runs JavaScript's
//   backtracking RegExp (`^(a+)+$` on 30 characters blocks for seconds);
//   policies match codes and text with startsWith, endsWith, contains and `in`;
// - comprehensions (map, filter, exists, all, exists_one) nested at most
//   LIMITS.maxComprehensionNesting deep; no list concatenation inside one;
// - a cost estimate: every list at its schema maxItems, every string at its
//   maxLength, comprehensions multiply, concatenation/join/split/membership/
//   equality cost their sizes; per expression and per policy at most
//   LIMITS.max*Cost.
// Behind this estimate, evaluation runs under a step, allocation and time
// budget (guard.ts), so a wrong estimate is a clear error, not a stalled process.
// Parse limits (AST nodes and depth) are set on the CEL environments.
import type { ASTNode } from '@marcbachmann/cel-js';
import type { PolicyIssue } from './errors';
import type { FactNode, ObjectNode } from './fact-schema';
import { LIMITS } from './limits';

/** Abstract value: an upper bound of its size (list length, string length, map entries). */
export interface Abs {
  kind: 'list' | 'string' | 'map' | 'object' | 'scalar';
  size: number;
  elem?: Abs;
  fields?: Map<string, Abs>;
}

const SCALAR: Abs = { kind: 'scalar', size: 1 };
const COMPREHENSIONS = new Set(['map', 'filter', 'exists', 'all', 'exists_one']);
const NO_REGEX =
  'regular expressions (matches) are not allowed in policies: they can take exponential time; use startsWith, endsWith, contains or in';

/** Operators a policy may use (the parser's node kinds); anything else is refused. */
const OPERATORS = new Set(['value', 'id', '.', '[]', 'list', 'map', '?:', '!_', '-_', '&&', '||', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'in', 'call', 'rcall']);
/** Global functions a policy may call (each modelled in Walker.call). */
export const ALLOWED_FUNCTIONS = ['size', 'has', 'string', 'int', 'double', 'dyn', 'daysBetween', 'min', 'max', 'displayValue'] as const;
/** Methods a policy may call (each modelled in Walker.rcall), besides the comprehensions and cel.bind. */
export const ALLOWED_METHODS = [
  'size',
  'contains',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'lowerAscii',
  'upperAscii',
  'trim',
  'substring',
  'split',
  'join',
] as const;
const FUNCTIONS = new Set<string>(ALLOWED_FUNCTIONS);
const METHODS = new Set<string>(ALLOWED_METHODS);

export function absOfFact(node: FactNode): Abs {
  switch (node.kind) {
    case 'object': {
      const fields = new Map<string, Abs>();
      for (const [k, v] of node.properties) fields.set(k, absOfFact(v));
      return { kind: 'object', size: 1, fields };
    }
    case 'array':
      return { kind: 'list', size: node.maxItems ?? LIMITS.maxFactListItems, elem: absOfFact(node.items) };
    case 'string': {
      const size = node.enum ? Math.max(...node.enum.map((e) => e.length)) : node.format === 'date' ? 10 : (node.maxLength ?? LIMITS.maxFactStringLength);
      return { kind: 'string', size };
    }
    default:
      return SCALAR;
  }
}

/** Upper bound of a value's footprint: list items times their footprint, string length, object fields. */
export function weight(a: Abs): number {
  switch (a.kind) {
    case 'list':
    case 'map':
      return a.size * (1 + (a.elem ? weight(a.elem) : 1));
    case 'object': {
      let w = 1;
      for (const f of a.fields?.values() ?? []) w += weight(f);
      return w;
    }
    default:
      return a.size;
  }
}

/** The least upper bound of two abstract values (a conditional's branches, a list literal's items). */
function join(a: Abs, b: Abs): Abs {
  if (a.kind !== b.kind) {
    // Different kinds only meet through dyn; keep the heavier, as large as either.
    const [big, small] = weight(a) >= weight(b) ? [a, b] : [b, a];
    return { ...big, size: Math.max(big.size, small.size) };
  }
  const elem = a.elem && b.elem ? join(a.elem, b.elem) : (a.elem ?? b.elem);
  let fields: Map<string, Abs> | undefined;
  if (a.fields || b.fields) {
    fields = new Map(a.fields);
    for (const [k, v] of b.fields ?? []) fields.set(k, fields.has(k) ? join(fields.get(k) as Abs, v) : v);
  }
  return { kind: a.kind, size: Math.max(a.size, b.size), ...(elem ? { elem } : {}), ...(fields ? { fields } : {}) };
}

export class BoundsContext {
  constructor(
    private readonly scope: Map<string, Abs>,
    /** Enum fact paths for displayValue("path", v), with their longest display text. */
    private readonly enumPaths: ReadonlyMap<string, number>,
    private readonly shared: { total: number } = { total: 0 },
  ) {}

  static forFacts(root: ObjectNode, params: ReadonlyMap<string, Abs>, enumPaths: ReadonlyMap<string, number>): BoundsContext {
    const scope = new Map<string, Abs>([
      ['facts', absOfFact(root)],
      ['evaluationDate', { kind: 'string', size: 10 }],
      ['requested', { kind: 'object', size: 1, fields: new Map([['setting', { kind: 'string', size: 11 }], ['inpatientDays', SCALAR]]) }],
      ['icd10Codes', { kind: 'list', size: LIMITS.maxIcd10Codes, elem: { kind: 'string', size: 16 } }],
      ['params', { kind: 'object', size: 1, fields: new Map(params) }],
    ]);
    return new BoundsContext(scope, enumPaths);
  }

  /** The recommendation rules' context (criterion counts), sharing this policy's total. */
  forCounts(names: readonly string[]): BoundsContext {
    return new BoundsContext(new Map(names.map((n) => [n, SCALAR])), new Map(), this.shared);
  }

  define(name: string, abs: Abs): void {
    this.scope.set(name, abs);
  }

  withScalar(name: string): BoundsContext {
    return new BoundsContext(new Map([...this.scope, [name, SCALAR]]), this.enumPaths, this.shared);
  }

  get policyCost(): number {
    return this.shared.total;
  }

  /** Returns the abstract value of `ast`, or null after recording issues. */
  check(ast: ASTNode, path: string[], issues: PolicyIssue[]): Abs | null {
    const before = issues.length;
    const w = new Walker(this.scope, this.enumPaths, path, issues);
    const r = w.walk(ast, 0, new Map());
    if (issues.length > before) return null;
    if (!(r.cost <= LIMITS.maxExpressionCost)) {
      issues.push({ path, message: `CEL: the expression is too costly (estimated ${fmt(r.cost)} steps with every list at its maxItems and every string at its maxLength; the limit is ${LIMITS.maxExpressionCost})` });
      return null;
    }
    this.shared.total += r.cost;
    if (this.shared.total > LIMITS.maxPolicyCost) {
      issues.push({ path, message: `CEL: the policy's expressions together are too costly (more than ${LIMITS.maxPolicyCost} estimated steps per evaluation)` });
      return null;
    }
    return r.abs;
  }
}

const fmt = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : 'more than 10^300');

export function checkBounds(ast: ASTNode, ctx: BoundsContext, path: string[], issues: PolicyIssue[]): Abs | null {
  return ctx.check(ast, path, issues);
}

interface R {
  abs: Abs;
  cost: number;
}

class Walker {
  constructor(
    private readonly scope: Map<string, Abs>,
    private readonly enumPaths: ReadonlyMap<string, number>,
    private readonly path: string[],
    private readonly issues: PolicyIssue[],
  ) {}

  private refuse(message: string): R {
    this.issues.push({ path: this.path, message: `CEL: ${message}` });
    return { abs: SCALAR, cost: 0 };
  }

  walk(n: ASTNode, nesting: number, locals: Map<string, Abs>): R {
    if (!OPERATORS.has(n.op)) return this.refuse(`the operator "${n.op}" is not allowed in policies`);
    const sub = (x: ASTNode) => this.walk(x, nesting, locals);
    const args = n.args as unknown;
    switch (n.op) {
      case 'value':
        if (typeof args === 'string') return { abs: { kind: 'string', size: args.length }, cost: 1 };
        if (args instanceof Uint8Array) return this.refuse('bytes literals are not allowed in policies');
        return { abs: SCALAR, cost: 1 };
      case 'id': {
        const name = args as string;
        const abs = locals.get(name) ?? this.scope.get(name);
        if (!abs) return this.refuse(`unknown variable "${name}"`);
        return { abs, cost: 1 };
      }
      case '.': {
        const [base, field] = args as [ASTNode, string];
        const b = sub(base);
        const f = b.abs.kind === 'object' ? b.abs.fields?.get(field) : b.abs.kind === 'map' ? b.abs.elem : undefined;
        if (!f) return this.refuse(`cannot bound the size of ".${field}"`);
        return { abs: f, cost: b.cost + 1 };
      }
      case '[]': {
        const [base, index] = args as [ASTNode, ASTNode];
        const b = sub(base);
        const i = sub(index);
        if (!b.abs.elem) return this.refuse('cannot bound the size of an indexed value');
        return { abs: b.abs.elem, cost: b.cost + i.cost + weight(i.abs) };
      }
      case 'list': {
        const items = (args as ASTNode[]).map(sub);
        const elem = items.reduce<Abs | undefined>((a, r) => (a ? join(a, r.abs) : r.abs), undefined);
        return { abs: { kind: 'list', size: items.length, ...(elem ? { elem } : {}) }, cost: 1 + items.length + items.reduce((s, r) => s + r.cost, 0) };
      }
      case 'map': {
        const entries = (args as [ASTNode, ASTNode][]).map(([k, v]) => [sub(k), sub(v)] as const);
        const elem = entries.reduce<Abs | undefined>((a, [, v]) => (a ? join(a, v.abs) : v.abs), undefined);
        const key = entries.reduce<Abs | undefined>((a, [k]) => (a ? join(a, k.abs) : k.abs), undefined);
        // elem of a map: iterating gives keys, indexing gives values; keep the larger bound.
        const bound = key && elem ? join(key, elem) : (key ?? elem);
        const keyCost = entries.reduce((s, [k]) => s + weight(k.abs), 0);
        return { abs: { kind: 'map', size: entries.length, ...(bound ? { elem: bound } : {}) }, cost: 1 + keyCost + entries.reduce((s, [k, v]) => s + k.cost + v.cost, 0) };
      }
      case '?:': {
        const [c, a, b] = (args as ASTNode[]).map(sub) as [R, R, R];
        return { abs: join(a.abs, b.abs), cost: c.cost + Math.max(a.cost, b.cost) + 1 };
      }
      case '!_':
      case '-_': {
        const a = sub(args as ASTNode);
        return { abs: SCALAR, cost: a.cost + 1 };
      }
      case 'call':
        return this.call(n, nesting, locals);
      case 'rcall':
        return this.rcall(n, nesting, locals);
      default:
        return this.binary(n.op, args as [ASTNode, ASTNode], sub, nesting);
    }
  }

  private binary(op: string, args: [ASTNode, ASTNode], sub: (x: ASTNode) => R, nesting: number): R {
    const [l, r] = args.map(sub) as [R, R];
    const cost = l.cost + r.cost + 1;
    switch (op) {
      case '+': {
        if (l.abs.kind === 'list' || r.abs.kind === 'list') {
          if (nesting > 0) return this.refuse('no list concatenation (+) inside a comprehension (map, filter, exists, all): it can grow lists without bound');
          const size = l.abs.size + r.abs.size;
          const elem = l.abs.elem && r.abs.elem ? join(l.abs.elem, r.abs.elem) : (l.abs.elem ?? r.abs.elem);
          return { abs: { kind: 'list', size, ...(elem ? { elem } : {}) }, cost: cost + size };
        }
        if (l.abs.kind === 'string' || r.abs.kind === 'string') {
          const size = l.abs.size + r.abs.size;
          return { abs: { kind: 'string', size }, cost: cost + size };
        }
        if (l.abs.kind !== 'scalar' || r.abs.kind !== 'scalar') return this.refuse('cannot bound the size of this "+"');
        return { abs: SCALAR, cost };
      }
      case 'in':
        // A list is scanned item by item, each compared in full; a map is a lookup.
        if (r.abs.kind === 'map') return { abs: SCALAR, cost: cost + weight(l.abs) };
        return { abs: SCALAR, cost: cost + r.abs.size * weight(l.abs) + weight(r.abs) };
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return { abs: SCALAR, cost: cost + Math.min(weight(l.abs), weight(r.abs)) };
      default:
        // && || - * / %: scalars.
        return { abs: SCALAR, cost };
    }
  }

  private call(n: ASTNode, nesting: number, locals: Map<string, Abs>): R {
    const [name, list] = n.args as [string, ASTNode[]];
    if (name === 'matches') return this.refuse(NO_REGEX);
    if (!FUNCTIONS.has(name)) return this.refuse(`the function ${name}() is not allowed in policies (allowed: ${ALLOWED_FUNCTIONS.join(', ')}, and the methods ${ALLOWED_METHODS.join(', ')})`);
    const rs = list.map((x) => this.walk(x, nesting, locals));
    const cost = 1 + rs.reduce((s, r) => s + r.cost, 0);
    const first = rs[0]?.abs ?? SCALAR;
    switch (name) {
      case 'displayValue': {
        const p = list[0];
        const longest = p && p.op === 'value' && typeof p.args === 'string' ? this.enumPaths.get(p.args) : undefined;
        if (longest === undefined) return this.refuse('the first argument of displayValue must be the literal dotted path of an enum fact, e.g. "nicotine.status"');
        return { abs: { kind: 'string', size: longest }, cost: cost + longest + (rs[1]?.abs.size ?? 0) };
      }
      case 'string':
        // string(x) of a string is x; of a number or bool at most 32 characters.
        return { abs: { kind: 'string', size: first.kind === 'string' ? first.size : 32 }, cost: cost + (first.kind === 'string' ? first.size : 32) };
      case 'dyn':
        return { abs: first, cost };
      case 'int':
      case 'double':
        return { abs: SCALAR, cost: cost + (first.kind === 'string' ? first.size : 1) };
      case 'daysBetween':
        return { abs: SCALAR, cost: cost + 20 };
      default:
        // size, has, min, max: constant time.
        return { abs: SCALAR, cost };
    }
  }

  private rcall(n: ASTNode, nesting: number, locals: Map<string, Abs>): R {
    const [name, receiver, list] = n.args as [string, ASTNode, ASTNode[]];
    if (receiver.op === 'id' && receiver.args === 'cel' && !locals.has('cel') && !this.scope.has('cel')) {
      if (name !== 'bind') return this.refuse(`cel.${name} is not allowed in policies (allowed: cel.bind)`);
      return this.bind(list, nesting, locals);
    }
    if (name === 'matches') return this.refuse(NO_REGEX);
    const recv = this.walk(receiver, nesting, locals);
    if (COMPREHENSIONS.has(name)) return this.comprehension(name, recv, list, nesting, locals);
    if (!METHODS.has(name)) return this.refuse(`the method .${name}() is not allowed in policies (allowed: ${ALLOWED_METHODS.join(', ')}, the comprehensions ${[...COMPREHENSIONS].join(', ')}, and cel.bind)`);
    const rs = list.map((x) => this.walk(x, nesting, locals));
    const cost = recv.cost + 1 + rs.reduce((s, r) => s + r.cost, 0);
    const s = recv.abs.size;
    const arg = rs[0]?.abs.size ?? 0;
    switch (name) {
      case 'size':
        return { abs: SCALAR, cost };
      case 'join': {
        const elem = recv.abs.elem?.size ?? 0;
        const size = recv.abs.size * (elem + arg);
        return { abs: { kind: 'string', size }, cost: cost + size };
      }
      case 'split':
        // At most one item per character (split("")) or one more than the separators; each at most the whole string.
        return { abs: { kind: 'list', size: s + 1, elem: { kind: 'string', size: s } }, cost: cost + 2 * (s + 1) };
      case 'lowerAscii':
      case 'upperAscii':
      case 'trim':
      case 'substring':
        return { abs: { kind: 'string', size: s }, cost: cost + s };
      case 'startsWith':
      case 'endsWith':
        return { abs: SCALAR, cost: cost + Math.min(s, arg) };
      default:
        // contains, indexOf, lastIndexOf: a scan of the receiver per position of the argument at worst.
        return { abs: SCALAR, cost: cost + s * Math.max(1, arg) };
    }
  }

  /** cel.bind(x, value, expr): `x` has the size of `value` inside `expr`. */
  private bind(list: ASTNode[], nesting: number, locals: Map<string, Abs>): R {
    const [v, value, body] = list;
    if (!v || v.op !== 'id' || !value || !body) return this.refuse('cel.bind needs a variable name, a value and an expression');
    const val = this.walk(value, nesting, locals);
    const inner = new Map(locals);
    inner.set(v.args, val.abs);
    const b = this.walk(body, nesting, inner);
    return { abs: b.abs, cost: val.cost + b.cost + 1 };
  }

  private comprehension(name: string, recv: R, list: ASTNode[], nesting: number, locals: Map<string, Abs>): R {
    if (nesting + 1 > LIMITS.maxComprehensionNesting) {
      return this.refuse(`comprehensions (map, filter, exists, all) may be nested at most ${LIMITS.maxComprehensionNesting} deep`);
    }
    const v = list[0];
    if (!v || v.op !== 'id') return this.refuse(`${name} needs a variable name`);
    if (!recv.abs.elem || (recv.abs.kind !== 'list' && recv.abs.kind !== 'map')) return this.refuse(`cannot bound the items ${name} iterates over`);
    const inner = new Map(locals);
    inner.set(v.args, recv.abs.elem);
    const bodies = list.slice(1).map((b) => this.walk(b, nesting + 1, inner));
    const per = bodies.reduce((s, r) => s + r.cost, 2);
    const count = recv.abs.size;
    const cost = recv.cost + count * per + count;
    if (name === 'map') {
      const last = bodies[bodies.length - 1];
      return { abs: { kind: 'list', size: count, elem: last ? last.abs : SCALAR }, cost };
    }
    if (name === 'filter') return { abs: { kind: 'list', size: count, elem: recv.abs.elem }, cost };
    return { abs: SCALAR, cost };
  }
}
