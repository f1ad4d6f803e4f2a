// The bundle's entry (dist/cli.cjs): the CLI, and what the tests and the benchmark read about the
// engine's code cache.
export { main } from './main.js';
export { engineCacheStatus } from './load-engine.js';
