import { authentikEmitter } from './authentik/index.js';
import { composeEmitter, type ComposeContext } from './compose/index.js';
import { prefectEmitter } from './prefect/index.js';
import { runbookEmitter } from './runbook/index.js';
import { traefikEmitter } from './traefik/index.js';
import type { Emitter } from './types.js';
import { vaultEmitter } from './vault/index.js';

/**
 * The output targets, each with the kinds it writes and when it applies: choosing a target (Compose
 * today, another orchestrator later) is choosing this list. The pipeline (src/core/compile.ts) runs
 * those that apply.
 */
export const emitters: readonly Emitter[] = [traefikEmitter, vaultEmitter, authentikEmitter, prefectEmitter, runbookEmitter];

/**
 * Targets that name the hash of each vault agent's rendered files (`agentDigests`): the pipeline runs
 * them once those files have their bytes.
 */
export const digestReaders: readonly Emitter<ComposeContext>[] = [composeEmitter];

export type { ComposeContext } from './compose/index.js';
