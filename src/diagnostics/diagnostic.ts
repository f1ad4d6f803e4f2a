import type { DiagnosticCode } from './codes.js';

export interface Position {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly col: number;
}

export interface SourceRange {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning';

/** Another place that a diagnostic is about, such as the first use of a duplicated name. */
export interface RelatedLocation {
  readonly message: string;
  readonly file: string;
  readonly range?: SourceRange;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** What is wrong. */
  readonly message: string;
  /** What would be right. */
  readonly hint?: string;
  /** The file as the user named it. */
  readonly file: string;
  readonly range?: SourceRange;
  /** Where in the config tree, when the problem is about one value. */
  readonly path?: ConfigPath;
  readonly related?: readonly RelatedLocation[];
  /** The range holds a secret: a source excerpt shows it redacted. */
  readonly redact?: boolean;
  /**
   * The problem is confined to this one value: the tree around it is as written, so the later
   * stages still run on it and every problem is reported at once. Without it, an error stops
   * the pipeline at its stage.
   */
  readonly valueOnly?: true;
}

/** A config location as a list of keys and indexes, e.g. ['apps', 0, 'host']. */
export type ConfigPath = readonly (string | number)[];

/** A diagnostic found on the config tree, before it is placed in the source text. */
export interface PathDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity?: Severity;
  readonly message: string;
  readonly hint?: string;
  readonly path: ConfigPath;
  /** Point at the key rather than the value. */
  readonly at?: 'key' | 'value';
  readonly related?: readonly { readonly path: ConfigPath; readonly message: string }[];
  readonly redact?: boolean;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Stable order: by line, then column, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      (a.range?.start.col ?? 0) - (b.range?.start.col ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
