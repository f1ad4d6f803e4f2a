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
/** The digest an agent service carries in the compiled compose file. */
function digestOf(service: string): string {
  const compose = compiled().files.find((f) => f.kind === 'compose')!.content;
  return new RegExp(`\\n  ${service}:\\n[\\s\\S]*?PERFECT_GEN_AGENT_SHA256: ([0-9a-f]{64})`).exec(compose)?.[1] ?? '';
}

const envInspect = (container: string) => `inspect --format {{json .Config.Env}} ${container}`;
const runsWith = (hash: string): DockerResult => ({ code: 0, stdout: JSON.stringify(['SKIP_CHOWN=true', `PERFECT_GEN_AGENT_SHA256=${hash}`]) });
const agents = ['prefect-vault-agent-production', 'prefect-vault-agent-staging', 'wiki-vault-agent-production', 'notifier-vault-agent-production'];

function healthyDocker(): Record<string, DockerResult | 'hang'> {
  return {
    ...Object.fromEntries(agents.map((a) => [envInspect(`platform-${a}`), runsWith(digestOf(a))])),
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
    const all = await secretsChecks(doctorContext({ docker: { run: dockerDouble(healthyDocker(), calls) } }));
    expect(all.filter((r) => r.id === 'secrets.config-hash').map((r) => `${r.subject} ${r.status}`).sort()).toEqual(agents.map((a) => `platform-${a} ok`).sort());
    const rows = all.filter((r) => r.id !== 'secrets.config-hash');
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

  it('fails an agent container that runs older files than the compose file says', async () => {
    expect(digestOf('wiki-vault-agent-production')).toMatch(/^[0-9a-f]{64}$/);
    const answers = { ...healthyDocker(), [envInspect('platform-wiki-vault-agent-production')]: runsWith('old') };
    const rows = (await secretsChecks(doctorContext({ docker: { run: dockerDouble(answers) } }))).filter((r) => r.id === 'secrets.config-hash');
    expect(rows.filter((r) => r.status === 'fail').map((r) => [r.subject, r.saw, r.fix])).toEqual([
      [
        'platform-wiki-vault-agent-production',
        `PERFECT_GEN_AGENT_SHA256 is old, the compose file says ${digestOf('wiki-vault-agent-production')}: the container runs an older config`,
        'Recreate it from the current output: `docker compose up -d wiki-vault-agent-production` in out.',
      ],
    ]);
    expect(rows).toHaveLength(agents.length);
  });

  it('ends a docker call that hangs at the probe timeout', async () => {
    const answers = { ...healthyDocker(), [state('platform-wiki-vault-agent-production')]: 'hang' as const };
    const startedAt = Date.now();
    const rows = await secretsChecks(doctorContext({ timeoutMs: 500, docker: { run: dockerDouble(answers) } }));
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(rows.find((r) => r.subject === 'platform-wiki-vault-agent-production')).toMatchObject({ status: 'fail', saw: expect.stringMatching(/^no answer within/) });
  });
});
