import { emitAuthentik } from './authentik/index.js';
import { emitPrefectProject } from './prefect/index.js';
import { emitRunbook } from './runbook/index.js';
import { emitTraefik } from './traefik/index.js';
import type { Emitter } from './types.js';
import { emitVault } from './vault/index.js';

/**
 * One emitter per artifact kind, except the compose file and the manifest: both name hashes of other
 * artifacts, so the pipeline adds them afterwards (src/core/compile.ts).
 */
export const emitters: readonly Emitter[] = [emitTraefik, emitVault, emitAuthentik, emitPrefectProject, emitRunbook];

export { emitCompose } from './compose/index.js';
