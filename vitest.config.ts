import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The test files of one worker share their modules: loading src/, yaml and ajv once per worker
    // rather than once per file halves the suite's CPU time. Tests therefore leave no global state
    // behind (no module mocks, no changed process.env).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
