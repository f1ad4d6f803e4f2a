import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, rmdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { OutputFile } from '../emit/types.js';
import type { FileComparison } from './compare.js';

export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Writes the changed and missing files into a temporary folder beside the output folder
 * (same file system), then renames each into place and removes files that the previous
 * manifest listed and this build no longer produces. If anything fails before the renames,
 * the output folder is untouched; unchanged files are never rewritten.
 */
export function writeAtomic(outDir: string, files: readonly OutputFile[], comparison: readonly FileComparison[]): WriteSummary {
  const target = resolve(outDir);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const toWrite = comparison.filter((c) => c.status === 'changed' || c.status === 'missing');
  const toRemove = comparison.filter((c) => c.status === 'extra');
  const summary: WriteSummary = {
    written: toWrite.map((c) => c.path),
    unchanged: comparison.filter((c) => c.status === 'unchanged').map((c) => c.path),
    removed: toRemove.map((c) => c.path),
  };
  if (toWrite.length === 0 && toRemove.length === 0) return summary;

  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.perfect-gen-`));
  try {
    for (const change of toWrite) {
      const file = byPath.get(change.path);
      if (!file) continue;
      const staged = join(staging, ...file.path.split('/'));
      mkdirSync(dirname(staged), { recursive: true });
      writeFileSync(staged, file.content, { mode: file.path.endsWith('.sh') ? 0o755 : 0o644 });
    }
    // Manifest last: a reader never sees a manifest that lists files not yet in place.
    const ordered = [...toWrite].sort((a, b) => Number(a.path === 'manifest.json') - Number(b.path === 'manifest.json'));
    for (const change of ordered) {
      const destination = join(target, ...change.path.split('/'));
      mkdirSync(dirname(destination), { recursive: true });
      renameSync(join(staging, ...change.path.split('/')), destination);
    }
    for (const extra of toRemove) removeManaged(target, extra.path);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return summary;
}

/** Removes a file and then any folders it leaves empty, up to the output folder. */
function removeManaged(target: string, path: string): void {
  rmSync(join(target, ...path.split('/')), { force: true });
  const parts = path.split('/').slice(0, -1);
  while (parts.length > 0) {
    try {
      rmdirSync(join(target, ...parts));
    } catch {
      return;
    }
    parts.pop();
  }
}
