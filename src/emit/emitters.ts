import { emitAuthentik } from './authentik/index.js';
import { emitCompose } from './compose/index.js';
import { emitPrefectProject } from './prefect/index.js';
import { emitRunbook } from './runbook/index.js';
import { emitTraefik } from './traefik/index.js';
import type { Emitter } from './types.js';
import { emitVault } from './vault/index.js';

/** One emitter per artifact kind; the manifest is added by the pipeline. */
export const emitters: readonly Emitter[] = [emitCompose, emitTraefik, emitVault, emitAuthentik, emitPrefectProject, emitRunbook];
