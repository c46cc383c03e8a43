// Lint rules of Parallax (docs/pipeline.md, "Code rules"). Run with `npm run lint` (also part of `npm test`).
import tseslint from 'typescript-eslint';

/**
 * Functions over the limit, each a burn-down item: split it into named steps, then delete its line here.
 * Paths are relative to the repository root.
 */
const LONG_FUNCTIONS = [
  'e2e/web.test.ts', // one describe callback (153)
  'src/server/app.ts', // createApp (135)
  'src/server/routes.ts', // apiRoutes (430)
];

/** Files still using `any`, each a burn-down item (count in the comment). */
const EXPLICIT_ANY = [
  'e2e/web.test.ts', // 8: page.evaluate results
  'src/server/load.test.ts', // 1
  'src/server/server.test.ts', // 2
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    // Some files carry directives for no-control-regex from an earlier setup; they are harmless here.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: LONG_FUNCTIONS, rules: { 'max-lines-per-function': 'off' } },
  { files: EXPLICIT_ANY, rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
