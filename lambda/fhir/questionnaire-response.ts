// QuestionnaireResponse ⇄ clinicalFacts, guided by the policy's fact schema. linkIds are fact
// paths; a repeating group is a list of objects (one response item per element); a repeating
// item is a list of scalars (one answer per element). Only the shape is checked here: the
// core validates the facts against the policy (ranges, required fields, unknown facts) and
// its errors are pointed back at the response with expressionForFactPath.
import type { QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { answerKey, readFactTree, type FactJson, type FactsJson, type FactTreeNode, type PolicyQuestionnaireSource, type ScalarNode } from './fact-tree';
import { failed, ok, type Result } from '../engine/result';
import { issue, type FhirIssue } from './operation-outcome';
import { questionnaireId, questionnaireUrl } from './questionnaire';

// ---- facts → QuestionnaireResponse ------------------------------------------------------

export function factsToQuestionnaireResponse(
  facts: FactsJson,
  policy: PolicyQuestionnaireSource,
  options: { canonicalBase?: string; id?: string; subjectReference?: string } = {},
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    ...(options.id ? { id: options.id } : {}),
    questionnaire: questionnaireUrl(policy.id, policy.version, options.canonicalBase),
    status: 'completed',
    ...(options.subjectReference ? { subject: { reference: options.subjectReference } } : {}),
    item: itemsFor(readFactTree(policy.factSchema), facts),
  };
}

function itemsFor(nodes: FactTreeNode[], obj: { [k: string]: FactJson }): QuestionnaireResponseItem[] {
  const out: QuestionnaireResponseItem[] = [];
  for (const n of nodes) {
    const name = n.linkId.slice(n.linkId.lastIndexOf('.') + 1);
    const v = obj[name];
    if (v === undefined || v === null) continue;
    if (n.kind === 'group') {
      // An empty list has no response item: it reads back as an absent fact (same meaning).
      const elements = n.repeats ? (Array.isArray(v) ? v : []) : [v];
      for (const el of elements) {
        if (typeof el === 'object' && el !== null && !Array.isArray(el)) {
          out.push({ linkId: n.linkId, text: n.text, item: itemsFor(n.children, el) });
        }
      }
    } else {
      const values = n.repeats ? (Array.isArray(v) ? v : []) : [v];
      if (values.length === 0) continue;
      out.push({ linkId: n.linkId, text: n.text, answer: values.map((x) => answerFor(n, x)) });
    }
  }
  return out;
}

/** A scalar answer as text (an object, which the fact tree never puts here, as JSON). */
const textOf = (v: FactJson): string =>
  Array.isArray(v) ? v.map((x) => (x === null ? '' : textOf(x))).join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);

function answerFor(n: ScalarNode, v: FactJson): QuestionnaireResponseItemAnswer {
  switch (n.type) {
    case 'choice': {
      const display = n.options?.find((o) => o.value === v)?.display;
      return { valueCoding: { code: textOf(v), ...(display ? { display } : {}) } };
    }
    case 'date':
      return { valueDate: textOf(v) };
    case 'string':
      return { valueString: textOf(v) };
    case 'integer':
      return { valueInteger: Number(v) };
    case 'decimal':
      return { valueDecimal: Number(v) };
    case 'boolean':
      return { valueBoolean: Boolean(v) };
  }
}

// ---- QuestionnaireResponse → facts ------------------------------------------------------

type QrItem = { linkId: string; item?: QrItem[] | undefined; answer?: Answer[] | undefined };
type Answer = Record<string, unknown> & { item?: unknown[] | undefined };

const answerSchema = z.looseObject({ item: z.optional(z.array(z.unknown())) });
const itemSchema: z.ZodMiniType<QrItem> = z.looseObject({
  linkId: z.string().check(z.minLength(1)),
  get item() {
    return z.optional(z.array(itemSchema));
  },
  answer: z.optional(z.array(answerSchema)),
});
const qrSchema = z.looseObject({
  resourceType: z.literal('QuestionnaireResponse'),
  questionnaire: z.optional(z.string()),
  status: z.enum(['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped']),
  item: z.optional(z.array(itemSchema)),
});

