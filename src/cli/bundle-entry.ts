// The bundle's entry (dist/cli.js): the CLI, and what scripts/build.mjs and the benchmark read
// about the engine's code cache.
export { main } from './main.js';
export { engineCacheStatus, engineCodeCache } from './load-engine.js';
