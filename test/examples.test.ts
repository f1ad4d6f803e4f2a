import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prefectVersionOf } from '../src/emit/prefect/prefect-version.js';
import { renderTemplate } from '../src/serialize/templates.js';
import { compareWithDisk, isDrift } from '../src/write/compare.js';
import { diskState } from '../src/write/disk.js';
import { buildExample, examples } from './support/examples.js';
import { exampleModel, modelFromYaml, projectRoot } from './support/model-from.js';

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

// prefecthq/prefect:3.8.3 ships prefect-redis 0.2.14, which loops on a fresh Redis; the 3.9.1 image carries
// a fixed one, so neither the examples nor the starter config may fall behind it.
describe('the Prefect image of the examples and the starter config', () => {
  const atLeast391 = (image: string): boolean => {
    const [major = 0, minor = 0, patch = 0] = (prefectVersionOf(image) ?? '0.0.0').split('.').map(Number);
    return major * 1e6 + minor * 1e3 + patch >= 3_009_001;
  };
  const images = (model: ReturnType<typeof modelFromYaml>): string[] =>
    model.apps.flatMap((app) => (app.kind === 'prefect' ? [app.image, ...app.workPools.map((pool) => pool.image)] : []));
  const cases = [
    ...examples.map((e) => [e.name, exampleModel(e.name)] as const),
    ['starter config', modelFromYaml(renderTemplate('starter-config.yaml', { schemaUrl: 'https://example.com/schema.json' }))] as const,
  ];

  it.each(cases)('%s: every Prefect image is 3.9.1 or later', (_name, model) => {
    const all = images(model);
    expect(all.length).toBeGreaterThan(0);
    for (const image of all) expect(atLeast391(image), image).toBe(true);
  });

  it('tells 3.8.3 from 3.9.1 and later', () => {
    expect(atLeast391('prefecthq/prefect:3.8.3-python3.12')).toBe(false);
    expect(atLeast391('prefecthq/prefect:3.9.0-python3.12')).toBe(false);
    expect(atLeast391('prefecthq/prefect:3.9.1-python3.12')).toBe(true);
    expect(atLeast391('prefecthq/prefect:3.10.0')).toBe(true);
    expect(atLeast391('prefecthq/prefect:4.0.0')).toBe(true);
  });
});
