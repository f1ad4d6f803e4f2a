import type { PathDiagnostic } from '../diagnostics/diagnostic.js';
import type { Model } from '../model/model.js';
import type { WrittenConfig } from '../model/written-config.js';

/** What a rule sees: the normalized model and, for rules about literal text, the config as written. */
export interface CheckInput {
  readonly model: Model;
  readonly written: WrittenConfig;
  /** Where the config and the output folder are, for rules about host paths; absent when unknown. */
  readonly layout?: Layout;
}

/** Absolute folders; relative host paths in the config are relative to `configDir`. */
export interface Layout {
  readonly configDir: string;
  readonly outDir: string;
}

/** One invariant per rule; rules never throw and never stop each other. */
export type Rule = (input: CheckInput) => readonly PathDiagnostic[];
