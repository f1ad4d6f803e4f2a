import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/model-from.js';
import { runCli, transcript, workspace } from '../support/cli-run.js';

const golden = (name: string) => join(projectRoot, 'test', 'cli', '__golden__', `${name}.md`);

/** A workspace whose config compiles with one warning (an unquoted 3.10 read as 3.1). */
function warningWorkspace(): string {
  const dir = workspace();
  const config = join(dir, 'perfect.config.yaml');
  const text = readFileSync(config, 'utf8');
  const image = '    image: prefecthq/prefect:3.8.3-python3.12\n';
  expect(text.split(image)).toHaveLength(2);
  writeFileSync(config, text.replace(image, `${image}    server:\n      environment:\n        PYTHON_VERSION: 3.10\n`));
  return dir;
}

/** A built workspace with stale, missing and obsolete files. */
function driftWorkspace(): string {
  const dir = workspace();
  expect(runCli(['build', '--quiet'], dir).status).toBe(0);
  appendFileSync(join(dir, 'out', 'docker-compose.yml'), '# edited\n');
  rmSync(join(dir, 'out', 'traefik', 'perfect-gen.yml'));
  const manifestPath = join(dir, 'out', 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { artifacts: { path: string; kind: string; sha256: string }[] };
  writeFileSync(join(dir, 'out', 'old.md'), 'from a removed app\n');
  manifest.artifacts.push({ path: 'old.md', kind: 'runbook', sha256: '0'.repeat(64) });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return dir;
}

interface JsonReport {
  command: string;
  ok: boolean;
  exitCode: number;
  summary: string;
  outDir?: string;
  diagnostics: { code: string; severity: string }[];
  files: { path: string; status: string; content?: string }[];
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('every outcome in every format', () => {
  it('JSON: one document on stdout for a build, a clean check and a failure', () => {
    const dir = workspace();
    const built = runCli(['build', '--format', 'json'], dir);
    expect(built.status).toBe(0);
    expect(built.stderr).toBe('');
    const report = json(built.stdout);
    expect(report).toMatchObject({ command: 'build', ok: true, exitCode: 0, outDir: 'out', diagnostics: [] });
    expect(report.files.length).toBeGreaterThan(5);
    expect(new Set(report.files.map((f) => f.status))).toEqual(new Set(['written']));

    const clean = json(runCli(['build', '--check', '--format', 'json'], dir).stdout);
    expect(clean).toMatchObject({ command: 'build --check', ok: true, exitCode: 0 });
    expect(new Set(clean.files.map((f) => f.status))).toEqual(new Set(['unchanged']));

    rmSync(join(dir, 'perfect.config.yaml'));
    const missing = runCli(['validate', '--format', 'json'], dir);
    expect(missing.status).toBe(2);
    expect(json(missing.stdout)).toMatchObject({ ok: false, exitCode: 2, diagnostics: [{ code: 'INPUT_NOT_FOUND' }] });
  });

  it('build --check drift: one entry per stale, missing and obsolete file, in JSON and as GitHub annotations', async () => {
    const dir = driftWorkspace();
    const asJson = runCli(['build', '--check', '--format', 'json'], dir);
    expect(asJson.status).toBe(1);
    expect(asJson.stderr).toBe('');
    const drift = json(asJson.stdout).files.filter((f) => f.status !== 'unchanged');
    expect(drift).toEqual([
      { path: 'docker-compose.yml', status: 'stale' },
      // The manifest that remembers old.md was edited by hand, so it is stale too.
      { path: 'manifest.json', status: 'stale' },
      { path: 'old.md', status: 'obsolete' },
      { path: 'traefik/perfect-gen.yml', status: 'missing' },
    ]);
    const github = runCli(['build', '--check', '--format', 'github', '--quiet'], dir);
    expect(github.status).toBe(1);
    const annotations = github.stderr.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(4);
    expect(annotations.join('\n')).toMatch(/file=out\/docker-compose\.yml,title=perfect-gen stale::/);
    await expect(transcript(asJson, github)).toMatchFileSnapshot(golden('check-drift-formats'));
  });

  it('warnings and success reach JSON and GitHub output too', async () => {
    const dir = warningWorkspace();
    const asJson = runCli(['validate', '--format', 'json'], dir);
    const github = runCli(['build', '--format', 'github', '--quiet'], dir);
    expect([asJson.status, github.status]).toEqual([0, 0]);
    expect(json(asJson.stdout).diagnostics.map((d) => [d.code, d.severity])).toEqual([['YAML_IMPLICIT_TYPE', 'warning']]);
    expect(github.stderr).toMatch(/^::warning file=perfect\.config\.yaml,line=\d+/m);
    expect(github.stderr).toMatch(/^::notice title=perfect-gen::out: \d+ written/m);
    await expect(transcript(asJson, github)).toMatchFileSnapshot(golden('warnings-and-success'));
  });

  it('build --stdout in JSON carries the artifacts in the one document', () => {
    const report = json(runCli(['build', '--stdout', '--format', 'json'], workspace()).stdout);
    expect(report.files.find((f) => f.path === 'manifest.json')?.content).toMatch(/"artifacts"/);
  });
});

describe('--strict', () => {
  it('fails on a warning with the exit code of an error, and writes nothing', () => {
    const dir = warningWorkspace();
    const strict = runCli(['build', '--strict'], dir);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('warning YAML_IMPLICIT_TYPE');
    expect(strict.stderr).toContain('perfect-gen: perfect.config.yaml has 1 warning, which --strict treats as errors');
    expect(runCli(['build', '--strict', '--format', 'github'], dir).stderr).toMatch(/^::error title=perfect-gen::perfect\.config\.yaml has 1 warning/m);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(runCli(['validate', '--strict', '--format', 'json'], dir).status).toBe(2);
    expect(runCli(['build'], dir).status).toBe(0);
  });

  it('passes a config without warnings', () => {
    expect(runCli(['build', '--strict', '--quiet'], workspace()).status).toBe(0);
  });
});

describe('a closed stdout', () => {
  it('ends build --stdout quietly when the reader goes away', () => {
    const dir = workspace();
    const bin = join(projectRoot, 'bin', 'perfect-gen.cjs');
    const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" build --stdout | true`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('did you mean, for commands', () => {
  it('suggests the command a typo was meant to be', () => {
    const run = runCli(['biuld'], workspace());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('did you mean "perfect-gen build"?');
  });
});

describe('an internal error', () => {
  it('still gives the one JSON document, with exit code 3', async () => {
    const { main } = await import('../../src/cli/main.js');
    const out: string[] = [];
    const err: string[] = [];
    // An environment that cannot be read stands in for any bug past argument parsing.
    const env = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
    const io = { cwd: workspace(), env, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), stderrIsTty: false };
    expect(await main(['validate', '--format', 'json'], io)).toBe(3);
    expect(JSON.parse(out.join(''))).toMatchObject({ command: 'validate', ok: false, exitCode: 3, summary: 'internal error: boom' });
    expect(err.join('')).toContain('This is a bug in perfect-gen');
  });
});
