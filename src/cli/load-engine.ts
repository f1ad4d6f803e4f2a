import type * as Engine from './engine.js';

export type EngineModule = typeof Engine;

/**
 * Loads engine.ts as an ordinary module. This is what runs from source (tests); the bundle
 * replaces this module with load-engine-cached.ts (scripts/build.mjs), which has the same exports.
 */
export function loadEngine(): Promise<EngineModule> {
  return import('./engine.js');
}

/** Stores the V8 code cache of the engine after a run; nothing to store when running from source. */
export function storeEngineCache(): void {}

/** Whether V8 used the code cache: `source` when running from source. */
export function engineCacheStatus(): EngineCacheStatus {
  return 'source';
}

/** `stored`: there was no usable cache, and this run made one. */
export type EngineCacheStatus = 'source' | 'not-loaded' | 'absent' | 'accepted' | 'rejected' | 'stored';
