import { describe, expect, it } from 'vitest';
import { imageDelta } from '../../src/plan/image-delta.js';
import { parseFailOn } from '../../src/cli/commands/plan.js';
import { readRecorded } from '../../src/plan/recorded.js';
import { snapshotSchema } from '../../src/plan/snapshot.js';

describe('imageDelta', () => {
  it.each([
    ['prefecthq/prefect:3.8.3-python3.12', 'prefecthq/prefect:3.9.0-python3.12', 'prefecthq/prefect 3.8.3-python3.12 → 3.9.0-python3.12, minor upgrade'],
    ['prefecthq/prefect:3.8.3-python3.12', 'prefecthq/prefect:4.0.0-python3.12', 'prefecthq/prefect 3.8.3-python3.12 → 4.0.0-python3.12, major upgrade'],
    ['registry.example:5000/app:1.4.2', 'registry.example:5000/app:1.4.3', 'registry.example:5000/app 1.4.2 → 1.4.3, patch upgrade'],
    ['app:v2.1', 'app:v2.0.9', 'app v2.1 → v2.0.9, minor DOWNGRADE'],
    ['app:1.2.3-python3.12', 'app:1.2.3-python3.13', 'app 1.2.3-python3.12 → 1.2.3-python3.13, same version, variant python3.12 → python3.13'],
    ['app:latest-ish', 'app:stable', 'app latest-ish → stable, tag changed'],
    ['other/app:1.0.0', 'app:1.0.0', 'other/app:1.0.0 → app:1.0.0, another image'],
    [`app:1.0@sha256:${'a'.repeat(64)}`, `app:1.0@sha256:${'b'.repeat(64)}`, 'app 1.0@sha256:aaaaaaaaaaaa… → 1.0@sha256:bbbbbbbbbbbb…, same tag, new digest'],
  ])('%s → %s', (before, after, expected) => {
    expect(imageDelta(before, after)).toBe(expected);
  });
});

describe('parseFailOn', () => {
  it('takes commas and repeats, in plan order, without duplicates', () => {
    expect(parseFailOn(['policy-widened,public-route', 'public-route'])).toEqual(['public-route', 'policy-widened']);
    expect(parseFailOn([])).toEqual([]);
    expect(parseFailOn(['public-route,nope'])).toBe('unknown change kind "nope"');
  });
});

describe('readRecorded', () => {
  const manifest = (model: unknown) => JSON.stringify({ generator: { name: 'perfect-gen', version: '0.0.9' }, artifacts: [], model });
  const reason = (text: string | undefined) => {
    const r = readRecorded(text, 'out/manifest.json', '0.1.0');
    return r.ok ? 'ok' : r.reason;
  };
  const empty = { routes: [], services: [], secretReads: [], policies: [], authentik: [], workPools: [], deployments: [] };

  it('reads a well-formed record', () => {
    expect(reason(manifest({ schema: snapshotSchema, ...empty }))).toBe('ok');
  });

  it('gives a reason for every record it cannot trust', () => {
    expect(reason(undefined)).toContain('does not exist');
    expect(reason('[1]')).toContain('is not a perfect-gen manifest');
    expect(reason(manifest({ schema: 0, ...empty }))).toContain('older format 0');
    expect(reason(manifest({ schema: snapshotSchema + 1 }))).toContain('upgrade it');
    expect(reason(manifest('yes'))).toContain('that perfect-gen did not write');
    expect(reason(manifest({ schema: snapshotSchema, ...empty, services: [{ service: 'a', app: 'a', image: 'x', network: 'n', replicas: '1' }] }))).toContain('model.services');
    expect(reason(manifest({ schema: snapshotSchema, ...empty, routes: [{ app: 'a', host: 'h', access: 'sso', extra: 1 }] }))).toContain('model.routes');
    expect(reason(manifest({ schema: snapshotSchema, ...empty, workPools: undefined }))).toContain('model.workPools');
  });
});
