/**
 * graphql-js repeats the offending input in some messages: variable coercion prints the
 * whole invalid value (for a missing field, the entire input object, clinical facts
 * included), scalars print the value they could not parse, literal checks print the
 * literal. `redactInputEcho` rewrites those messages keeping only schema-derived text
 * (variable name, path, type, field and enum names); other messages pass unchanged.
 *
 * Idempotent (errors are masked twice, by `formatError` and by the plugin): a rewritten
 * message rewrites to itself. Every rewrite is assembled from fixed text and captures restricted to GraphQL names, so
 * whatever a value contains, none of it reaches the output beyond name-shaped tokens.
 */
const NAME = String.raw`[_A-Za-z][_0-9A-Za-z]*`;
const TYPE = String.raw`[_A-Za-z][_0-9A-Za-z!\[\]]*`;
/** ` at "input.requestedService.icd10Codes[1]"` (capture 1). */
const PATH = String.raw`(?: at "(${NAME}(?:\.${NAME}|\[\d+\])*)")?`;
/** graphql-js's suggestion suffix, schema names only (kept; removed in prod by field-suggestions). */
const SUGGESTION = String.raw`(?: Did you mean (?:the enum value )?(?:"${NAME}"(?:, or |, | or )?)+\?)?`;

type Rewrite = [RegExp, (m: RegExpExecArray) => string];
const re = (source: string) => new RegExp(source, 's');

/** The reason a scalar gives for refusing a value, without the value. */
const scalarReason = (type: string, kind: string | undefined) =>
  `${type} cannot represent ${kind ? `${kind} ` : 'this '}value.`;
const SCALAR = String.raw`(${NAME}|Enum "${NAME}") cannot represent(?: ([a-z0-9 -]{0,40}?) value)?.*`;
const ENUM = String.raw`Value(?: ".*")? does not exist in "(${NAME})" enum\.(${SUGGESTION})`;

/** Reasons of `Variable "$x" got invalid value <value>[ at "<path>"]; <reason>`, at the end. */
const VARIABLE_REASONS: Rewrite[] = [
  [re(String.raw`${PATH}; (Field "${NAME}" of required type "${TYPE}" was not provided\.)$`), (m) => m[2]!],
  [re(String.raw`${PATH}; (Field "${NAME}" is not defined by type "${NAME}"\.${SUGGESTION})$`), (m) => m[2]!],
  [re(String.raw`${PATH}; (Field "${NAME}" must be non-null\.)$`), (m) => m[2]!],
  [re(String.raw`${PATH}; (Expected non-nullable type "${TYPE}" not to be null\.)$`), (m) => m[2]!],
  [re(String.raw`${PATH}; (Expected type "${NAME}" to be an object\.)$`), (m) => m[2]!],
  [re(String.raw`${PATH}; (Exactly one key must be specified for OneOf type "${NAME}"\.)$`), (m) => m[2]!],
  [re(String.raw`${PATH}; ${ENUM}$`), (m) => `Value does not exist in "${m[2]}" enum.${m[3] ?? ''}`],
  [re(String.raw`${PATH}; (Expected type "${NAME}"\.)(?: .*)?$`), (m) => m[2]!],
  [re(String.raw`${PATH}; ${SCALAR}$`), (m) => scalarReason(m[2]!, m[3])],
];

/** Messages of literal checks (validation) that print the literal. */
const LITERAL_REWRITES: Rewrite[] = [
  [re(String.raw`^(Expected value of type "${TYPE}"), found .*$`), (m) => `${m[1]}.`],
  [re(String.raw`^${ENUM}$`), (m) => `Value does not exist in "${m[1]}" enum.${m[2] ?? ''}`],
  [re(String.raw`^${SCALAR}$`), (m) => scalarReason(m[1]!, m[2])],
];

const VARIABLE = new RegExp(String.raw`^Variable "\$(${NAME})" got invalid value `);
const ANY_PATH = new RegExp(String.raw` at "(${NAME}(?:\.${NAME}|\[\d+\])*)"(?:; |\.$)`, 'g');

export function redactInputEcho(message: string): string {
  const variable = VARIABLE.exec(message);
  if (variable) {
    const head = `Variable "$${variable[1]}" got invalid value`;
    for (const [pattern, rewrite] of VARIABLE_REASONS) {
      const m = pattern.exec(message);
      if (m) return `${head}${m[1] ? ` at "${m[1]}"` : ''}; ${rewrite(m)}`;
    }
    const path = [...message.matchAll(ANY_PATH)].pop()?.[1];
    return `${head}${path ? ` at "${path}"` : ''}.`;
  }
  for (const [pattern, rewrite] of LITERAL_REWRITES) {
    const m = pattern.exec(message);
    if (m) return rewrite(m);
  }
  return message;
}
