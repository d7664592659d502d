// A policy's fact schema as a DTR-style FHIR R4 Questionnaire. Each item's linkId is the
// fact's dot-separated path, so a QuestionnaireResponse maps one-to-one back to the
// clinicalFacts object (questionnaire-response.ts). Contract: "The FHIR door".
import type { Extension, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { readFactTree, type FactTreeNode, type PolicyQuestionnaireSource } from './fact-tree';

/** Default canonical base for the Questionnaires' `url`; the deployment may pass its own. */
export const DEFAULT_CANONICAL_BASE = 'https://medical-necessity.example.org/fhir';

/** `{policyId}-v{version}`: the Questionnaire's id (contract). */
export const questionnaireId = (policyId: string, version: number) => `${policyId}-v${version}`;

export const questionnaireUrl = (policyId: string, version: number, canonicalBase = DEFAULT_CANONICAL_BASE) =>
  `${canonicalBase.replace(/\/+$/, '')}/Questionnaire/${questionnaireId(policyId, version)}`;

/** Parses `…Questionnaire/{policyId}-v{version}` (optionally `|version`) or a bare id. */
export function parseQuestionnaireRef(ref: string): { policyId: string; version: number } | null {
  const m = /(?:^|\/)([A-Za-z0-9][A-Za-z0-9-]*)-v(\d{1,6})(?:\|[^|]*)?$/.exec(ref.trim());
  return m ? { policyId: m[1]!, version: Number(m[2]) } : null;
}

const EXT = 'http://hl7.org/fhir/StructureDefinition';

export function buildQuestionnaire(
  policy: PolicyQuestionnaireSource,
  options: { canonicalBase?: string; effectiveFrom?: string } = {},
): Questionnaire {
  const id = questionnaireId(policy.id, policy.version);
  return {
    resourceType: 'Questionnaire',
    id,
    url: questionnaireUrl(policy.id, policy.version, options.canonicalBase),
    version: String(policy.version),
    // `name` is machine-friendly (inv-0: starts upper-case, letters/digits/underscore).
    name: `Policy_${policy.id.replace(/[^A-Za-z0-9]/g, '_')}_v${policy.version}`,
    title: `${policy.title}: clinical facts`,
    status: 'active',
    subjectType: ['Patient'],
    ...(options.effectiveFrom ? { effectivePeriod: { start: options.effectiveFrom } } : {}),
    item: readFactTree(policy.factSchema).map(toItem),
  };
}

function toItem(n: FactTreeNode): QuestionnaireItem {
  const ext: Extension[] = [];
  if (n.repeats && n.maxItems !== undefined) ext.push({ url: `${EXT}/questionnaire-maxOccurs`, valueInteger: n.maxItems });
  const common = { linkId: n.linkId, text: n.text, ...(n.required ? { required: true } : {}), ...(n.repeats ? { repeats: true } : {}) };
  if (n.kind === 'group') {
    return { ...common, type: 'group', ...(ext.length ? { extension: ext } : {}), item: n.children.map(toItem) };
  }
  // Bounds as the standard minValue/maxValue extensions, typed like the answers.
  const bound = (key: 'minValue' | 'maxValue', v: number | undefined) => {
    if (v === undefined) return;
    ext.push(n.type === 'integer' ? { url: `${EXT}/${key}`, valueInteger: v } : { url: `${EXT}/${key}`, valueDecimal: v });
  };
  if (n.type === 'integer' || n.type === 'decimal') {
    bound('minValue', n.minimum);
    bound('maxValue', n.maximum);
  }
  const item: QuestionnaireItem = { ...common, type: n.type, ...(ext.length ? { extension: ext } : {}) };
  if (n.type === 'string' && n.maxLength !== undefined) item.maxLength = n.maxLength;
  if (n.options) {
    item.answerOption = n.options.map((o) =>
      typeof o.value === 'number' ? { valueInteger: o.value } : { valueCoding: { code: o.value, display: o.display } },
    );
  }
  return item;
}
