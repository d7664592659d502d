/**
 * graphql-js repeats the offending input in some messages: variable coercion prints the
 * whole invalid value (for a missing field, the entire input object, clinical facts
 * included), scalars print the value they could not parse, literal checks print the
 * literal. These rewrite such messages to keep only schema-derived text: the variable
 * name, the path, the type and field names.
 */
const NAME = String.raw`[_A-Za-z][_0-9A-Za-z]*`;
const TYPE = String.raw`[_0-9A-Za-z!\[\]]+`;
const PATH = String.raw`(?: at "(${NAME}(?:\.${NAME}|\[\d+\])*)")?`;

/** Reasons made only of schema names, kept whole; matched at the end of the message. */
const SAFE_REASONS = [
  new RegExp(String.raw`${PATH}; (Field "${NAME}" of required type "${TYPE}" was not provided\.)$`),
  new RegExp(String.raw`${PATH}; (Field "${NAME}" is not defined by type "${NAME}"\.)(?: Did you mean .*\?)?$`, 's'),
  new RegExp(String.raw`${PATH}; (Expected non-nullable type "${TYPE}" not to be null\.)$`),
  new RegExp(String.raw`${PATH}; (Expected type "${NAME}" to be an object\.)$`),
  new RegExp(String.raw`${PATH}; (Exactly one key must be specified for OneOf type "${NAME}"\.)$`),
  // Leaf values: keep the expected type, drop the scalar's own message (it prints the value).
  new RegExp(String.raw`${PATH}; (Expected type "${NAME}"\.)(?: .*)?$`, 's'),
];

const VARIABLE = new RegExp(String.raw`^Variable "\$(${NAME})" got invalid value `);
const ANY_PATH = new RegExp(String.raw` at "(${NAME}(?:\.${NAME}|\[\d+\])*)"; `, 'g');

export function redactInputEcho(message: string): string {
  const variable = VARIABLE.exec(message);
  if (variable) {
    const head = `Variable "$${variable[1]}" got invalid value`;
    for (const reason of SAFE_REASONS) {
      const m = reason.exec(message);
      if (m) return `${head}${m[1] ? ` at "${m[1]}"` : ''}; ${m[2]}`;
    }
    const path = [...message.matchAll(ANY_PATH)].pop()?.[1];
    return `${head}${path ? ` at "${path}"` : ''}.`;
  }
  // Literals in the document: `Expected value of type "Int", found "abc"; ...`.
  const literal = new RegExp(String.raw`^(Expected value of type "${TYPE}"), found .*$`, 's').exec(message);
  if (literal) return `${literal[1]}.`;
  // Scalar literal errors: `Int cannot represent non-integer value: 1.5`.
  const scalar = new RegExp(String.raw`^((?:Enum "${NAME}"|${NAME}) cannot represent [^:"]*? value): .*$`, 's').exec(message);
  if (scalar) return `${scalar[1]}.`;
  return message;
}
