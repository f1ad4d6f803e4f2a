import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithDisk, isDrift } from '../src/write/compare.js';
import { diskState } from '../src/write/disk.js';
import { buildExample, examples } from './support/examples.js';
import { projectRoot } from './support/model-from.js';

// The committed output of each example is its golden: every artifact is compared as a real
// file (`vitest -u` rewrites it), and the folder as a whole must hold nothing stale.
describe.each(examples.filter((e) => existsSync(join(projectRoot, e.config))))('example $name', (example) => {
  const files = buildExample(example);

  it.each(files.map((f) => [f.path, f] as const))('%s matches the committed output', async (_path, file) => {
    await expect(file.content).toMatchFileSnapshot(join(projectRoot, example.out, file.path));
  });

  it('has no stale, missing or leftover files in its output folder', () => {
    const drift = compareWithDisk(files, diskState(join(projectRoot, example.out))).filter(isDrift);
    expect(drift.map((d) => `${d.status} ${d.path}`)).toEqual([]);
  });

  it('builds byte-identically twice', () => {
    expect(buildExample(example)).toEqual(files);
  });
});
