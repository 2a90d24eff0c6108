// ESLint 9 flat config for the whole repository: packages (sources and tests), examples, scripts, benches and
// end-to-end tests. Type-aware (typescript-eslint through the TypeScript project service, which finds each file's
// project from tsconfig.json's references), Lit and web-component rules for the elements, and Prettier owning
// the layout (eslint-config-prettier turns off every style rule). `npm run lint` runs it with Prettier's check;
// `npm run format` fixes what can be fixed automatically.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code that runs in a browser page: the elements, the client, bench pages and the smoke page. */
const BROWSER = [
  'packages/core/src/**',
  'packages/elements/src/**',
  'examples/react/src/**',
  'bench/*/pages/**',
  'tests/support/smoke-page/**',
  'tests/browser/**',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      '.visitkit/**',
      'coverage/**',
      'test-results/**',
      'docs/api/**',
      'examples/portal/data/**',
      // Built and type-checked by their own toolchains (vue-tsc, ng build) against their own dependencies, which
      // `npm test` installs into each example only when the e2e suite runs (scripts/lib/examples.mjs).
      'examples/vue/**',
      'examples/angular/**',
      'reports/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // node:test's test()/describe() return promises that the runner itself awaits.
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
            // @open-wc/semantic-dom-diff types every chai `equal` as async (for `.dom.to.equal`); chai's own are sync.
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: ['Equal', 'equal'] },
            { from: 'package', package: 'chai', name: ['Equal', 'equal'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // `_`-prefixed names are deliberately unused (a parameter a signature requires, a skipped tuple element).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // STYLE.md: no `enum`, no `namespace`, no parameter properties; type-only imports stay type-only.
      '@typescript-eslint/no-namespace': 'error',
      '@typescript-eslint/parameter-properties': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'No enum: use an `as const` object and a union type (STYLE.md).' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Off: an async method that implements a Promise-returning contract (a store, a fake client, a stub
      // fetch) needs no `await`; the promise mistakes that matter are no-floating-promises' and no-misused-promises'.
      '@typescript-eslint/require-await': 'off',
      // Passing on a rejection reason we did not create (`promise.then(…, reject)`) is not inventing a non-Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  { files: BROWSER, languageOptions: { globals: { ...globals.browser } } },
  {
    // End-to-end tests and benchmarks hand functions to playwright's page.evaluate(), which run in the page.
    files: ['tests/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['**/*.test.ts', '**/test-support/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // The doc-test prelude declares the reader's own code in terms of the packages' types.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }] },
  },
  {
    // Lit elements: template and property rules, and the custom-element rules.
    files: ['packages/elements/src/**/*.ts'],
    // eslint-plugin-lit types its configs with the legacy (eslintrc) shape; the flat one is a flat config.
    .../** @type {import('eslint').Linter.Config} */ (lit.configs['flat/recommended']),
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    .../** @type {import('eslint').Linter.Config} */ (wc.configs['flat/recommended']),
  },
  {
    // Plain JavaScript (scripts, benches, e2e tests): types come from JSDoc and inference, and a value from an
    // untyped library is `any`, so the no-unsafe-* rules would flag every use of it; the promise rules stay on.
    files: ['**/*.mjs', '**/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Needs vite's types, which only the React example's own `npm install` brings (examples/react/tsconfig.node.json).
    files: ['examples/react/vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
