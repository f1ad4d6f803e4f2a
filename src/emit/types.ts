import type { OutputFile, Provenance } from '../model/artifact.js';
import type { Model } from '../model/model.js';

export type { ArtifactKind, OutputFile, Provenance } from '../model/artifact.js';

export interface EmitContext {
  readonly provenance: Provenance;
  readonly generatorVersion: string;
}

export type Emitter = (model: Model, context: EmitContext) => readonly OutputFile[];
