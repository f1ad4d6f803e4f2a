import type { Artifact, ArtifactKind, Provenance } from '../model/artifact.js';
import type { Model } from '../model/model.js';
import type { AuthentikLedger } from './authentik/ledger.js';

export type { Artifact, ArtifactKind, Document, OutputFile, Provenance } from '../model/artifact.js';

export interface EmitContext {
  readonly provenance: Provenance;
  readonly generatorVersion: string;
  /** The authentik objects the previous build managed, from its manifest; none for a first build. */
  readonly previousAuthentik?: AuthentikLedger;
}

/**
 * One output target: the kinds of artifact it writes, when the platform needs it, and how it turns the
 * model into documents. It returns data; the synthesis step (src/synthesize) writes the bytes.
 */
export interface Emitter<Context extends EmitContext = EmitContext> {
  readonly name: string;
  readonly kinds: readonly ArtifactKind[];
  appliesTo(model: Model, context: EmitContext): boolean;
  emit(model: Model, context: Context): readonly Artifact[];
}
