import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { at, compileFixture, edit, errorCodes, type Fixture } from '../check/fixture-support.js';
import { snapshotTree } from '../support/cli-run.js';
import { acceptedOddities, hostileFixtures } from './hostile-fixtures.js';

describe('hostile configs are refused with positioned diagnostics', () => {
  it('has at least 30 of them', () => expect(hostileFixtures.length).toBeGreaterThanOrEqual(30));

  it.each(hostileFixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const started = performance.now();
    const result = compileFixture(fixture);
    expect(performance.now() - started, 'each hostile input is refused quickly').toBeLessThan(5_000);
    expect(result.ok).toBe(false);
    expect('files' in result).toBe(false);
    expect(errorCodes(result)).toEqual([...fixture.expectedCodes].sort());
    for (const d of result.diagnostics) {
      expect(d.message).not.toBe('');
      // Messages go to terminals and CI logs: nothing from the config may arrive there as a raw control character.
      expect(`${d.message} ${d.hint ?? ''}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(d.hint ?? '').not.toBe('');
      expect(d.file).toBe('perfect.config.yaml');
      if (fixture.positioned !== false) {
        expect(d.range, `${d.code} has a position`).toBeDefined();
        expect(d.range?.start.line).toBeGreaterThanOrEqual(1);
        expect(d.range?.start.col).toBeGreaterThanOrEqual(1);
      }
    }
    // Keys such as __proto__ and constructor stay data: nothing leaks into shared prototypes.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports an alias bomb once, not once per expansion', () => {
    const bomb = hostileFixtures.find((f) => f.name === 'billion laughs');
    expect(bomb && compileFixture(bomb).diagnostics).toHaveLength(1);
  });

  it('caps the number of YAML syntax errors it reports', () => {
    const garbage = Array.from({ length: 500 }, (_, i) => `k${i}: "unclosed\n  - [\n`).join('');
    const result = compileFixture({ name: 'garbage', yaml: garbage, expectedCodes: [] });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.length).toBeLessThanOrEqual(20);
  });
});

describe('odd but valid inputs are accepted', () => {
  it.each(acceptedOddities.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = compileFixture(fixture);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('keeps a key named __proto__ as an ordinary key of the loaded tree', async () => {
    const { loadConfig } = await import('../../src/load/load-yaml.js');
    const loaded = loadConfig({ file: 'x.yaml', content: '__proto__: {polluted: true}\nconstructor: 1\n', env: {} });
    const value = loaded.config?.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps __proto__ and constructor parameters of a deployment as parameters in prefect.yaml', async () => {
    const { parse } = await import('yaml');
    const yaml = edit([
      at.productionPool,
      `${at.productionPool}        deployments:\n          - name: etl\n            entrypoint: flows/etl.py:etl\n            parameters:\n              __proto__: {injected: true}\n              constructor: 2\n              nested: {__proto__: 3}\n`,
    ]);
    const result = compileFixture({ name: 'proto parameters', yaml, expectedCodes: [] });
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) throw new Error('must compile');
    const project = result.files.find((f) => f.kind === 'prefect-deployments');
    const doc = parse(project?.content ?? '', { version: '1.1' }) as { deployments: { parameters: Record<string, unknown> }[] };
    const parameters = doc.deployments[0]?.parameters ?? {};
    expect(Object.keys(parameters).sort()).toEqual(['__proto__', 'constructor', 'nested']);
    expect(Object.getOwnPropertyDescriptor(parameters, '__proto__')?.value).toEqual({ injected: true });
    expect(Object.keys((parameters['nested'] ?? {}) as object)).toEqual(['__proto__']);
  });

  it('warns, with a position, when a variable would not arrive as written', () => {
    const yaml = edit([at.image, `${at.image}    server:\n      environment:\n        PYTHON_VERSION: 3.10\n        WORKERS: 4\n`]);
    const result = compileFixture({ name: 'float version', yaml, expectedCodes: [] });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.range?.start.line])).toEqual([['YAML_IMPLICIT_TYPE', 'warning', yaml.split('\n').findIndex((l) => l.includes('3.10')) + 1]]);
  });
});

/** The CLI in-process, in a scratch folder, with everything it prints captured. */
async function runBuild(fixture: Fixture): Promise<{ code: number; stderr: string; stdout: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'perfect-gen-hostile-'));
  scratch.push(dir);
  writeFileSync(join(dir, 'perfect.config.yaml'), fixture.bytes ?? fixture.yaml ?? '');
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd: dir, env: { NO_COLOR: '1' }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false };
  const code = await main(['build', '--config', 'perfect.config.yaml', '--out', 'out'], io);
  return { code, stderr, stdout, dir };
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('the CLI on hostile configs', () => {
  const viaCli = ['billion laughs', '100k nested flow sequences', 'invalid UTF-8', 'a NUL byte', 'larger than 4 MiB', '__proto__ at the top level', 'duplicate top-level key'];

  it.each(viaCli)('%s: exit 2, no stack trace, no output folder', async (name) => {
    const fixture = hostileFixtures.find((f) => f.name === name);
    if (!fixture) throw new Error(`no fixture named ${name}`);
    const run = await runBuild(fixture);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('internal error');
    for (const code of fixture.expectedCodes) expect(run.stderr).toContain(code);
    expect(readdirSync(run.dir)).toEqual(['perfect.config.yaml']);
  });

  it('leaves an existing output folder untouched', async () => {
    const fixture = hostileFixtures.find((f) => f.name === 'billion laughs');
    if (!fixture) throw new Error('fixture missing');
    const dir = mkdtempSync(join(tmpdir(), 'perfect-gen-hostile-'));
    scratch.push(dir);
    mkdirSync(join(dir, 'out', 'traefik'), { recursive: true });
    writeFileSync(join(dir, 'out', 'traefik', 'perfect-gen.yml'), 'http: {}\n');
    writeFileSync(join(dir, 'out', 'manifest.json'), '{}\n');
    writeFileSync(join(dir, 'perfect.config.yaml'), fixture.yaml ?? '');
    const before = snapshotTree(join(dir, 'out'));
    let stderr = '';
    const io: CliIo = { cwd: dir, env: {}, stdout: () => undefined, stderr: (t) => void (stderr += t), stderrIsTty: false };
    expect(await main(['build', '--config', 'perfect.config.yaml', '--out', 'out'], io)).toBe(2);
    expect(stderr).toContain('YAML_TOO_COMPLEX');
    expect(snapshotTree(join(dir, 'out'))).toEqual(before);
  });

  it('reports a missing config file as INPUT_NOT_FOUND', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfect-gen-hostile-'));
    scratch.push(dir);
    let stderr = '';
    const io: CliIo = { cwd: dir, env: {}, stdout: () => undefined, stderr: (t) => void (stderr += t), stderrIsTty: false };
    expect(await main(['build', '--config', 'missing.yaml', '--out', 'out'], io)).toBe(2);
    expect(stderr).toContain('INPUT_NOT_FOUND');
    expect(readdirSync(dir)).toEqual([]);
  });
});
