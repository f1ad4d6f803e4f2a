import { defineConfig } from 'vitest/config';

// The end-to-end suite: real programs, one stack at a time (2 cores), so files run one after another.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ['default', './test/e2e/support/report.ts'],
  },
});
