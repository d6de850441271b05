// ESLint flat config: typescript-eslint's type-checked recommended rules plus the house style
// (two-space indent, single quotes, semicolons, 150 columns). `npm run lint` runs it; test/lint.test.ts runs it in `npm test`.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // imports/ is `cdk8s import` output, never edited by hand; dist/ and .tools/ are build output.
    ignores: ['imports/**', 'dist/**', 'node_modules/**', '.tools/**', 'cdk8s.out/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/indent': ['error', 2],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'never' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/max-len': ['error', { code: 150, ignoreUrls: true }],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests walk synthesized manifests: `Testing.synth()` returns `any[]`, and each test asserts on the untyped JSON it reads
    // (`find(manifests, 'Service', 'broker').spec.ports`). Typing every manifest only to read it back would add casts, not
    // safety; the library code under lib/ and bin/ keeps these rules.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `toThrow(/^…$/)` pins one whole error message; a regex literal split across lines reads worse than a long line.
      '@stylistic/max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Plain JavaScript (this file, jest.config.js): no type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
