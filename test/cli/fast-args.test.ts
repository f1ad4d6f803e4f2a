import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastInvocation, fastPath } from '../../src/cli/fast-args.js';
import type { CliIo } from '../../src/cli/io.js';
import { parseWithYargs } from '../../src/cli/yargs-cli.js';
import { projectRoot } from '../support/model-from.js';

function captureIo(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { cwd: projectRoot, env: {}, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), stderrIsTty: false, out };
}

const tokens = [
  'build', 'validate', 'init', 'schema', 'help', 'bogus',
  '--config', '-c', '--out', '-o', '--format', '--quiet', '-q', '--check', '--stdout', '--color', '--no-color', '--strict', '--env-file', '--no-strict', '--force',
  '--config=x.yaml', '--out=dir', '--format=json', '--format=xml', '--format=', '--quiet=true', '--no-quiet', '--no-check',
  '--', '-', '-x', '-qc', '--help', '-h', '--version', '--Config',
  'x.yaml', 'a b.yaml', 'true', 'false', '1', '0x10', '1e3', '', '.', 'dir/sub', 'json', 'github', 'text', 'xml', 'é.yaml', 'a=b',
];

const values = ['x.yaml', 'a b.yaml', 'true', 'false', '1', '0x10', '1e3', '.', 'dir/sub', 'json', 'github', 'text', 'xml', 'é.yaml', 'a=b', '-', '', '-x'];

/** Mostly well-formed segments (an option and its value), so many generated lines reach the fast path. */
const segment = fc.oneof(
  fc.tuple(fc.constantFrom('--config', '-c', '--out', '-o', '--format', '--env-file'), fc.constantFrom(...values)).map(([o, v]) => [o, v]),
  fc.tuple(fc.constantFrom('--config=', '--out=', '--format=', '--env-file='), fc.constantFrom(...values)).map(([o, v]) => [o + v]),
  fc.constantFrom('--quiet', '-q', '--check', '--stdout', '--color', '--no-color', '--strict', '--force').map((o) => [o]),
  fc.constantFrom(...tokens).map((t) => [t]),
);

/** The fast path may decline any line, but a line it accepts must mean exactly what it means to yargs. */
let accepted = 0;
async function expectSameAsYargs(argv: string[]): Promise<void> {
  const fast = fastInvocation(argv);
  if (fast === undefined) return;
  accepted++;
  const io = captureIo();
  const viaYargs = await parseWithYargs(argv, io);
  expect({ argv, invocation: viaYargs, output: io.out }).toStrictEqual({ argv, invocation: fast, output: [] });
}

describe('fast argument path', () => {
  it('answers --version and --help alone, and leaves their other spellings to yargs', () => {
    expect(fastPath(['--version'])).toEqual({ kind: 'version' });
    expect(fastPath(['--help'])).toEqual({ kind: 'help' });
    expect(fastPath(['-h'])).toEqual({ kind: 'help' });
    for (const argv of [['--version', 'build'], ['build', '--help'], ['help'], [], ['-v']]) expect(fastPath(argv)).toBeUndefined();
  });

  it('accepts the plain command lines', () => {
    expect(fastInvocation(['build', '-c', 'p.yaml', '--out=o', '--check', '-q', '--format', 'json', '--no-color'])).toStrictEqual({
      command: 'build',
      options: { config: 'p.yaml', out: 'o', format: 'json', color: false, strict: false, check: true, stdout: false, quiet: true, force: false },
    });
    expect(fastInvocation(['build', '--force'])).toMatchObject({ command: 'build', options: { force: true } });
    expect(fastInvocation(['validate'])).toStrictEqual({
      command: 'validate',
      options: { config: 'perfect.config.yaml', out: 'out', format: 'text', color: undefined, strict: false, quiet: false },
    });
    expect(fastInvocation(['validate', '--strict', '--env-file', 'ci.env'])).toStrictEqual({
      command: 'validate',
      options: { config: 'perfect.config.yaml', out: 'out', format: 'text', color: undefined, strict: true, envFile: 'ci.env', quiet: false },
    });
  });

  it('declines what only yargs can judge: repeats, conflicts, missing values, unknown words', () => {
    for (const argv of [
      ['build', '-c', 'a', '--config', 'b'],
      ['build', '--check', '--stdout'],
      ['build', '--config'],
      ['build', '--config', '-x'],
      ['build', '--format', 'xml'],
      ['validate', '--out', 'o'],
      ['build', 'extra'],
      ['build', '--bogus'],
      ['--config', 'x', 'build'],
    ]) expect(fastInvocation(argv)).toBeUndefined();
  });

  it('parses like yargs for the lines it accepts', async () => {
    await expectSameAsYargs(['build', '-c', 'p.yaml', '--out=o', '--check', '-q', '--format', 'json', '--no-color']);
    await expectSameAsYargs(['validate', '--strict', '--env-file', 'ci.env']);
    await expectSameAsYargs(['build', '--env-file=.env.ci', '--stdout']);
    await expectSameAsYargs(['init', '--config', 'new.yaml', '--format=github', '--color']);
    await expectSameAsYargs(['schema', '-q']);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('build', 'validate', 'init', 'schema'), fc.array(segment, { maxLength: 5 }), async (command, segments) => {
        await expectSameAsYargs([command, ...segments.flat()]);
      }),
      { numRuns: 500 },
    );
    // Guards the generator: a property that never reaches the fast path proves nothing.
    expect(accepted).toBeGreaterThan(50);
  });
});