/** Fact path (`diagnosticInjections.0.date`) → FHIRPath of the response element that carried it. */
export type FactLocations = Record<string, string>;

export type QuestionnaireResponseParse = Result<{ facts: FactsJson; locations: FactLocations; questionnaire: string | null }, FhirIssue>;

/** A zod issue path as a FHIRPath suffix: ['item', 2, 'linkId'] → `.item[2].linkId`. */
export const zodPathExpression = (base: string, path: readonly PropertyKey[]) =>
  base + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/**
 * Converts a QuestionnaireResponse to the clinicalFacts object the GraphQL door accepts.
 * `base` is the FHIRPath of the response in the submitted resource, e.g.
 * `Bundle.entry[3].resource`; every issue's expression starts with it.
 */
export function questionnaireResponseToFacts(qr: unknown, policy: PolicyQuestionnaireSource, base: string): QuestionnaireResponseParse {
  const parsed = qrSchema.safeParse(qr);
  if (!parsed.success) {
    return failed(
      parsed.error.issues.map((i) =>
        issue(i.path.length === 0 || i.code !== 'invalid_type' ? 'structure' : 'required', `QuestionnaireResponse: ${i.message}`, zodPathExpression(base, i.path)),
      ),
    );
  }
  const r = parsed.data;
  if (r.status === 'entered-in-error' || r.status === 'stopped') {
    return { ok: false, errors: [issue('value', 'The QuestionnaireResponse must be completed (status completed or amended).', `${base}.status`)] };
  }
  const expected = questionnaireId(policy.id, policy.version);
  const ctx: Ctx = { issues: [], locations: {} };
  const facts = readGroup(readFactTree(policy.factSchema), r.item ?? [], base, '', ctx, expected);
  return ctx.issues.length > 0 ? failed(ctx.issues) : ok({ facts, locations: ctx.locations, questionnaire: r.questionnaire ?? null });
}

interface Ctx {
  issues: FhirIssue[];
  locations: FactLocations;
}

