import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace } from '../support/cli-run.js';

describe('perfect-gen build into an output path it cannot use', () => {
  it('reports OUTPUT_CONFLICT and exits 2, without an internal error', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'out'), 'a file, not a folder\n');
    const run = runCli(['build', '--format', 'json'], dir);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; file: string }[] };
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([['OUTPUT_CONFLICT', 'out']]);
  });
});

describe('perfect-gen build over files it did not generate', () => {
  const handWritten = 'services:\n  grafana:\n    image: grafana/grafana:12.2.1\n';

  it('refuses to replace a hand-written file at an artifact path, and writes nothing', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'docker-compose.yml'), handWritten);
    writeFileSync(join(dir, 'out', 'manifest.json'), '{"mine": true}\n');
    const run = runCli(['build', '--format', 'json'], dir);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; file: string }[] };
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['OUTPUT_CONFLICT', 'out/docker-compose.yml'],
      ['OUTPUT_CONFLICT', 'out/manifest.json'],
    ]);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['docker-compose.yml', 'manifest.json']);
    expect(readFileSync(join(dir, 'out', 'docker-compose.yml'), 'utf8')).toBe(handWritten);
  });

  it('replaces it with --force', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'docker-compose.yml'), handWritten);
    expect(runCli(['build', '--force', '--quiet'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'out', 'docker-compose.yml'), 'utf8')).not.toBe(handWritten);
  });

  it('still replaces a generated file that was edited by hand', () => {
    const dir = workspace();
    expect(runCli(['build', '--quiet'], dir).status).toBe(0);
    writeFileSync(join(dir, 'out', 'docker-compose.yml'), handWritten);
    expect(runCli(['build', '--quiet'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'out', 'docker-compose.yml'), 'utf8')).not.toBe(handWritten);
  });
});
