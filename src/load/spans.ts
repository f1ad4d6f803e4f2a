import type { ConfigPath, Diagnostic, PathDiagnostic, SourceRange } from '../diagnostics/diagnostic.js';
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
  const base = { code: d.code, severity: d.severity ?? 'error', message: d.message, file: source.file, path: d.path } as const;
  const withHint = d.hint === undefined ? base : { ...base, hint: d.hint };
  const range = placeRange(source, spans, d.path, d.at);
  const related = d.related?.map((r) => {
    const at = placeRange(source, spans, r.path, undefined);
    return at ? { message: r.message, file: source.file, range: at } : { message: r.message, file: source.file };
  });
  return { ...withHint, ...(range && { range }), ...(related && related.length > 0 && { related }), ...(d.redact === true && { redact: true }) };
}

function placeRange(source: SourceText, spans: SpanMap, wanted: ConfigPath, at: 'key' | 'value' | undefined): SourceRange | undefined {
  let path = wanted;
  let span = spans.get(pointer(path));
  while (!span && path.length > 0) {
    path = path.slice(0, -1);
    span = spans.get(pointer(path));
  }
  if (!span) return undefined;
  // A missing key points at the key of the mapping it is missing from.
  const useKey = at === 'key' && span.keyStart !== undefined;
  return useKey ? rangeAt(source, span.keyStart ?? span.start, span.keyEnd ?? span.end) : rangeAt(source, span.start, span.end);
}
