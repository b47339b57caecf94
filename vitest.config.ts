import { defineConfig } from 'vitest/config';

// Unit, database and HTTP tests. The same suite runs on PGlite and, when EQUALIS_TEST_DATABASE_URL
// is set (bin/run-tests.js does this), against a real PostgreSQL server.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
