import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolConcurrencyLimit } from '../../src/model/prefect.js';
import { prefectVersionOf } from '../../src/emit/prefect/prefect-version.js';
import { shellQuote } from '../../src/serialize/shell.js';
import type { WorkPool } from '../../src/model/model.js';

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

describe('poolConcurrencyLimit', () => {
  const pool = (workers: number, concurrencyLimit?: number) => ({ workers, ...(concurrencyLimit !== undefined && { concurrencyLimit }) }) as WorkPool;

  it('multiplies the per-worker limit by the worker count', () => {
    expect(poolConcurrencyLimit(pool(3, 4))).toBe(12);
    expect(poolConcurrencyLimit(pool(0, 4))).toBe(4);
    expect(poolConcurrencyLimit(pool(2))).toBeUndefined();
  });
});
