import type { OutputFile } from '../model/artifact.js';

/** Two artifacts at one path would silently overwrite each other; no config can ask for that, so it is a bug. */
export function assertUniquePaths(files: readonly Pick<OutputFile, 'path' | 'kind'>[]): void {
  const kinds = new Map<string, string>();
  for (const file of files) {
    const first = kinds.get(file.path);
    if (first !== undefined) throw new Error(`internal error: two artifacts at ${file.path} (${first} and ${file.kind})`);
    kinds.set(file.path, file.kind);
  }
}
