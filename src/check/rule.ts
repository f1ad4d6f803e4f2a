import type { PathDiagnostic } from '../diagnostics/diagnostic.js';
import type { Model } from '../model/model.js';
import type { WrittenConfig } from '../model/written-config.js';

/** What a rule sees: the normalized model and, for rules about literal text, the config as written. */
export interface CheckInput {
  readonly model: Model;
  readonly written: WrittenConfig;
}

/** One invariant per rule; rules never throw and never stop each other. */
export type Rule = (input: CheckInput) => readonly PathDiagnostic[];
