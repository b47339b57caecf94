import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through src/config.ts, once, at start-up.',
        },
      ],
    },
  },
  {
    // The progressive-enhancement scripts run in the browser.
    files: ['src/platform/assets/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    // Only the config module, the CLI launchers and test/bench harnesses may read the environment.
    files: ['src/config.ts', 'bin/**', 'scripts/**', 'test/**', 'bench/**', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // SQL belongs in repositories and migrations only (DESIGN.md: "the only place with SQL").
    files: ['src/features/**/*.ts', 'src/platform/**/*.ts'],
    ignores: ['**/*.repo.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', allowTypeImports: true, message: 'SQL lives in *.repo.ts files.' }] },
      ],
    },
  },
  {
    // stats/ holds pure functions: no I/O, no web framework.
    files: ['src/stats/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['fastify', 'kysely', 'node:fs', 'node:http', 'pg', '@electric-sql/*'] },
      ],
    },
  },
);
