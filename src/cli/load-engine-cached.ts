import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { EngineCacheStatus, EngineModule } from './load-engine.js';

/*
 * In the bundle, load-engine.ts is replaced by this module. Node 20 has no compile cache for ES
 * modules (module.enableCompileCache arrived in 22.1), so the engine is bundled as CommonJS and
 * compiled here with a V8 code cache. V8 accepts a cache only from the same V8 build, flags and
 * source, so the cache is made where perfect-gen runs, never shipped: the first run compiles from
 * source and then stores the code of everything it ran in the user's cache folder; later runs
 * start from compiled code. Any failure to read or write the cache is silent: it changes speed,
 * never behaviour.
 */

/** The sha-256 prefix of engine.cjs, set by scripts/build.mjs: a rebuilt engine never meets an old cache. */
declare const __PERFECT_GEN_ENGINE_ID__: string;

const engineFile = 'engine.cjs';

/** Module.wrap's shape; the cache belongs to this exact text. */
const wrapperStart = '(function (exports, require, module, __filename, __dirname) { ';
const wrapperEnd = '\n});';

let script: Script | undefined;
let cacheFile: string | undefined;
let status: EngineCacheStatus = 'not-loaded';
let engine: EngineModule | undefined;

export async function loadEngine(): Promise<EngineModule> {
  engine ??= compileEngine();
  return engine;
}

export function engineCacheStatus(): EngineCacheStatus {
  return status;
}

/** After a run that compiled from source: stores the code it compiled, for the next run. */
export function storeEngineCache(): void {
  if (!script || !cacheFile || (status !== 'absent' && status !== 'rejected')) return;
  try {
    // Private to the user: the cache holds code this process will run.
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    // Written beside and renamed, so a concurrent run reads the old cache or the new one, never half.
    const staging = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(staging, script.createCachedData());
    renameSync(staging, cacheFile);
    status = 'stored';
  } catch {
    // A read-only home or a full disk only means the next run compiles from source too.
  }
}

function compileEngine(): EngineModule {
  const url = new URL(`./${engineFile}`, import.meta.url);
  const filename = fileURLToPath(url);
  cacheFile = cachePath();
  const cachedData = cacheFile === undefined ? undefined : readOptional(cacheFile);
  // The build checks that engine.cjs is ASCII (esbuild escapes the rest), which latin1 reads fastest.
  script = new Script(wrapperStart + readFileSync(url, 'latin1') + wrapperEnd, { filename, ...(cachedData && { cachedData }) });
  status = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module = { exports: {} as EngineModule };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(filename), module, filename, dirname(filename));
  return module.exports;
}

/** One file per engine build, V8 version and architecture, in the folder the OS keeps for caches. */
function cachePath(): string | undefined {
  try {
    return join(cacheFolder(), `engine-${__PERFECT_GEN_ENGINE_ID__}-${process.versions.v8}-${process.arch}.cache`);
  } catch {
    return undefined;
  }
}

function cacheFolder(): string {
  const env = process.env;
  if (process.platform === 'win32') return join(env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local'), 'perfect-gen', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'perfect-gen');
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'perfect-gen');
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
