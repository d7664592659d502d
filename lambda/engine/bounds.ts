// Static bounds of a policy's CEL expressions. A policy is executable
// content from a user, and @marcbachmann/cel-js has no run-time step budget,
// so everything is bounded before the policy is accepted:
// - regular expressions: refused. The library's `matches` runs JavaScript's
//   backtracking RegExp (`^(a+)+$` on 30 characters blocks for seconds) and
//   cannot be replaced; a linear-time engine (re2js) was tried and adds
//   150 KB to the Lambda bundle, over the cold-start budget. Policies match
//   codes and text with startsWith, endsWith, contains and `in`;
// - comprehensions (map, filter, exists, all, exists_one) nested at most
//   LIMITS.maxComprehensionNesting deep; no list concatenation inside one
//   (list growth);
// - a cost estimate: every list at its schema maxItems, every string at its
//   maxLength, comprehensions multiply, concatenation/join/membership cost
//   their sizes; per expression and per policy at most LIMITS.max*Cost.
// Parse limits (AST nodes and depth) are set on the CEL environments.
import type { ASTNode } from '@marcbachmann/cel-js';
import type { PolicyIssue } from './errors';
import type { FactNode, ObjectNode } from './fact-schema';
import { LIMITS } from './limits';

/** Abstract value: an upper bound of its size (list length, string length, map entries). */
export interface Abs {
  kind: 'list' | 'string' | 'map' | 'object' | 'scalar' | 'unknown';
  size: number;
  elem?: Abs;
  fields?: Map<string, Abs>;
}

const SCALAR: Abs = { kind: 'scalar', size: 1 };
const UNKNOWN: Abs = { kind: 'unknown', size: LIMITS.maxFactListItems, elem: { kind: 'unknown', size: LIMITS.maxFactStringLength } };
const COMPREHENSIONS = new Set(['map', 'filter', 'exists', 'all', 'exists_one', 'existsOne']);
const NO_REGEX =
  'regular expressions (matches) are not allowed in policies: they can take exponential time; use startsWith, endsWith, contains or in';
const STRING_SCAN = new Set(['contains', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'lowerAscii', 'upperAscii', 'trim', 'substring']);

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

function join(a: Abs, b: Abs): Abs {
  if (a.kind !== b.kind) return a.kind === 'unknown' ? a : b.kind === 'unknown' ? b : { ...UNKNOWN, size: Math.max(a.size, b.size, UNKNOWN.size) };
  const elem = a.elem && b.elem ? join(a.elem, b.elem) : (a.elem ?? b.elem);
  return { kind: a.kind, size: Math.max(a.size, b.size), ...(elem ? { elem } : {}), ...(a.fields ? { fields: a.fields } : {}) };
}

