import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { emitComposeFor } from '../support/emit.js';
import { exampleText, modelFromYaml } from '../support/model-from.js';

const context = { provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' }, generatorVersion: '0.0.0-test' };

/** The migrate command as Compose hands it to the container: YAML parsed, `$$` turned back into `$`. */
function migrateCommand(text: string): string[] {
  const [file] = emitComposeFor(modelFromYaml(text), context);
  const doc = parse(file?.content ?? '') as { services: Record<string, { command?: string[] }> };
  return (doc.services['prefect-migrate']?.command ?? []).map((arg) => arg.replace(/\$\$/g, '$'));
}

const withMigrate = (lines: string): string =>
  exampleText('perfect').replace('    database: prefect\n', `    database: prefect\n    migrate:\n${lines}`);

const bin = mkdtempSync(join(tmpdir(), 'perfect-gen-migrate-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/**
 * Runs the command with a `prefect` that fails `failures` times, then succeeds, and a `sleep` that only
 * records how long it was asked to wait; counts the calls of each.
 */
function run(command: string[], failures: number): { status: number | null; stderr: string; calls: number; sleeps: string } {
  const dir = mkdtempSync(join(bin, 'run-'));
  const count = join(dir, 'calls');
  const slept = join(dir, 'slept');
  writeFileSync(count, '');
  writeFileSync(slept, '');
  const fake = join(dir, 'prefect');
  writeFileSync(fake, `#!/bin/sh\necho x >> '${count}'\n[ "$(wc -l < '${count}')" -gt ${failures} ]\n`);
  chmodSync(fake, 0o755);
  writeFileSync(join(dir, 'sleep'), `#!/bin/sh\necho "$@" >> '${slept}'\n`);
  chmodSync(join(dir, 'sleep'), 0o755);
  const [shell = '', ...args] = command;
  const result = spawnSync(shell, args, { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8', timeout: 20_000 });
  const calls = spawnSync('sh', ['-c', `wc -l < '${count}'`], { encoding: 'utf8' }).stdout.trim();
  const sleeps = spawnSync('sh', ['-c', `tr '\\n' ' ' < '${slept}'`], { encoding: 'utf8' }).stdout.trim();
  return { status: result.status, stderr: result.stderr, calls: Number(calls), sleeps };
}

describe('the migration gives up', () => {
  test('after 60 tries 5 s apart by default', () => {
    const script = migrateCommand(exampleText('perfect'))[2] ?? '';
    expect(script).toContain('until prefect server database upgrade -y;');
    expect(script).toContain('[ "$attempt" -ge 60 ]');
    expect(script).toContain('sleep 5;');
  });

  test('after the configured tries, with exit 1 and a line that says so', () => {
    const command = migrateCommand(withMigrate('      attempts: 3\n      intervalSeconds: 1\n'));
    expect(command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    const failed = run(command, 99);
    expect(failed.status).toBe(1);
    expect(failed.calls).toBe(3);
    expect(failed.sleeps).toBe('1 1');
    expect(failed.stderr).toBe(
      'platform-prefect-migrate: the database migration failed 3 times, 1 s apart; giving up. Check the database URL and password in its env file and that the database exists.\n',
    );
  });

  test('succeeds as soon as a try succeeds', () => {
    const recovered = run(migrateCommand(withMigrate('      attempts: 3\n      intervalSeconds: 1\n')), 1);
    expect(recovered).toEqual({ status: 0, stderr: '', calls: 2, sleeps: '1' });
  });
});
