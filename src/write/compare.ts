import type { OutputFile } from '../model/artifact.js';
import { isManifest, manifestPath, manifestPaths } from '../core/manifest.js';

/** What is on disk now, as far as the managed files go. */
export interface DiskState {
  /** Content of each path that was asked for; undefined when missing. */
  read(path: string): string | undefined;
}

export type FileStatus = 'unchanged' | 'changed' | 'missing' | 'extra';

export interface FileComparison {
  readonly path: string;
  readonly status: FileStatus;
  /** The content on disk (changed, extra). */
  readonly current?: string;
  /** The content to write (changed, missing). */
  readonly next?: string;
  /**
   * A changed file that the previous manifest does not list as generated: someone's own file at an
   * artifact's path, which `build` replaces only with `--force`.
   */
  readonly unmanaged?: true;
}

/**
 * Compares the build with the output folder. "Extra" files are those the previous
 * manifest listed and this build no longer produces; nothing else in the folder counts.
 */
export function compareWithDisk(files: readonly OutputFile[], disk: DiskState): FileComparison[] {
  const produced = new Set(files.map((f) => f.path));
  // A manifest.json that perfect-gen did not write is someone's own file: it names nothing to replace or remove.
  const previousManifest = disk.read(manifestPath);
  const generated = new Set(isManifest(previousManifest) ? [...manifestPaths(previousManifest), manifestPath] : []);
  const out: FileComparison[] = files.map((file) => {
    const current = disk.read(file.path);
    if (current === undefined) return { path: file.path, status: 'missing', next: file.content };
    if (current === file.content) return { path: file.path, status: 'unchanged' };
    return { path: file.path, status: 'changed', current, next: file.content, ...(!generated.has(file.path) && { unmanaged: true as const }) };
  });
  for (const path of generated) {
    if (path === manifestPath) continue;
    if (produced.has(path)) continue;
    const current = disk.read(path);
    if (current !== undefined) out.push({ path, status: 'extra', current });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const isDrift = (c: FileComparison): boolean => c.status !== 'unchanged';