describe('start-up of the built CLI', () => {
  const cli = join(projectRoot, 'dist', 'cli.cjs');
  const bin = join(projectRoot, 'bin', 'perfect-gen.cjs');
  const env = { PATH: process.env['PATH'] ?? '' };

  it('prints the --help text that yargs renders', async () => {
    const io = captureIo();
    await parseWithYargs(['--help'], io);
    expect(readFileSync(join(projectRoot, 'dist', 'help.txt'), 'utf8')).toBe(io.out.join(''));
  });

  it('answers --version and --help without loading the engine; the first build stores a code cache, the next uses it', () => {
    const config = join(projectRoot, 'examples', 'perfect', 'perfect.config.yaml');
    const script = `
      const cli = require(${JSON.stringify(cli)});
      const io = { cwd: process.cwd(), env: {}, stdout() {}, stderr() {}, stderrIsTty: false };
      (async () => {
        await cli.main(['--version'], io);
        await cli.main(['--help'], io);
        const afterStart = cli.engineCacheStatus();
        const required = Object.keys(require.cache);
        const code = await cli.main(['build', '--config', ${JSON.stringify(config)}, '--stdout'], io);
        console.log(JSON.stringify({ afterStart, required, code, afterBuild: cli.engineCacheStatus() }));
      })();`;
    const cacheHome = mkdtempSync(join(tmpdir(), 'perfect-gen-cache-'));
    try {
      const run = () => JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...env, XDG_CACHE_HOME: cacheHome } })) as unknown;
      expect(run()).toEqual({ afterStart: 'not-loaded', required: [cli], code: 0, afterBuild: 'stored' });
      expect(readdirSync(join(cacheHome, 'perfect-gen'))).toEqual([expect.stringMatching(/^engine-[0-9a-f]{16}-[0-9.a-z-]+-[a-z0-9]+\.cache$/)]);
      expect(run()).toEqual({ afterStart: 'not-loaded', required: [cli], code: 0, afterBuild: 'accepted' });
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it('ships no code cache: V8 accepts one only on the machine that made it', () => {
    expect(existsSync(join(projectRoot, 'dist', 'engine.cache'))).toBe(false);
  });

  it('runs --version and --help as CommonJS alone: bin and dist/cli.cjs, no ES module', () => {
    for (const arg of ['--version', '--help']) {
      // Node's own loader logs: `load "<file>"` for each CommonJS file, `Translating` for each ES module.
      const { stderr } = spawnSync(process.execPath, [bin, arg], { encoding: 'utf8', env: { ...env, NODE_DEBUG: 'module,esm' } });
      const files = [...stderr.matchAll(/\bload "([^"]+)" for module/g)].map((m) => m[1]);
      expect({ arg, files, esModules: stderr.match(/Translating \w+ \S+/g) ?? [] }).toEqual({ arg, files: [bin, cli], esModules: [] });
    }
  });

  it('keeps dist/cli.cjs one file that requires only Node builtins, with yargs imported on demand', () => {
    const source = readFileSync(cli, 'utf8');
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((id) => !id?.startsWith('node:'))).toEqual([]);
    expect([...source.matchAll(/import\(\s*["']([^"']+)["']/g)].map((m) => m[1])).toEqual(['./yargs-cli.js']);
  });
});
