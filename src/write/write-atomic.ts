import { mkdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { OutputFile } from '../model/artifact.js';
import type { FileComparison } from './compare.js';

export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

export type WriteResult = { readonly ok: true; readonly summary: WriteSummary } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The output folder cannot take the build; becomes an OUTPUT_CONFLICT diagnostic, with nothing moved into place. */
class OutputConflict extends Error {
  constructor(
    /** The path inside the output folder, or '' for the folder itself. */
    readonly path: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface WriteOptions {
  /** Replace files at artifact paths that perfect-gen did not generate. */
  readonly force?: boolean;
  /** The output folder as the user named it, shown in diagnostics; the folder itself by default. */
  readonly shownOut?: string;
}

/**
 * Writes the changed and missing files into a temporary folder beside the output folder (same
 * file system), then moves them into place and removes files that the previous manifest listed
 * and this build no longer produces. A folder that does not exist yet is the staging folder
 * renamed, in one step. Everything that could stop the moves is checked before the first one,
 * so a failure leaves the output folder as it was; unchanged files are never rewritten. A file that
 * the previous manifest does not list is someone's own, and is replaced only with `force`.
 */
export function writeAtomic(outDir: string, files: readonly OutputFile[], comparison: readonly FileComparison[], options: WriteOptions = {}): WriteResult {
  const target = resolve(outDir);
  const shownOut = options.shownOut ?? outDir;
  const unmanaged = comparison.filter((c) => c.unmanaged).map((c) => c.path);
  if (unmanaged.length > 0 && options.force !== true) {
    return conflict(
      shownOut,
      unmanaged,
      'a file that perfect-gen did not generate is at the path of an artifact',
      'move the file elsewhere (the output folder may hold your own files under other names), or pass --force to replace it',
    );
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  const toWrite = comparison.filter((c) => c.status === 'changed' || c.status === 'missing');
  const toRemove = comparison.filter((c) => c.status === 'extra');
  const summary: WriteSummary = {
    written: toWrite.map((c) => c.path),
    unchanged: comparison.filter((c) => c.status === 'unchanged').map((c) => c.path),
    removed: toRemove.map((c) => c.path),
  };
  if (toWrite.length === 0 && toRemove.length === 0) return { ok: true, summary };

  try {
    moveIntoPlace(target, toWrite.map((c) => byPath.get(c.path)).filter((f): f is OutputFile => f !== undefined), toRemove.map((c) => c.path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof OutputConflict) return conflict(shownOut, [error.path], error.message, error.hint);
    if (typeof code !== 'string') throw error;
    return conflict(shownOut, [''], `cannot write ${target}: ${code}`, 'check that the output folder and its parent are writable');
  }
  return { ok: true, summary };
}

/** Writes a new file that must not exist yet (a starter config); an existing file is a conflict, never overwritten. */
export function writeNewFile(path: string, content: string, shown: string = path): WriteResult {
  try {
    writeFileSync(path, content, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    return code === 'EEXIST'
      ? conflict(shown, [''], 'the file already exists; perfect-gen never overwrites it', 'remove it first, or pass --config NEW_PATH')
      : conflict(shown, [''], `cannot write ${shown}: ${code}`, 'check that its folder exists and is writable');
  }
  return { ok: true, summary: { written: [shown], unchanged: [], removed: [] } };
}

/** One OUTPUT_CONFLICT per path inside the output folder ('' for the folder itself). */
function conflict(shownOut: string, paths: readonly string[], message: string, hint: string): WriteResult {
  const diagnostics = paths.map((path): Diagnostic => ({ code: 'OUTPUT_CONFLICT', severity: 'error', message, hint, file: path === '' ? shownOut : `${shownOut}/${path}` }));
  return { ok: false, diagnostics };
}

function moveIntoPlace(target: string, files: readonly OutputFile[], extras: readonly string[]): void {
  const existing = kindOf(target);
  if (existing === 'other') throw new OutputConflict('', `${target} exists and is not a folder`, 'pass --out a folder, or move the file away');
  if (existing === 'folder') for (const file of files) assertPlaceable(target, file.path);
  const staging = createStaging(target);
  try {
    const folders = new Folders();
    for (const file of files) {
      const staged = join(staging, ...file.path.split('/'));
      folders.ensure(dirname(staged));
      writeFileSync(staged, file.content, { mode: file.path.endsWith('.sh') ? 0o755 : 0o644 });
    }
    if (existing === 'missing') {
      renameSync(staging, target);
      return;
    }
    // Manifest last: a reader never sees a manifest that lists files not yet in place.
    const ordered = [...files].sort((a, b) => Number(a.path === 'manifest.json') - Number(b.path === 'manifest.json'));
    const targetFolders = new Folders();
    for (const file of ordered) {
      const destination = join(target, ...file.path.split('/'));
      targetFolders.ensure(dirname(destination));
      renameSync(join(staging, ...file.path.split('/')), destination);
    }
    for (const extra of extras) removeManaged(target, extra);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

type PathKind = 'missing' | 'folder' | 'other';

function kindOf(path: string): PathKind {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? 'missing' : stat.isDirectory() ? 'folder' : 'other';
}

/**
 * A fresh folder beside the target. mkdirSync rather than mkdtempSync: its mode follows the umask
 * like any folder the user makes, which matters when the staging folder becomes the output folder.
 */
function createStaging(target: string): string {
  mkdirSync(dirname(target), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const staging = join(dirname(target), `.${basename(target)}.perfect-gen-${process.pid}-${attempt}`);
    try {
      mkdirSync(staging);
      return staging;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

/** A file can move to `path` when no folder sits there and no file sits where its folders go. */
function assertPlaceable(target: string, path: string): void {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (kindOf(join(target, ...parts.slice(0, i))) === 'other') {
      throw new OutputConflict(parts.slice(0, i).join('/'), `${parts.slice(0, i).join('/')} in the output folder is a file, but ${path} goes inside it`, 'remove or rename that file');
    }
  }
  if (kindOf(join(target, ...parts)) === 'folder') {
    throw new OutputConflict(path, `${path} in the output folder is a folder, but perfect-gen writes a file there`, 'remove or rename that folder');
  }
}

/** mkdir -p with a memory, so 2,000 files in a few folders cost a few calls. */
class Folders {
  private readonly made = new Set<string>();
  ensure(folder: string): void {
    if (this.made.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    this.made.add(folder);
  }
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
