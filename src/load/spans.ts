import type { ConfigPath, Diagnostic, PathDiagnostic } from '../diagnostics/diagnostic.js';
import { rangeAt, type SourceText } from './source-text.js';

/** Where a config value (and its key, for mapping entries) stands in the source text. */
export interface NodeSpan {
  readonly start: number;
  readonly end: number;
  readonly keyStart?: number;
  readonly keyEnd?: number;
}

/** Spans by JSON pointer (`/apps/0/host`). */
export type SpanMap = ReadonlyMap<string, NodeSpan>;

export function pointer(path: ConfigPath): string {
  let out = '';
  for (const segment of path) out += '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
  return out;
}

/** Places a tree diagnostic at its value, or the nearest ancestor that exists in the source. */
export function placeDiagnostic(source: SourceText, spans: SpanMap, d: PathDiagnostic): Diagnostic {
  let path = d.path;
  let span = spans.get(pointer(path));
  while (!span && path.length > 0) {
    path = path.slice(0, -1);
    span = spans.get(pointer(path));
  }
  const base = { code: d.code, severity: d.severity ?? 'error', message: d.message, file: source.file } as const;
  const withHint = d.hint === undefined ? base : { ...base, hint: d.hint };
  if (!span) return withHint;
  const useKey = d.at === 'key' && span.keyStart !== undefined && path.length === d.path.length;
  const range = useKey
    ? rangeAt(source, span.keyStart ?? span.start, span.keyEnd ?? span.end)
    : rangeAt(source, span.start, span.end);
  return { ...withHint, range };
}
