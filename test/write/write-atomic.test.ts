import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/emit/types.js';
import { compareWithDisk } from '../../src/write/compare.js';
import { diskState } from '../../src/write/disk.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { writeAtomic, writeNewFile, type WriteResult } from '../../src/write/write-atomic.js';
import { snapshotTree } from '../support/cli-run.js';

const file = (path: string, content: string): OutputFile => ({ path, content, kind: 'runbook' }) as OutputFile;
const manifest = (...paths: string[]) => file('manifest.json', JSON.stringify({ generator: { name: 'perfect-gen' }, artifacts: paths.map((path) => ({ path })) }));

function build(outDir: string, files: readonly OutputFile[]): WriteResult {
  return writeAtomic(outDir, files, compareWithDisk(files, diskState(outDir)), { shownOut: 'out' });
}

function summaryOf(result: WriteResult) {
  if (!result.ok) throw new Error(`expected a write, got ${JSON.stringify(result.diagnostics)}`);
  return result.summary;
}

const scratch = () => mkdtempSync(join(tmpdir(), 'perfect-gen-write-'));
/** The OUTPUT_CONFLICTs a write returned, one per path; the write stage reports, it does not throw. */
function conflictsOf(result: WriteResult): readonly Diagnostic[] {
  if (result.ok) throw new Error('expected an OUTPUT_CONFLICT');
  for (const d of result.diagnostics) expect(d.code).toBe('OUTPUT_CONFLICT');
  return result.diagnostics;
}

function conflictOf(result: WriteResult): Diagnostic {
  const [only, ...rest] = conflictsOf(result);
  expect(rest).toEqual([]);
  return only as Diagnostic;
}

describe('writeAtomic', () => {
  const first = [file('a/one.yml', 'one\n'), file('a/run.sh', '#!/bin/sh\n'), file('two.md', 'two\n'), manifest('a/one.yml', 'a/run.sh', 'two.md')];

  it('creates a new output folder in one step, with ordinary permissions', () => {
    const out = join(scratch(), 'nested', 'out');
    const summary = summaryOf(build(out, first));
    expect(summary.written).toEqual(['a/one.yml', 'a/run.sh', 'manifest.json', 'two.md']);
    expect(Object.keys(snapshotTree(out))).toEqual(['a/one.yml', 'a/run.sh', 'manifest.json', 'two.md']);
    expect(statSync(join(out, 'a', 'run.sh')).mode & 0o111).not.toBe(0);
    // Not mkdtemp's 0700: the folder is readable like any other the user makes (umask permitting).
    expect(statSync(out).mode & 0o700).toBe(0o700);
    expect(statSync(out).mode & 0o055).toBe(0o055 & ~process.umask());
    expect(readdirSync(join(out, '..'))).toEqual(['out']);
  });

  it('replaces changed files, removes files the old manifest listed, and leaves the rest alone', () => {
    const out = join(scratch(), 'out');
    build(out, first);
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    const summary = summaryOf(build(out, [file('a/one.yml', 'ONE\n'), file('two.md', 'two\n'), manifest('a/one.yml', 'two.md')]));
    expect(summary).toEqual({ written: ['a/one.yml', 'manifest.json'], unchanged: ['two.md'], removed: ['a/run.sh'] });
    expect(snapshotTree(out)).toMatchObject({ 'a/one.yml': 'ONE\n', 'notes.txt': 'mine\n', 'two.md': 'two\n' });
    expect(existsSync(join(out, 'a', 'run.sh'))).toBe(false);
  });

  it("refuses to replace files the previous manifest does not list, unless forced", () => {
    const out = join(scratch(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'two.md'), 'my notes\n');
    writeFileSync(join(out, 'a.txt'), 'mine\n');
    expect(conflictsOf(build(out, first)).map((d) => d.file)).toEqual(['out/two.md']);
    expect(snapshotTree(out)).toEqual({ 'a.txt': 'mine\n', 'two.md': 'my notes\n' });
    const files = first;
    writeAtomic(out, files, compareWithDisk(files, diskState(out)), { force: true });
    expect(snapshotTree(out)['two.md']).toBe('two\n');
    // Now listed in the manifest: an edit is drift, and the next build replaces it without force.
    writeFileSync(join(out, 'two.md'), 'edited\n');
    expect(summaryOf(build(out, first)).written).toEqual(['two.md']);
  });

  it("trusts only a manifest that perfect-gen wrote: someone's own manifest.json removes nothing", () => {
    const out = join(scratch(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ artifacts: [{ path: 'notes.txt' }] }));
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    expect(conflictsOf(build(out, first)).map((d) => d.file)).toEqual(['out/manifest.json']);
    writeAtomic(out, first, compareWithDisk(first, diskState(out)), { force: true });
    expect(snapshotTree(out)['notes.txt']).toBe('mine\n');
  });

  it('refuses an output path that is a file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'out'), 'not a folder\n');
    expect(conflictOf(build(join(dir, 'out'), first)).file).toBe('out');
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it.each([
    ['a folder where a file goes', (out: string) => mkdirSync(join(out, 'c.md')), 'c.md'],
    ['a file where a folder goes', (out: string) => writeFileSync(join(out, 'b'), 'x\n'), 'b'],
  ])('moves nothing when it finds %s', (_name, obstruct, path) => {
    const out = join(scratch(), 'out');
    build(out, first);
    obstruct(out);
    const before = snapshotTree(out);
    const next = [file('a/one.yml', 'changed\n'), file('b/three.yml', 'three\n'), file('c.md', 'c\n'), file('two.md', 'two!\n'), manifest('a/one.yml', 'b/three.yml', 'c.md', 'two.md')];
    expect(conflictOf(build(out, next)).file).toBe(`out/${path}`);
    expect(snapshotTree(out)).toEqual(before);
    expect(readdirSync(join(out, '..'))).toEqual(['out']);
  });

  // A parent that is a file stops the write for every user, root included (a read-only folder would not).
  it('reports a parent it cannot write into as a conflict, not a crash', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'parent'), 'a file\n');
    expect(conflictOf(build(join(dir, 'parent', 'out'), first)).message).toMatch(/ENOTDIR/);
    expect(readdirSync(dir)).toEqual(['parent']);
  });
});

describe('writeNewFile', () => {
  it('writes a file that does not exist yet', () => {
    const path = join(scratch(), 'new.yaml');
    expect(summaryOf(writeNewFile(path, 'a: 1\n', 'new.yaml')).written).toEqual(['new.yaml']);
    expect(snapshotTree(join(path, '..'))).toEqual({ 'new.yaml': 'a: 1\n' });
  });

  it('never overwrites: an existing file is a conflict and keeps its bytes', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'mine.yaml'), 'mine\n');
    expect(conflictOf(writeNewFile(join(dir, 'mine.yaml'), 'theirs\n', 'mine.yaml')).file).toBe('mine.yaml');
    expect(snapshotTree(dir)).toEqual({ 'mine.yaml': 'mine\n' });
  });
});
