import { createTwoFilesPatch } from 'diff';
import type { FileComparison } from './compare.js';

/** A unified diff of one drifted file, old on disk → new from the config. */
export function unifiedDiff(change: FileComparison): string {
  return createTwoFilesPatch(`a/${change.path}`, `b/${change.path}`, change.current ?? '', change.next ?? '', undefined, undefined, { context: 3 });
}
