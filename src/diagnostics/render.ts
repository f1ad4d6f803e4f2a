import type { Diagnostic, RelatedLocation, SourceRange } from './diagnostic.js';

export type DiagnosticFormat = 'text' | 'json' | 'github';

export interface RenderOptions {
  readonly color: boolean;
  /** Source text by file, for the caret snippet. */
  readonly sources: ReadonlyMap<string, string>;
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticFormat, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ diagnostics: diagnostics.map(jsonDiagnostic) }, null, 2) + '\n';
    case 'github':
      return diagnostics.map(github).join('');
    case 'text': {
      const secrets = diagnostics.flatMap((d) => (d.redact === true && d.range ? [d.range] : []));
      return diagnostics.map((d) => text(d, options, secrets)).join('\n') + summary(diagnostics);
    }
  }
}

/** A diagnostic with its fields in one documented order (README, "Output formats"). */
export function jsonDiagnostic(d: Diagnostic): Diagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.hint !== undefined && { hint: d.hint }),
    file: d.file,
    ...(d.range && { range: d.range }),
    ...(d.path && { path: d.path }),
    ...(d.related && { related: d.related }),
  };
}

function location(d: Diagnostic | RelatedLocation): string {
  return d.range ? `${d.file}:${d.range.start.line}:${d.range.start.col}` : d.file;
}

/** GitHub Actions workflow commands; `%`, CR and LF must be escaped in the message. */
function github(d: Diagnostic): string {
  const related = d.related ?? [];
  const also = related.map((r) => ` (${r.message}: ${location(r)})`).join('');
  const message = (d.hint ? `${d.message}. ${d.hint}` : d.message) + also;
  // A related location gets its own annotation, so the pull request shows it on its line too.
  const notes = related.map((r) => githubAnnotation('notice', r.file, r.range, d.code, `${r.message} (${d.code}: ${d.message})`));
  return githubAnnotation(d.severity === 'error' ? 'error' : 'warning', d.file, d.range, d.code, message) + notes.join('');
}

/** One workflow command; a file of undefined gives an annotation on the run rather than on a line. */
export function githubAnnotation(kind: 'error' | 'warning' | 'notice', file: string | undefined, range: SourceRange | undefined, title: string, message: string): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = file === undefined ? [] : [`file=${escapeProperty(file)}`];
  if (range) props.push(`line=${range.start.line}`, `col=${range.start.col}`, `endLine=${range.end.line}`, `endColumn=${range.end.col}`);
  props.push(`title=${escapeProperty(title)}`);
  return `::${kind} ${props.join(',')}::${escapeData(message)}\n`;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function text(d: Diagnostic, { color, sources }: RenderOptions, secrets: readonly SourceRange[]): string {
  const severity = paint(color, d.severity === 'error' ? '1;31' : '1;33', d.severity);
  const lines = [`${paint(color, '1', location(d))}: ${severity} ${d.code}: ${d.message}`];
  const source = sources.get(d.file);
  if (d.range && source !== undefined) lines.push(...snippet(source, d.range, color, secrets));
  for (const r of d.related ?? []) {
    lines.push(`  ${paint(color, '1', location(r))}: ${r.message}`);
    const relatedSource = sources.get(r.file);
    if (r.range && relatedSource !== undefined) lines.push(...snippet(relatedSource, r.range, color, secrets));
  }
  if (d.hint) lines.push(`  ${paint(color, '36', 'hint:')} ${d.hint}`);
  return lines.join('\n') + '\n';
}

const redacted = '<redacted>';

/**
 * The source line with carets under the range. A secret found anywhere on the line (a LITERAL_SECRET's
 * value) is shown as <redacted>, whichever diagnostic shows the line: the excerpt says where, never what.
 */
function snippet(source: string, range: SourceRange, color: boolean, secrets: readonly SourceRange[]): string[] {
  const all = source.split('\n');
  const line = range.start.line;
  const original = (all[line - 1] ?? '').replace(/\t/g, ' ').replace(/\r$/, '');
  const onLine = secrets
    .filter((s) => s.start.line === line)
    .map((s) => ({ from: s.start.col - 1, to: s.end.line === line ? s.end.col - 1 : original.length }))
    .sort((a, b) => b.from - a.from);
  let lineText = original;
  for (const s of onLine) lineText = lineText.slice(0, s.from) + redacted + lineText.slice(s.to);
  /** A column of the original line, in the redacted one. */
  const shift = (col: number) => col + onLine.filter((s) => s.to <= col - 1).reduce((n, s) => n + redacted.length - (s.to - s.from), 0);
  const secretHere = onLine.find((s) => s.from === range.start.col - 1);
  const start = shift(range.start.col);
  const end = secretHere ? start + redacted.length : range.end.line === line ? shift(range.end.col) : lineText.length + 1;
  const shown = lineText.length > 160 ? lineText.slice(0, 157) + '...' : lineText;
  const number = String(line);
  const caretStart = Math.min(start - 1, shown.length);
  const carets = '^'.repeat(Math.max(1, Math.min(Math.max(1, end - start), shown.length - caretStart)));
  const gutter = ' '.repeat(number.length);
  return [`  ${number} | ${shown}`, `  ${gutter} | ${' '.repeat(caretStart)}${paint(color, '1;31', carets)}`];
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length === 0) return '';
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`];
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return `\n${parts.join(', ')}\n`;
}
