import { agentDigests } from '../../src/core/agent-digests.js';
import { composeEmitter } from '../../src/emit/compose/index.js';
import type { EmitContext, Emitter, OutputFile } from '../../src/emit/types.js';
import { vaultEmitter } from '../../src/emit/vault/index.js';
import type { Model } from '../../src/model/model.js';
import { render } from '../../src/synthesize/synthesize.js';

/** The files one emitter gives, as the pipeline writes them: nothing when it does not apply, else its documents synthesized. */
export function renderedFiles(emitter: Emitter, model: Model, context: EmitContext): OutputFile[] {
  return emitter.appliesTo(model, context) ? render(emitter.emit(model, context), context.provenance) : [];
}

/** The compose file as the pipeline emits it: after the vault files, whose hashes it carries. */
export function emitComposeFor(model: Model, context: EmitContext): readonly OutputFile[] {
  return render(composeEmitter.emit(model, { ...context, agentDigests: agentDigests(model, renderedFiles(vaultEmitter, model, context)) }), context.provenance);
}