export class BoundsContext {
  /** Sum of the estimated cost of every expression compiled so far. */
  total = 0;
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
      ['icd10Codes', { kind: 'list', size: LIMITS.maxIcd10Codes, elem: { kind: 'string', size: 10 } }],
      ['params', { kind: 'object', size: 1, fields: new Map(params) }],
    ]);
    return new BoundsContext(scope, enumPaths);
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
    const r = w.walk(ast, 0);
    if (issues.length > before) return null;
    if (r.cost > LIMITS.maxExpressionCost) {
      issues.push({ path, message: `CEL: the expression is too costly (estimated ${Math.round(r.cost)} steps with every list at its maxItems; the limit is ${LIMITS.maxExpressionCost})` });
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
    return { abs: UNKNOWN, cost: 0 };
  }

  walk(n: ASTNode, nesting: number, locals: Map<string, Abs> = new Map()): R {
    const sub = (x: ASTNode) => this.walk(x, nesting, locals);
    const args = n.args as unknown;
    switch (n.op) {
      case 'value':
        return { abs: typeof args === 'string' ? { kind: 'string', size: args.length } : SCALAR, cost: 1 };
      case 'id': {
        const name = args as string;
        return { abs: locals.get(name) ?? this.scope.get(name) ?? UNKNOWN, cost: 1 };
      }
      case '.':
      case '.?': {
        const [base, field] = args as [ASTNode, string];
        const b = sub(base);
        const f = b.abs.fields?.get(field) ?? (b.abs.kind === 'map' ? (b.abs.elem ?? UNKNOWN) : UNKNOWN);
        return { abs: f, cost: b.cost + 1 };
      }
      case '[]':
      case '[?]': {
        const [base, index] = args as [ASTNode, ASTNode];
        const b = sub(base);
        const i = sub(index);
        return { abs: b.abs.elem ?? UNKNOWN, cost: b.cost + i.cost + 1 };
      }
      case 'list': {
        const items = (args as ASTNode[]).map(sub);
        const elem = items.reduce<Abs | undefined>((a, r) => (a ? join(a, r.abs) : r.abs), undefined);
        return { abs: { kind: 'list', size: items.length, ...(elem ? { elem } : {}) }, cost: 1 + items.reduce((s, r) => s + r.cost, 0) };
      }
      case 'map': {
        const entries = (args as [ASTNode, ASTNode][]).map(([k, v]) => [sub(k), sub(v)] as const);
        const elem = entries.reduce<Abs | undefined>((a, [, v]) => (a ? join(a, v.abs) : v.abs), undefined);
        const key = entries.reduce<Abs | undefined>((a, [k]) => (a ? join(a, k.abs) : k.abs), undefined);
        // elem of a map: iterating gives keys, indexing gives values; keep the larger bound.
        const bound = key && elem ? join(key, elem) : (key ?? elem);
        return { abs: { kind: 'map', size: entries.length, ...(bound ? { elem: bound } : {}) }, cost: 1 + entries.reduce((s, [k, v]) => s + k.cost + v.cost, 0) };
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
      default: {
        // Binary operators, && and ||.
        const [l, r] = (args as [ASTNode, ASTNode]).map(sub) as [R, R];
        const cost = l.cost + r.cost + 1;
        if (n.op === '+') {
          if (l.abs.kind === 'list' || r.abs.kind === 'list' || l.abs.kind === 'unknown' || r.abs.kind === 'unknown') {
            if (nesting > 0 && (l.abs.kind === 'list' || r.abs.kind === 'list')) {
              return this.refuse('no list concatenation (+) inside a comprehension (map, filter, exists, all): it can grow lists without bound');
            }
            const size = l.abs.size + r.abs.size;
            const elem = l.abs.elem && r.abs.elem ? join(l.abs.elem, r.abs.elem) : (l.abs.elem ?? r.abs.elem);
            return { abs: { kind: l.abs.kind === 'unknown' ? r.abs.kind : l.abs.kind, size, ...(elem ? { elem } : {}) }, cost: cost + size };
          }
          if (l.abs.kind === 'string') return { abs: { kind: 'string', size: l.abs.size + r.abs.size }, cost: cost + l.abs.size + r.abs.size };
          return { abs: SCALAR, cost };
        }
        if (n.op === 'in') return { abs: SCALAR, cost: cost + r.abs.size * Math.max(1, l.abs.size) };
        if (n.op === '==' || n.op === '!=') return { abs: SCALAR, cost: cost + Math.max(l.abs.size, r.abs.size) };
        return { abs: SCALAR, cost };
      }
    }
  }

  private call(n: ASTNode, nesting: number, locals: Map<string, Abs>): R {
    const [name, list] = n.args as [string, ASTNode[]];
    const rs = list.map((x) => this.walk(x, nesting, locals));
    const cost = 1 + rs.reduce((s, r) => s + r.cost, 0);
    const first = rs[0]?.abs ?? SCALAR;
    switch (name) {
      case 'matches':
        return this.refuse(NO_REGEX);
      case 'displayValue': {
        const p = list[0];
        const longest = p && p.op === 'value' && typeof p.args === 'string' ? this.enumPaths.get(p.args) : undefined;
        if (longest === undefined) return this.refuse('the first argument of displayValue must be the literal dotted path of an enum fact, e.g. "nicotine.status"');
        return { abs: { kind: 'string', size: longest }, cost };
      }
      case 'string':
        return { abs: { kind: 'string', size: Math.max(32, first.kind === 'string' ? first.size : 0) }, cost: cost + first.size };
      case 'dyn':
        return { abs: first, cost };
      case 'size':
      case 'has':
        return { abs: SCALAR, cost };
      default:
        return { abs: SCALAR, cost: cost + first.size };
    }
  }

  private rcall(n: ASTNode, nesting: number, locals: Map<string, Abs>): R {
    const [name, receiver, list] = n.args as [string, ASTNode, ASTNode[]];
    const recv = this.walk(receiver, nesting, locals);
    if (COMPREHENSIONS.has(name)) {
      if (nesting + 1 > LIMITS.maxComprehensionNesting) {
        return this.refuse(`comprehensions (map, filter, exists, all) may be nested at most ${LIMITS.maxComprehensionNesting} deep`);
      }
      const v = list[0];
      if (!v || v.op !== 'id') return this.refuse(`${name} needs a variable name`);
      const inner = new Map(locals);
      inner.set(v.args, recv.abs.elem ?? UNKNOWN.elem ?? UNKNOWN);
      const bodies = list.slice(1).map((b) => this.walk(b, nesting + 1, inner));
      const per = bodies.reduce((s, r) => s + r.cost, 1);
      const n2 = recv.abs.size;
      const cost = recv.cost + n2 * per;
      if (name === 'map') {
        const last = bodies[bodies.length - 1];
        return { abs: { kind: 'list', size: n2, elem: last ? last.abs : UNKNOWN }, cost };
      }
      if (name === 'filter') return { abs: { kind: 'list', size: n2, ...(recv.abs.elem ? { elem: recv.abs.elem } : {}) }, cost };
      return { abs: SCALAR, cost };
    }
    if (name === 'matches') {
      return this.refuse(NO_REGEX);
    }
    const rs = list.map((x) => this.walk(x, nesting, locals));
    const cost = recv.cost + 1 + rs.reduce((s, r) => s + r.cost, 0);
    if (name === 'join') {
      const sep = rs[0]?.abs.size ?? 0;
      const size = recv.abs.size * ((recv.abs.elem?.size ?? UNKNOWN.size) + sep);
      return { abs: { kind: 'string', size }, cost: cost + size };
    }
    if (name === 'split') return { abs: { kind: 'list', size: recv.abs.size, elem: { kind: 'string', size: recv.abs.size } }, cost: cost + recv.abs.size };
    if (name === 'size') return { abs: SCALAR, cost };
    if (STRING_SCAN.has(name)) {
      const str = ['lowerAscii', 'upperAscii', 'trim', 'substring'].includes(name);
      return { abs: str ? { kind: 'string', size: recv.abs.size } : SCALAR, cost: cost + recv.abs.size * Math.max(1, rs[0]?.abs.size ?? 1) };
    }
    return { abs: UNKNOWN, cost: cost + recv.abs.size };
  }
}
