// The bundle's entry (dist/cli.cjs): the CLI, and what scripts/build.mjs and the benchmark read
// about the engine's code cache.
export { main } from './main.js';
export { engineCacheStatus, engineCodeCache } from './load-engine.js';
