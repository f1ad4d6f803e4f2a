import { appendFileSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { projectRoot } from '../support/model-from.js';
import { runCli, snapshotTree, transcript, workspace } from '../support/cli-run.js';

const golden = (name: string) => join(projectRoot, 'test', 'cli', '__golden__', `${name}.md`);

describe('perfect-gen CLI', () => {
  it('prints its version and help', async () => {
    const dir = workspace();
    const version = runCli(['--version'], dir);
    const help = runCli(['--help'], dir);
    expect(version.status).toBe(0);
    expect(help.status).toBe(0);
    await expect(transcript(version, help)).toMatchFileSnapshot(golden('version-and-help'));
  });

  it('builds, then finds the output clean and unchanged', async () => {
    const dir = workspace();
    const first = runCli(['build'], dir);
    const second = runCli(['build'], dir);
    const check = runCli(['build', '--check'], dir);
    expect([first.status, second.status, check.status]).toEqual([0, 0, 0]);
    expect(second.stdout).toMatch(/0 written/);
    await expect(transcript(first, second, check)).toMatchFileSnapshot(golden('build-and-check-clean'));
  });

  it('reports drift: a changed byte, a deleted file and a file left from a removed app', async () => {
    const dir = workspace();
    expect(runCli(['build'], dir).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { artifacts: { path: string }[] };
    const [changed, deleted] = manifest.artifacts.map((a) => a.path);
    if (!changed || !deleted) throw new Error('the example must produce at least two artifacts');
    appendFileSync(join(dir, 'out', changed), ' ');
    rmSync(join(dir, 'out', deleted));
    const drift = runCli(['build', '--check'], dir);
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain(`stale: out/${changed}`);
    expect(drift.stdout).toContain(`missing: out/${deleted}`);
    expect(drift.stderr).toContain('npx perfect-gen build');
    await expect(transcript(drift)).toMatchFileSnapshot(golden('check-drift'));
  });

  it('reports and then removes files of an app that was removed from the config', () => {
    const dir = workspace();
    const config = join(dir, 'perfect.config.yaml');
    const doc = parseDocument(readFileSync(config, 'utf8'));
    const app = doc.getIn(['apps', 0]) as object;
    const second = parseDocument(stringify(app)).toJS() as Record<string, unknown>;
    doc.addIn(['apps'], { ...second, name: 'second', title: 'Second', host: 'second.zitian.party', redis: { db: 2 }, access: { mode: 'sso', slug: 'second', groups: ['platform-admins'] } });
    writeFileSync(config, doc.toString());
    expect(runCli(['build'], dir).status).toBe(0);
    const secondFiles = Object.keys(snapshotTree(join(dir, 'out'))).filter((p) => p.startsWith('second/'));

    doc.deleteIn(['apps', 1]);
    writeFileSync(config, doc.toString());
    const check = runCli(['build', '--check'], dir);
    expect(check.status).toBe(1);
    for (const path of secondFiles) expect(check.stdout).toContain(`no longer generated: out/${path}`);
    const rebuild = runCli(['build'], dir);
    expect(rebuild.status).toBe(0);
    for (const path of secondFiles) expect(existsSync(join(dir, 'out', path))).toBe(false);
    expect(runCli(['build', '--check'], dir).status).toBe(0);
  });

  it.each([
    ['an unknown key', '    database: prefect', '    database: prefect\n    databse: typo', 'databse: typo', 'SCHEMA_UNKNOWN_KEY'],
    ['a wrong type', '      db: 1', '      db: "one"', 'db: "one"', 'SCHEMA_TYPE'],
    ['a broken indent', '    port: 6379', '     port: 6379', '     port: 6379', 'YAML_SYNTAX'],
  ])('leaves every earlier file byte-identical when a later build fails on %s', (_name, from, to, culprit, code) => {
    const dir = workspace();
    writeFileSync(join(dir, 'out-keep.txt'), 'not managed');
    expect(runCli(['build'], dir).status).toBe(0);
    mkdirSync(join(dir, 'out', 'mine'), { recursive: true });
    writeFileSync(join(dir, 'out', 'mine', 'notes.txt'), 'a file perfect-gen does not manage');
    const before = snapshotTree(dir);
    const config = join(dir, 'perfect.config.yaml');
    const broken = readFileSync(config, 'utf8').replace(from, to);
    writeFileSync(config, broken);
    const failed = runCli(['build'], dir);
    expect(failed.status).toBe(2);
    const line = broken.split('\n').findIndex((l) => l === culprit || l.endsWith(culprit)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(failed.stderr).toMatch(new RegExp(`^perfect\\.config\\.yaml:${line}:\\d+: error ${code}`, 'm'));
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    const after = snapshotTree(dir);
    delete after['perfect.config.yaml'];
    delete before['perfect.config.yaml'];
    expect(after).toEqual(before);
  });

  it('validates without writing, and reports every problem with its position', async () => {
    const dir = workspace();
    const ok = runCli(['validate'], dir);
    const config = join(dir, 'perfect.config.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('    host: perfect.zitian.party', '    host: Perfect.Zitian.Party').replace('      db: 1', '      db: "one"').replace('  network: platform', '  network: platform\n  netwrok: typo'),
    );
    const bad = runCli(['validate'], dir);
    expect(ok.status).toBe(0);
    expect(bad.status).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    await expect(transcript(ok, bad)).toMatchFileSnapshot(golden('validate'));
  });

  it('renders diagnostics as JSON and as GitHub annotations', async () => {
    const dir = workspace();
    const config = join(dir, 'perfect.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('    database: prefect', '    database: prefect\n    databse: typo'));
    const json = runCli(['validate', '--format', 'json'], dir);
    const github = runCli(['validate', '--format', 'github'], dir);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).diagnostics[0].code).toBe('SCHEMA_UNKNOWN_KEY');
    expect(github.stderr).toMatch(/^::error file=perfect\.config\.yaml,line=\d+,col=\d+,/);
    await expect(transcript(json, github)).toMatchFileSnapshot(golden('formats'));
  });

  it('writes a starter config that builds, and never overwrites it', async () => {
    const dir = workspace();
    rmSync(join(dir, 'perfect.config.yaml'));
    const created = runCli(['init'], dir);
    const again = runCli(['init'], dir);
    const builds = runCli(['validate'], dir);
    expect([created.status, again.status, builds.status]).toEqual([0, 2, 0]);
    expect(readFileSync(join(dir, 'perfect.config.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    await expect(transcript(created, again, builds)).toMatchFileSnapshot(golden('init'));
  });

  it('prints the schema', () => {
    const run = runCli(['schema'], workspace());
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(projectRoot, 'schema', 'perfect.config.schema.json'), 'utf8'));
  });

  it('prints the artifacts with --stdout and writes nothing', () => {
    const dir = workspace();
    const run = runCli(['build', '--stdout'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('# ==> manifest.json <==');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('rejects usage errors with exit code 2', () => {
    const dir = workspace();
    expect(runCli(['frobnicate'], dir).status).toBe(2);
    expect(runCli(['build', '--check', '--stdout'], dir).status).toBe(2);
    expect(runCli([], dir).status).toBe(2);
    const missing = runCli(['build', '--config', 'nope.yaml'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('INPUT_NOT_FOUND');
  });
});
