import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCheckIds } from '../../src/doctor/check-ids.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { runCli, workspace } from '../support/cli-run.js';
import { projectRoot } from '../support/model-from.js';
import { hasOpenssl, healthyPrefect, httpDouble, prefectApiDouble, selfSignedCertificate, silentDouble, ssoRoutes, traefikDouble, doublesPerTest } from './doubles.js';

const bin = join(projectRoot, 'bin', 'perfect-gen.cjs');
const hosts = ['perfect.zitian.party', 'wiki.zitian.party'];

/** Runs the built CLI without blocking, so the doubles in this process can answer it. */
function doctor(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const startedAt = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'doctor', ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => done({ status, stdout, stderr, ms: Date.now() - startedAt }));
  });
}

const pointAll = (port: number) => hosts.flatMap((h) => ['--connect-to', `${h}:443:127.0.0.1:${port}`]);
const platform = () => workspace('examples/platform/perfect.config.yaml');

const started = doublesPerTest();

describe('perfect-gen doctor', () => {
  it('exits 2 on bad usage, saying what is wrong', async () => {
    const dir = platform();
    const cases: [string[], RegExp][] = [
      [['--resolve', 'perfect.zitian.party:443'], /--resolve perfect\.zitian\.party:443: expected HOST:PORT:ADDRESS/],
      [['--connect-to', 'a:1:b:99999'], /ports must be 1 to 65535/],
      [['--only', 'tls,dns'], /--only: unknown check dns/],
      [['--timeout', '0'], /--timeout 0: give the seconds/],
      [['--format', 'github'], /doctor prints text or json/],
      [['--prefect-url', 'ftp://x'], /must be http or https/],
      [['--cacert', 'perfect.config.yaml'], /--cacert perfect\.config\.yaml: not a PEM certificate file/],
    ];
    for (const [args, message] of cases) {
      const run = await doctor(args, dir);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
    const invalid = await doctor(['--config', 'missing.yaml'], dir);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('INPUT_NOT_FOUND');
  });

  it('ends a run against a deployment that never answers within --timeout, with fail rows and no stack trace', async () => {
    const silent = await started(silentDouble());
    const dir = platform();
    const run = await doctor(['--format', 'json', '--timeout', '1', ...pointAll(silent.port), '--prefect-url', `http://127.0.0.1:${silent.port}/api`], dir);
    expect(run.status).toBe(1);
    expect(run.ms).toBeLessThan(3000);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(Object.keys(report)).toEqual(['checks', 'summary']);
    for (const row of report.checks) expect(Object.keys(row)).toEqual(['id', 'status', 'subject', 'saw', 'fix']);
    expect(report.checks.filter((c) => c.id !== 'drift').every((c) => c.status === 'fail')).toBe(true);
    expect(report.checks.find((c) => c.id === 'tls')?.saw).toMatch(/^no answer from perfect\.zitian\.party:443 \(at 127\.0\.0\.1:\d+\) within \d/);
    expect(report.summary).toMatchObject({ ok: 0, warn: 0, status: 'fail' });
    expect(report.summary.fail).toBe(report.checks.length);
  });

  it.skipIf(!hasOpenssl)('is healthy against healthy doubles: exit 0 with warnings allowed, secrets never printed', async () => {
    const secret = 'admin:never-print-me';
    const certificate = selfSignedCertificate(hosts);
    const traefik = await started(traefikDouble(certificate, ssoRoutes()));
    const api = await started(httpDouble(prefectApiDouble({ ...healthyPrefect(), authString: secret })));
    const dir = platform();
    expect(runCli(['build'], dir).status).toBe(0);
    const args = [...pointAll(traefik.port), '--insecure', '--prefect-url', `http://127.0.0.1:${api.port}/api`];
    const run = await doctor(args, dir, { PREFECT_API_AUTH_STRING: secret });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^warn  tls +perfect\.zitian\.party: /m);
    expect(run.stdout).toContain('secrets: not checked; run with --docker');
    expect(run.stdout).toMatch(/\n15 ok, 2 warn, 0 fail: healthy, with warnings\n$/);
    expect(run.stdout + run.stderr).not.toContain('never-print-me');

    writeFileSync(join(dir, 'test-ca.pem'), certificate.cert);
    const trusted = await doctor([...pointAll(traefik.port), '--cacert', 'test-ca.pem', '--prefect-url', `http://127.0.0.1:${api.port}/api`], dir, { PREFECT_API_AUTH_STRING: secret });
    expect(trusted.status).toBe(0);
    expect(trusted.stdout).toMatch(/\n17 ok, 0 warn, 0 fail: healthy\n$/);
    const quiet = await doctor([...args, '--quiet'], dir, { PREFECT_API_AUTH_STRING: secret });
    expect(quiet.stdout.split('\n').filter((l) => /^(ok|warn|fail) /.test(l))).toEqual([expect.stringMatching(/^warn  tls/), expect.stringMatching(/^warn  tls/)]);

    const only = await doctor([...args, '--format', 'json', '--only', 'prefect.workers', '--only', 'drift'], dir, { PREFECT_API_AUTH_STRING: secret });
    const report = JSON.parse(only.stdout) as DoctorReport;
    expect(report.checks.map((c) => `${c.id} ${c.subject} ${c.status}`)).toEqual([
      'prefect.workers production-pool ok',
      'prefect.workers staging-pool ok',
      'drift out ok',
    ]);

    const stale = await doctor([...args, '--only', 'drift', '--out', 'elsewhere'], dir);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('fix: Regenerate, review and deploy the output: `npx perfect-gen build --out elsewhere`');
  });

  it('lists every check id in the README', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Doctor checks'));
    for (const id of allCheckIds) expect(section, id).toContain(`| \`${id}\` |`);
  });
});
