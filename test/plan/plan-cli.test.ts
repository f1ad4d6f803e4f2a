import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/model-from.js';
import { runCli, transcript, workspace } from '../support/cli-run.js';

const golden = (name: string) => join(projectRoot, 'test', 'plan', '__golden__', `${name}.txt`);
const fallback = 'no recorded model; showing the file diff';

/** A workspace built from the perfect example, so out/manifest.json records its model. */
function built(): string {
  const dir = workspace();
  expect(runCli(['build'], dir).status).toBe(0);
  return dir;
}

function editConfig(dir: string, from: string, to: string): void {
  const path = join(dir, 'perfect.config.yaml');
  const text = readFileSync(path, 'utf8');
  expect(text.split(from)).toHaveLength(2);
  writeFileSync(path, text.replace(from, to));
}

function editManifest(dir: string, edit: (manifest: Record<string, unknown>) => void): void {
  const path = join(dir, 'out', 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
}

const makePublic = ['      mode: sso\n      slug: perfect\n      groups:\n        - platform-admins\n', '      mode: public\n      reason: A public demo instance.\n'] as const;

describe('perfect-gen plan (CLI)', () => {
  it('says so when nothing changes, and exits 0', () => {
    const run = runCli(['plan'], built());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No changes');
  });

  it('exits 1 and names the reasons when a --fail-on kind is in the plan', () => {
    const dir = built();
    editConfig(dir, ...makePublic);
    const pass = runCli(['plan', '--fail-on', 'public-route,policy-widened'], dir);
    const fail = runCli(['plan', '--fail-on', 'public-route', '--fail-on', 'sso-removed', '--format', 'markdown'], dir);
    expect(pass.status).toBe(0);
    expect(fail.status).toBe(1);
    expect(fail.stderr).toBe('perfect-gen plan: failing (--fail-on): sso-removed\n');
    expect(fail.stdout).toContain('**Fails `--fail-on`:** `sso-removed`');
    expect(fail.stdout).toMatch(/\| `sso-removed` \| perfect\.zitian\.party \(app prefect\) is now public/);
    const json = JSON.parse(runCli(['plan', '--format', 'json', '--fail-on', 'sso-removed'], dir).stdout) as { status: string; failOn: { failed: boolean; reasons: string[] } };
    expect(json.status).toBe('changes');
    expect(json.failOn).toEqual({ kinds: ['sso-removed'], failed: true, reasons: ['sso-removed'] });
  });

  it('rejects an unknown change kind and a format plan does not print', () => {
    const dir = built();
    const kind = runCli(['plan', '--fail-on', 'public-route,public-routes'], dir);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toContain('unknown change kind "public-routes"');
    expect(runCli(['plan', '--format', 'github'], dir).status).toBe(2);
    expect(runCli(['build', '--format', 'markdown', '--check'], dir).status).toBe(2);
  });

  it('prints config problems and exits 2 on an invalid config', () => {
    const dir = built();
    editConfig(dir, '    database: prefect\n', '    databse: prefect\n');
    const run = runCli(['plan'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('SCHEMA_UNKNOWN_KEY');
  });

  it('falls back to the file diff without a manifest, and --fail-on then fails', () => {
    const dir = workspace();
    const run = runCli(['plan', '--fail-on', 'public-route'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(fallback);
    expect(run.stdout).toContain('out/manifest.json does not exist');
    expect(run.stdout).toContain('added    docker-compose.yml');
    expect(run.stderr).toContain('no recorded model');
    expect(runCli(['plan'], dir).status).toBe(0);
  });

  it('falls back to the file diff for a manifest written before models were recorded', async () => {
    const dir = built();
    editManifest(dir, (m) => delete m['model']);
    const run = runCli(['plan'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(fallback);
    expect(run.stdout).toContain('records no model');
    expect(run.stdout).toContain('changed  manifest.json');
    await expect(transcript(run)).toMatchFileSnapshot(golden('fallback-older-manifest'));
  });

  it('falls back for a model written by a newer perfect-gen, and for a damaged one', () => {
    const newer = built();
    editManifest(newer, (m) => {
      m['generator'] = { name: 'perfect-gen', version: '9.0.0' };
      (m['model'] as Record<string, unknown>)['schema'] = 2;
    });
    const run = runCli(['plan', '--format', 'json'], newer);
    const json = JSON.parse(run.stdout) as { status: string; reason: string };
    expect(json.status).toBe('no-recorded-model');
    expect(json.reason).toContain('written by perfect-gen 9.0.0');
    expect(json.reason).toContain('upgrade');

    const damaged = built();
    editManifest(damaged, (m) => {
      const model = m['model'] as { routes: unknown[] };
      model.routes.push(model.routes[0]);
    });
    const second = runCli(['plan'], damaged);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('damaged record (model.routes)');

    const notJson = built();
    writeFileSync(join(notJson, 'out', 'manifest.json'), '{"model": ');
    expect(runCli(['plan'], notJson).stdout).toContain('is not valid JSON');
  });

  it('build --check finds a recorded model that no longer matches the config', () => {
    const dir = built();
    editManifest(dir, (m) => {
      (m['model'] as { routes: { host: string }[] }).routes[0]!.host = 'elsewhere.zitian.party';
    });
    const check = runCli(['build', '--check'], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('stale: out/manifest.json');
  });
});
