/**
 * GraphiQL 3's variables editor (codemirror-graphql's lint) checks a custom scalar's value
 * as if it had to be a string, number or boolean, so the explorer's own Preview and Submit
 * examples, whose `clinicalFacts` is a JSON object as the `JSONObject` scalar requires, showed
 * a false "Expected value of type "JSONObject"" squiggle. GraphiQL 3 has no option for it
 * (GraphiQL 5's `customScalarSchemas` is the upstream answer); so this wraps the registered
 * lint helper and drops exactly that message where the value is a JSON object. Every other
 * finding (a wrong type anywhere else, a string where JSONObject wants an object) stays.
 */
import CodeMirror from 'codemirror';
// Registers the 'graphql-variables' lint helper now, so that it can be wrapped; GraphiQL's
// later import of the same module finds it evaluated already.
import 'codemirror-graphql/esm/variables/lint.js';

/** The custom scalars of schema/schema.graphql whose values are JSON objects. */
const OBJECT_SCALARS = new Set(['JSONObject']);

type LintError = { message: string; from: CodeMirror.Position; to: CodeMirror.Position };
type Lint = (text: string, options: unknown, editor: CodeMirror.Editor) => LintError[];

const registered = (CodeMirror as unknown as { helpers?: { lint?: Record<string, Lint | undefined> } }).helpers?.lint?.['graphql-variables'];
if (registered) {
  const original = registered;
  CodeMirror.registerHelper('lint', 'graphql-variables', (text: string, options: unknown, editor: CodeMirror.Editor) =>
    original(text, options, editor).filter((e) => {
      const scalar = /^Expected value of type "(\w+)"\.$/.exec(e.message)?.[1];
      return !(scalar && OBJECT_SCALARS.has(scalar) && editor.getRange(e.from, e.to).trimStart().startsWith('{'));
    }),
  );
}
