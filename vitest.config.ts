import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The test files of one worker share their modules: loading src/, yaml and ajv once per worker
    // rather than once per file halves the suite's CPU time. Tests therefore leave no global state
    // behind (no module mocks, no changed process.env).
    isolate: false,
    // Vitest leaves a core to its main process, which would run a 2-core machine's suite on one worker; many
    // tests wait on child processes (the CLI, sh, python3, go), so two workers overlap those waits.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
