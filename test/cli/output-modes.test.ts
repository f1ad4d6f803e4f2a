import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/model-from.js';
import { runCli, workspace } from '../support/cli-run.js';

// Color follows src/cli/io.ts `useColor` and the README ("color is on only when stderr is a
// terminal and NO_COLOR is unset"): --no-color always wins, then NO_COLOR, then FORCE_COLOR,
// then whether stderr is a terminal.

const ansi = /\u001b\[/;
const bin = join(projectRoot, 'bin', 'perfect-gen.cjs');

/** A workspace whose config has one schema error (an unknown key). */
function invalidWorkspace(): string {
  const dir = workspace();
  const config = join(dir, 'perfect.config.yaml');
  const text = readFileSync(config, 'utf8');
  expect(text.split('    database: prefect\n')).toHaveLength(2);
  writeFileSync(config, text.replace('    database: prefect\n', '    database: prefect\n    databse: typo\n'));
  return dir;
}

/** Runs the CLI with exactly this environment (runCli always sets NO_COLOR), stderr piped. */
function runPiped(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the CLI under a pseudo-terminal (util-linux `script`), so stderr is a TTY; returns what the terminal shows. */
function runInTerminal(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}) {
  const command = [process.execPath, bin, ...args].map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { status: result.status, output: result.stdout };
}

describe('color', () => {
  it('is off by default when stderr is a pipe', () => {
    const run = runPiped(['validate'], invalidWorkspace());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('SCHEMA_UNKNOWN_KEY');
    expect(run.stderr).not.toMatch(ansi);
  });

  it('is on with FORCE_COLOR on a pipe', () => {
    const run = runPiped(['validate'], invalidWorkspace(), { FORCE_COLOR: '1' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(ansi);
  });

  it('is off with NO_COLOR even when FORCE_COLOR is set', () => {
    const run = runPiped(['validate'], invalidWorkspace(), { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(run.stderr).toContain('SCHEMA_UNKNOWN_KEY');
    expect(run.stderr).not.toMatch(ansi);
  });

  it('is off with --no-color even when FORCE_COLOR is set', () => {
    const run = runPiped(['validate', '--no-color'], invalidWorkspace(), { FORCE_COLOR: '1' });
    expect(run.stderr).toContain('SCHEMA_UNKNOWN_KEY');
    expect(run.stderr).not.toMatch(ansi);
  });

  it('is on with --color even when NO_COLOR is set: the command line wins (no-color.org)', () => {
    const run = runPiped(['validate', '--color'], invalidWorkspace(), { NO_COLOR: '1' });
    expect(run.stderr).toContain('SCHEMA_UNKNOWN_KEY');
    expect(run.stderr).toMatch(ansi);
  });

  it('is on with --color on a pipe', () => {
    const run = runPiped(['validate', '--color'], invalidWorkspace());
    expect(run.stderr).toContain('SCHEMA_UNKNOWN_KEY');
    expect(run.stderr).toMatch(ansi);
  });

  it('never reaches JSON or GitHub output', () => {
    for (const format of ['json', 'github']) {
      const run = runPiped(['validate', '--format', format], invalidWorkspace(), { FORCE_COLOR: '1' });
      expect(run.status).toBe(2);
      const shown = run.stdout + run.stderr;
      expect(shown).toContain('SCHEMA_UNKNOWN_KEY');
      expect(shown, format).not.toMatch(ansi);
    }
  });

  describe.skipIf(!hasScript)('on a terminal', () => {
    it('is on by default', () => {
      const run = runInTerminal(['validate'], invalidWorkspace());
      expect(run.output).toContain('SCHEMA_UNKNOWN_KEY');
      expect(run.output).toMatch(ansi);
    });

    it('is off with NO_COLOR or --no-color', () => {
      for (const [args, env] of [[['validate'], { NO_COLOR: '1' }], [['validate', '--no-color'], {}]] as const) {
        const run = runInTerminal(args, invalidWorkspace(), env);
        expect(run.output).toContain('SCHEMA_UNKNOWN_KEY');
        expect(run.output, args.join(' ')).not.toMatch(ansi);
      }
    });
  });
});

describe('--quiet', () => {
  it('build prints nothing on success', () => {
    const dir = workspace();
    const run = runCli(['build', '--quiet'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    expect(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).not.toBe('');
  });

  it('build --check and validate print nothing when all is well', () => {
    const dir = workspace();
    expect(runCli(['build', '-q'], dir).status).toBe(0);
    for (const args of [['build', '--check', '--quiet'], ['validate', '--quiet']]) {
      const run = runCli(args, dir);
      expect(run.status, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toBe('');
    }
  });

  it('a failing build still prints its diagnostics to stderr', () => {
    const dir = invalidWorkspace();
    const run = runCli(['build', '--quiet'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/perfect\.config\.yaml:\d+:\d+: error SCHEMA_UNKNOWN_KEY/);
    expect(run.stderr).toContain('hint:');
  });

  it('a failing build prints the same diagnostics with and without --quiet', () => {
    const dir = invalidWorkspace();
    expect(runCli(['build', '--quiet', '--format', 'json'], dir).stdout).toBe(runCli(['build', '--format', 'json'], dir).stdout);
  });
});
