// ESLint (flat config). `npm run lint` runs it (no --cache: a cached file is not re-linted when
// a file it imports changes, so typed results could be stale), then
// knip (knip.json) for unused files, exports and dependencies.
//
// typescript-eslint's recommended TYPE-CHECKED rules run on the code that ships (lambda/),
// with type information from lambda/tsconfig.json through the project service: a program of
// the Lambda code only, so a cold run stays well within the 60 s a lint may take (about 25 s
// of CPU in all). Typed linting of the whole repository (aws-cdk-lib's types, every test) took
// about a minute of CPU and found 1,100 `any` probes in tests. Everything else (infra,
// policies, scripts, bench, tests) gets the recommended rules without type information;
// `tsc --noEmit` (npm run typecheck) still type-checks all of it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SHIPPED = ['lambda/**/*.ts'];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'cdk.out/', 'coverage/', '.data/', 'bench/.build/', 'bench/results/', 'lambda/generated/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    ignores: SHIPPED,
    extends: [tseslint.configs.recommended],
  },
  {
    files: SHIPPED,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      // A leading underscore marks a value dropped on purpose (a key omitted by rest
      // destructuring, an unused callback parameter): the usual convention, made explicit.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: SHIPPED,
    rules: {
      // Apollo's plugin hooks and the Lambda integration's middleware must return Promises
      // (their types say so); an `async` hook with nothing to await is how they are written.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks probe JSON answers (GraphQL, FHIR, CloudFormation templates) whose
      // shape is what they assert; `any` there is a probe, not a boundary. The shipped code
      // (lambda/) keeps no-explicit-any and the type-checked no-unsafe-* rules.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript (scripts, bench probes, this file) runs in Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
);
