import { agentDigests } from '../../src/core/agent-digests.js';
import { emitCompose } from '../../src/emit/compose/index.js';
import type { EmitContext, OutputFile } from '../../src/emit/types.js';
import { emitVault } from '../../src/emit/vault/index.js';
import type { Model } from '../../src/model/model.js';

/** The compose file as the pipeline emits it: after the vault files, whose hashes it carries. */
export function emitComposeFor(model: Model, context: EmitContext): readonly OutputFile[] {
  return emitCompose(model, { ...context, agentDigests: agentDigests(model, emitVault(model, context)) });
}
