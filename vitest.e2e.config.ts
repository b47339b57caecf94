import { defineConfig } from 'vitest/config';

// Browser journeys in Debian's Chromium, with axe-core on every page.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
