import type { OutputFile, Provenance } from '../model/artifact.js';
import type { Model } from '../model/model.js';
import type { AuthentikLedger } from './authentik/ledger.js';

export type { ArtifactKind, OutputFile, Provenance } from '../model/artifact.js';

export interface EmitContext {
  readonly provenance: Provenance;
  readonly generatorVersion: string;
  /** The authentik objects the previous build managed, from its manifest; none for a first build. */
  readonly previousAuthentik?: AuthentikLedger;
}

export type Emitter = (model: Model, context: EmitContext) => readonly OutputFile[];
