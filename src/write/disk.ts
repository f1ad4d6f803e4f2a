import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskState } from './compare.js';

/** Reads managed files under the output folder; a missing or unreadable file reads as undefined. */
export function diskState(outDir: string): DiskState {
  // A first build into a new folder reads nothing, rather than failing once per file.
  if (!existsSync(outDir)) return { read: () => undefined };
  return {
    read(path: string): string | undefined {
      try {
        return readFileSync(join(outDir, ...path.split('/')), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
