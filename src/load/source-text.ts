import type { Position, SourceRange } from '../diagnostics/diagnostic.js';

/** Byte offsets → 1-based line and column, without keeping the parser around. */
export interface SourceText {
  readonly file: string;
  readonly lineStarts: readonly number[];
}

export function positionAt(source: SourceText, offset: number): Position {
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

export function rangeAt(source: SourceText, start: number, end: number): SourceRange {
  return { start: positionAt(source, start), end: positionAt(source, Math.max(start, end)) };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
