import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { EngineCacheStatus, EngineModule } from './load-engine.js';

/*
 * In the bundle, load-engine.ts is replaced by this module. Node 20 has no compile cache for ES
 * modules (module.enableCompileCache arrived in 22.1), so the engine is bundled as CommonJS and
 * compiled here with the V8 code cache that scripts/build.mjs stored after a warm-up build.
 * V8 checks the cache against its version, flags and the source, and silently compiles from
 * source when it does not fit (another Node version): the cache changes speed, never behaviour.
 */

const engineFile = 'engine.cjs';
const engineCacheFile = 'engine.cache';

/**
 * Module.wrap's shape. The build makes the cache through this loader, so from this very text; V8
 * rejects a cache made from any other.
 */
const wrapperStart = '(function (exports, require, module, __filename, __dirname) { ';
const wrapperEnd = '\n});';

let script: Script | undefined;
let status: EngineCacheStatus = 'not-loaded';
let engine: EngineModule | undefined;

export async function loadEngine(): Promise<EngineModule> {
  engine ??= compileEngine();
  return engine;
}

export function engineCodeCache(): Uint8Array | undefined {
  return script?.createCachedData();
}

export function engineCacheStatus(): EngineCacheStatus {
  return status;
}

function compileEngine(): EngineModule {
  const url = new URL(`./${engineFile}`, import.meta.url);
  const filename = fileURLToPath(url);
  const cachedData = readOptional(new URL(`./${engineCacheFile}`, import.meta.url));
  // The build checks that engine.cjs is ASCII (esbuild escapes the rest), which latin1 reads fastest.
  script = new Script(wrapperStart + readFileSync(url, 'latin1') + wrapperEnd, { filename, ...(cachedData && { cachedData }) });
  status = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module = { exports: {} as EngineModule };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(filename), module, filename, dirname(filename));
  return module.exports;
}

function readOptional(url: URL): Buffer | undefined {
  try {
    return readFileSync(url);
  } catch {
    return undefined;
  }
}
