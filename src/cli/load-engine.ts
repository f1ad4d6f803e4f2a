import type * as Engine from './engine.js';

export type EngineModule = typeof Engine;

/**
 * Loads engine.ts as an ordinary module. This is what runs from source (tests); the bundle
 * replaces this module with load-engine-cached.ts (scripts/build.mjs), which has the same exports.
 */
export function loadEngine(): Promise<EngineModule> {
  return import('./engine.js');
}

/** The V8 code cache of the loaded engine, for the build to store; none when running from source. */
export function engineCodeCache(): Uint8Array | undefined {
  return undefined;
}

/** Whether V8 used the stored code cache: `source` when running from source. */
export function engineCacheStatus(): EngineCacheStatus {
  return 'source';
}

export type EngineCacheStatus = 'source' | 'not-loaded' | 'absent' | 'accepted' | 'rejected';
