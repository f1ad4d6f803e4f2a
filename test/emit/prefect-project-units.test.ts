import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefectVersionOf } from '../../src/emit/prefect/prefect-version.js';
import { shellQuote } from '../../src/serialize/shell.js';
import { bootstrapScript } from '../../src/emit/prefect/bootstrap-script.js';
import { serializeDocument } from '../../src/synthesize/serialize-document.js';
import { exampleText, modelFromYaml } from '../support/model-from.js';

describe('prefectVersionOf', () => {
  it.each([
    ['prefecthq/prefect:3.8.3-python3.12', '3.8.3'],
    ['prefecthq/prefect:3.8.3', '3.8.3'],
    ['registry.example.com:5000/team/prefect:3.4.16-python3.11-kubernetes', '3.4.16'],
    ['prefecthq/prefect:3.8.3-python3.12@sha256:' + 'a'.repeat(64), '3.8.3'],
  ])('%s → %s', (image, version) => {
    expect(prefectVersionOf(image)).toBe(version);
  });

  it.each([
    'prefecthq/prefect:3-python3.12',
    'prefecthq/prefect:3.8-python3.12',
    'prefecthq/prefect@sha256:' + 'a'.repeat(64),
    'registry.example.com:5000/flows',
    'prefecthq/prefect:3.8.3.1',
    'prefecthq/prefect:v3.8.3',
  ])('%s has no x.y.z version', (image) => {
    expect(prefectVersionOf(image)).toBeUndefined();
  });
});

describe('shellQuote', () => {
  it('reads back as the same word in sh', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')), (value) => {
        const out = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
        expect(out.stdout).toBe(value);
      }),
      { numRuns: 60 },
    );
  });
});

describe('work pool concurrency', () => {
  const stagingApp = (lines: string) => {
    const text = exampleText().replace('      - name: staging-pool\n        environment: staging\n        workers: 1\n', `      - name: staging-pool\n        environment: staging\n${lines}`);
    const app = modelFromYaml(text).apps[0];
    if (app?.kind !== 'prefect') throw new Error('the example starts with its prefect app');
    return app;
  };
  const pool = (lines: string) => {
    const found = stagingApp(lines).workPools.find((p) => p.name === 'staging-pool');
    return { worker: found?.workerConcurrencyLimit, pool: found?.poolConcurrencyLimit };
  };

  it('the bootstrap script sets the pool-wide limit as written', () => {
    const script = serializeDocument(bootstrapScript(stagingApp('        workers: 3\n        workerConcurrencyLimit: 4\n        poolConcurrencyLimit: 6\n')), {
      configName: 'perfect.config.yaml',
      command: 'npx perfect-gen build',
    });
    expect(script).toContain("prefect work-pool set-concurrency-limit 'staging-pool' '6'");
    expect(script).toContain("prefect work-pool clear-concurrency-limit 'production-pool'");
  });

  it('takes the pool-wide limit as written, with or without a per-worker limit', () => {
    expect(pool('        workers: 3\n        poolConcurrencyLimit: 5\n')).toEqual({ worker: undefined, pool: 5 });
    expect(pool('        workers: 3\n        workerConcurrencyLimit: 4\n        poolConcurrencyLimit: 6\n')).toEqual({ worker: 4, pool: 6 });
  });

  it('without one, caps the pool at the per-worker limit times the workers', () => {
    expect(pool('        workers: 3\n        workerConcurrencyLimit: 4\n')).toEqual({ worker: 4, pool: 12 });
    expect(pool('        workers: 0\n        workerConcurrencyLimit: 4\n')).toEqual({ worker: 4, pool: 4 });
    expect(pool('        workers: 2\n')).toEqual({ worker: undefined, pool: undefined });
  });
});
