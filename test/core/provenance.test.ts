import { describe, expect, it } from 'vitest';
import { provenanceFor } from '../../src/core/provenance.js';

describe('provenanceFor', () => {
  it.each([
    ['/repo/perfect.config.yaml', '/repo/out', '..'],
    ['/repo/perfect.config.yaml', '/repo', '.'],
    ['/repo/config/perfect.config.yaml', '/repo/deploy/out', '../../config'],
    ['/repo/perfect.config.yaml', '/elsewhere/out', '../../repo'],
  ])('%s built into %s sees the config folder at %s', (config, out, expected) => {
    expect(provenanceFor(config, out).configDirFromOutput).toBe(expected);
  });
});
