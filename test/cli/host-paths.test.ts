import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, workspace } from '../support/cli-run.js';

/** The example with a relative flow folder mounted into the production workers. */
function withFlowsVolume(dir: string, credentialsDir = '/etc/perfect-gen/approle'): void {
  const path = join(dir, 'perfect.config.yaml');
  const text = readFileSync(path, 'utf8')
    .replace('      - name: production-pool\n        environment: production\n        workers: 1\n', (pool) => `${pool}        options:\n          volumes:\n            - ./flows:/opt/prefect/flows:ro\n`)
    .replace('credentialsDir: /etc/perfect-gen/approle', `credentialsDir: ${credentialsDir}`);
  writeFileSync(path, text);
}

describe('relative host paths from the command line', () => {
  it('point from the output folder at the folder beside the config, wherever --out is', () => {
    const dir = workspace();
    withFlowsVolume(dir);
    mkdirSync(join(dir, 'deploy'));
    expect(runCli(['build', '--quiet', '--out', 'deploy/out'], dir).status).toBe(0);
    const doc = parse(readFileSync(join(dir, 'deploy', 'out', 'docker-compose.yml'), 'utf8')) as { services: Record<string, { volumes?: string[] }> };
    expect(doc.services['prefect-worker-production-pool']?.volumes).toContain('../../flows:/opt/prefect/flows:ro');
  });

  it('refuses a credentials folder inside the output folder', () => {
    const dir = workspace();
    withFlowsVolume(dir, './out/approle');
    const run = runCli(['build', '--format', 'json'], dir);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string }[] };
    expect(report.diagnostics.map((d) => d.code)).toEqual(['CREDENTIALS_IN_OUTPUT']);
  });
});