function readGroup(
  nodes: FactTreeNode[],
  items: QrItem[],
  base: string,
  factPrefix: string,
  ctx: Ctx,
  questionnaire: string,
): { [k: string]: FactJson } {
  const out: { [k: string]: FactJson } = {};
  const byLinkId = new Map(nodes.map((n) => [n.linkId, n]));
  items.forEach((it, i) => {
    const at = `${base}.item[${i}]`;
    const n = byLinkId.get(it.linkId);
    if (!n) {
      ctx.issues.push(issue('invalid', `linkId "${it.linkId}" is not a question of Questionnaire ${questionnaire} at this level.`, `${at}.linkId`));
      return;
    }
    const name = n.linkId.slice(n.linkId.lastIndexOf('.') + 1);
    const factPath = factPrefix ? `${factPrefix}.${name}` : name;
    if (n.kind === 'group') {
      if (it.answer && it.answer.length > 0) {
        ctx.issues.push(issue('structure', `"${n.linkId}" is a group: it takes nested items, not answers.`, `${at}.answer[0]`));
        return;
      }
      if (!n.repeats && name in out) {
        ctx.issues.push(issue('structure', `"${n.linkId}" does not repeat: it may appear only once.`, at));
        return;
      }
      if (n.repeats) {
        const list = (out[name] ??= []) as FactJson[];
        const elPath = `${factPath}.${list.length}`;
        ctx.locations[elPath] = at;
        list.push(readGroup(n.children, it.item ?? [], at, elPath, ctx, questionnaire));
      } else {
        ctx.locations[factPath] = at;
        out[name] = readGroup(n.children, it.item ?? [], at, factPath, ctx, questionnaire);
      }
      return;
    }
    if (it.item && it.item.length > 0) {
      ctx.issues.push(issue('structure', `"${n.linkId}" is a question: it takes answers, not nested items.`, `${at}.item[0]`));
      return;
    }
    const answers = it.answer ?? [];
    if (answers.length === 0) return; // unanswered: the fact is absent
    if (!n.repeats && (name in out || answers.length > 1)) {
      const where = name in out ? at : `${at}.answer[1]`;
      ctx.issues.push(issue('structure', `"${n.linkId}" does not repeat: it takes a single answer.`, where));
      return;
    }
    const values: FactJson[] = [];
    const existing = n.repeats && Array.isArray(out[name]) ? (out[name]).length : 0;
    answers.forEach((a, j) => {
      const aAt = `${at}.answer[${j}]`;
      const v = readAnswer(n, a, aAt, ctx);
      if (v === undefined) return;
      ctx.locations[n.repeats ? `${factPath}.${existing + values.length}` : factPath] = aAt;
      values.push(v);
    });
    if (n.repeats) {
      // One item per answer is accepted as well as one item with several answers.
      ctx.locations[factPath] ??= at;
      out[name] = [...((out[name] as FactJson[] | undefined) ?? []), ...values];
    } else if (values.length === 1) out[name] = values[0]!;
  });
  return out;
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function readAnswer(n: ScalarNode, a: Answer, at: string, ctx: Ctx): FactJson | undefined {
  if (a.item && a.item.length > 0) {
    ctx.issues.push(issue('structure', `Answers to "${n.linkId}" take no nested items.`, `${at}.item[0]`));
    return undefined;
  }
  const key = answerKey(n.type);
  const given = Object.keys(a).filter((k) => k.startsWith('value'));
  const wrong = (msg: string, where = at) => {
    ctx.issues.push(issue('value', msg, where));
    return undefined;
  };
  if (given.length !== 1 || given[0] !== key) return wrong(`"${n.linkId}" is answered with ${key}.`);
  const v = a[key];
  switch (n.type) {
    case 'choice': {
      const coding = a.valueCoding;
      const code = typeof coding === 'object' && coding !== null ? (coding as { code?: unknown }).code : undefined;
      if (typeof code !== 'string') return wrong(`"${n.linkId}" needs valueCoding.code.`, `${at}.valueCoding`);
      if (!n.options?.some((o) => o.value === code)) {
        ctx.issues.push(
          issue('code-invalid', `"${n.linkId}" must be one of: ${n.options?.map((o) => o.value).join(', ')}.`, `${at}.valueCoding.code`),
        );
        return undefined;
      }
      return code;
    }
    case 'date':
      return typeof v === 'string' && FULL_DATE.test(v) ? v : wrong(`"${n.linkId}" needs a full date (YYYY-MM-DD).`, `${at}.valueDate`);
    case 'string':
      return typeof v === 'string' ? v : wrong(`"${n.linkId}" needs valueString.`, `${at}.valueString`);
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return wrong(`"${n.linkId}" needs an integer.`, `${at}.valueInteger`);
      if (n.options && !n.options.some((o) => o.value === v)) {
        return wrong(`"${n.linkId}" must be one of: ${n.options.map((o) => o.value).join(', ')}.`, `${at}.valueInteger`);
      }
      return v;
    case 'decimal':
      return typeof v === 'number' && Number.isFinite(v) ? v : wrong(`"${n.linkId}" needs a decimal.`, `${at}.valueDecimal`);
    case 'boolean':
      return typeof v === 'boolean' ? v : wrong(`"${n.linkId}" needs a boolean.`, `${at}.valueBoolean`);
  }
}

/**
 * The expression for a core fact error's path (FactError.field, e.g. ["diagnosticInjections",
 * "0", "date"]): the answer or item that carried it, else its nearest answered ancestor (a
 * missing required field points at its group), else `fallback` (the response itself).
 */
export function expressionForFactPath(locations: FactLocations, field: readonly string[], fallback: string): string {
  for (let n = field.length; n > 0; n--) {
    const hit = locations[field.slice(0, n).join('.')];
    if (hit) return hit;
  }
  return fallback;
}
