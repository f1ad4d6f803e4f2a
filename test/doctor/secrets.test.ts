import { describe, expect, it } from 'vitest';
import { secretsChecks } from '../../src/doctor/checks/secrets.js';
import type { DockerResult } from '../../src/doctor/probe/docker.js';
import type { OutputFile } from '../../src/emit/types.js';
import { compiled, doctorContext } from './context.js';
import { dockerDouble } from './doubles.js';

const state = (container: string) => `inspect --format {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}} ${container}`;
const stat = (container: string, path: string) => `exec ${container} stat -c %s ${path}`;
const running: DockerResult = { code: 0, stdout: 'running healthy\n' };
const size = (bytes: number): DockerResult => ({ code: 0, stdout: `${bytes}\n` });

/** Every agent of the platform example healthy, every env file rendered. */
function healthyDocker(): Record<string, DockerResult | 'hang'> {
  return {
    [state('platform-prefect-vault-agent-production')]: running,
    [stat('platform-prefect-vault-agent-production', '/vault/secrets/server/server.env')]: size(412),
    [stat('platform-prefect-vault-agent-production', '/vault/secrets/worker-production-pool/worker-production-pool.env')]: size(88),
    [state('platform-prefect-vault-agent-staging')]: running,
    [stat('platform-prefect-vault-agent-staging', '/vault/secrets/worker-staging-pool/worker-staging-pool.env')]: size(80),
    [state('platform-wiki-vault-agent-production')]: running,
    [stat('platform-wiki-vault-agent-production', '/vault/secrets/app/app.env')]: size(300),
    [state('platform-notifier-vault-agent-production')]: running,
    [stat('platform-notifier-vault-agent-production', '/vault/secrets/app/app.env')]: size(120),
  };
}

describe('doctor secrets (against a docker double)', () => {
  it('is ok when every agent is healthy and every env file has content; runs only inspect and stat', async () => {
    const calls: string[][] = [];
    const rows = await secretsChecks(doctorContext({ docker: { run: dockerDouble(healthyDocker(), calls) } }));
    expect(rows.map((r) => `${r.id} ${r.subject} ${r.status}`)).toEqual([
      'secrets.agent platform-prefect-vault-agent-production ok',
      'secrets.env-file platform-prefect-vault-agent-production:/vault/secrets/server/server.env ok',
      'secrets.env-file platform-prefect-vault-agent-production:/vault/secrets/worker-production-pool/worker-production-pool.env ok',
      'secrets.agent platform-prefect-vault-agent-staging ok',
      'secrets.env-file platform-prefect-vault-agent-staging:/vault/secrets/worker-staging-pool/worker-staging-pool.env ok',
      'secrets.agent platform-wiki-vault-agent-production ok',
      'secrets.env-file platform-wiki-vault-agent-production:/vault/secrets/app/app.env ok',
      'secrets.agent platform-notifier-vault-agent-production ok',
      'secrets.env-file platform-notifier-vault-agent-production:/vault/secrets/app/app.env ok',
    ]);
    expect(rows[1]?.saw).toBe('exists, 412 bytes');
    expect(calls.every((c) => c[0] === 'inspect' || (c[0] === 'exec' && c[2] === 'stat'))).toBe(true);
  });

  it('fails a missing env file, an empty one and an unhealthy agent, with the runbook fix', async () => {
    const answers = healthyDocker();
    answers[stat('platform-prefect-vault-agent-staging', '/vault/secrets/worker-staging-pool/worker-staging-pool.env')] = { code: 1, stdout: '' };
    answers[stat('platform-wiki-vault-agent-production', '/vault/secrets/app/app.env')] = size(0);
    answers[state('platform-notifier-vault-agent-production')] = { code: 0, stdout: 'running unhealthy\n' };
    const rows = await secretsChecks(doctorContext({ docker: { run: dockerDouble(answers) } }));
    const failed = rows.filter((r) => r.status === 'fail');
    expect(failed.map((r) => [r.id, r.subject, r.saw])).toEqual([
      ['secrets.env-file', 'platform-prefect-vault-agent-staging:/vault/secrets/worker-staging-pool/worker-staging-pool.env', 'missing'],
      ['secrets.env-file', 'platform-wiki-vault-agent-production:/vault/secrets/app/app.env', 'empty'],
      ['secrets.agent', 'platform-notifier-vault-agent-production', 'running unhealthy'],
    ]);
    expect(failed[0]?.fix).toContain('read by prefect-worker-staging-pool');
    expect(failed[0]?.fix).toContain('docker exec platform-prefect-vault-agent-staging ls -lR /vault/secrets');
    expect(failed[2]?.fix).toContain('The policy `platform-notifier-production`');
  });

  it('says why when docker cannot run here, in one row', async () => {
    const rows = await secretsChecks(doctorContext({ docker: { run: dockerDouble({}), unavailable: 'the docker CLI is not on PATH' } }));
    expect(rows).toEqual([expect.objectContaining({ id: 'secrets.docker', status: 'fail', saw: 'the docker CLI is not on PATH' })]);
    expect(await secretsChecks(doctorContext())).toEqual([]);
  });

  it('fails a container that runs an older config hash than the compose file carries', async () => {
    const { files } = compiled();
    const withHash: OutputFile[] = files.map((f) =>
      f.kind === 'compose' ? { ...f, content: f.content.replaceAll('dev.perfect-gen.role: vault-agent', 'dev.perfect-gen.role: vault-agent\n      dev.perfect-gen.config-hash: abc123') } : f,
    );
    expect(withHash.find((f) => f.kind === 'compose')?.content).toContain('config-hash: abc123');
    const labels = (hash: string): DockerResult => ({ code: 0, stdout: JSON.stringify({ 'dev.perfect-gen.role': 'vault-agent', 'dev.perfect-gen.config-hash': hash }) });
    const inspect = (c: string) => `inspect --format {{json .Config.Labels}} ${c}`;
    const current = {
      ...healthyDocker(),
      [inspect('platform-prefect-vault-agent-production')]: labels('abc123'),
      [inspect('platform-prefect-vault-agent-staging')]: labels('abc123'),
      [inspect('platform-wiki-vault-agent-production')]: labels('old'),
      [inspect('platform-notifier-vault-agent-production')]: labels('abc123'),
    };
    const rows = (await secretsChecks(doctorContext({ files: withHash, docker: { run: dockerDouble(current) } }))).filter((r) => r.id === 'secrets.config-hash');
    expect(rows.map((r) => `${r.subject} ${r.status}`)).toEqual([
      'platform-prefect-vault-agent-production ok',
      'platform-prefect-vault-agent-staging ok',
      'platform-wiki-vault-agent-production fail',
      'platform-notifier-vault-agent-production ok',
    ]);
    expect(rows[2]?.saw).toBe('dev.perfect-gen.config-hash is old, the compose file says abc123: the container runs an older config');
    expect(rows[2]?.fix).toBe('Recreate it from the current output: `docker compose up -d wiki-vault-agent-production` in out.');
  });

  it('ends a docker call that hangs at the probe timeout', async () => {
    const answers = { ...healthyDocker(), [state('platform-wiki-vault-agent-production')]: 'hang' as const };
    const startedAt = Date.now();
    const rows = await secretsChecks(doctorContext({ timeoutMs: 500, docker: { run: dockerDouble(answers) } }));
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(rows.find((r) => r.subject === 'platform-wiki-vault-agent-production')).toMatchObject({ status: 'fail', saw: expect.stringMatching(/^no answer within/) });
  });
});
