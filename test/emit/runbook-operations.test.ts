import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runbookEmitter } from '../../src/emit/runbook/index.js';
import type { EmitContext } from '../../src/emit/types.js';
import type { Model } from '../../src/model/model.js';
import { exampleText, modelFromYaml } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = { provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' }, generatorVersion: '0.0.0-test' };

function runbooks(model: Model): Record<string, string> {
  return Object.fromEntries(renderedFiles(runbookEmitter, model, context).map((f) => [f.path.split('/')[0], f.content]));
}

/** The text of one `## ` section, up to the next. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Every command the reader may run: shell lines of code blocks (indented or not) and inline code. */
function commands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^( *)```sh\n([\s\S]*?)^\1```$/gm)].flatMap((m) => (m[2] ?? '').split('\n').map((l) => l.trim()));
  const inline = [...markdown.replace(/^( *)```[\s\S]*?^\1```$/gm, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  return [...blocks, ...inline].filter((c) => c !== '');
}

/** Index of the first line containing each fragment, which must exist. */
function positions(text: string, fragments: readonly string[]): number[] {
  return fragments.map((fragment) => {
    const at = text.indexOf(fragment);
    expect(at, fragment).toBeGreaterThanOrEqual(0);
    return at;
  });
}

const platform = runbooks(modelFromYaml(exampleText('platform')));
const prefect = platform['prefect'] ?? '';
const openbaoText = exampleText('platform').replace('flavor: vault', 'flavor: openbao').replace('image: hashicorp/vault:1.20.4', 'image: openbao/openbao:2.6.2');

describe('first deployment', () => {
  const first = section(prefect, 'First deployment');

  test('goes in order: policy, AppRole role with a reusable secret ID, credential files the agent can read, database, stack', () => {
    const order = positions(first, [
      'vault policy write platform-prefect-production vault/production/platform-prefect-production.policy.hcl',
      'vault write auth/approle/role/platform-prefect-production token_policies=platform-prefect-production secret_id_num_uses=0 ',
      'sudo install -d -o 100 -g 1000 -m 0750 /etc/perfect-gen/approle/prefect/production',
      'vault read -field=role_id auth/approle/role/platform-prefect-production/role-id | sudo install -o 100 -g 1000 -m 0440 /dev/stdin /etc/perfect-gen/approle/prefect/production/role-id',
      'vault write -f -field=secret_id auth/approle/role/platform-prefect-production/secret-id | sudo install -o 100 -g 1000 -m 0440 /dev/stdin /etc/perfect-gen/approle/prefect/production/secret-id',
      'vault policy write platform-prefect-staging vault/staging/platform-prefect-staging.policy.hcl',
      `psql -h platform-postgres -p 5432 -U postgres -c 'CREATE ROLE "prefect" LOGIN'`,
      `psql -h platform-postgres -p 5432 -U postgres -c '\\password "prefect"'`,
      `psql -h platform-postgres -p 5432 -U postgres -c 'CREATE DATABASE "prefect" OWNER "prefect"'`,
      'cd .. && docker compose up -d',
    ]);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('each agent gets its own role, named after its policy', () => {
    for (const text of Object.values(platform)) {
      const roles = [...text.matchAll(/vault write auth\/approle\/role\/(\S+) token_policies=(\S+) /g)];
      expect(roles.length).toBeGreaterThan(0);
      for (const [, role, policy] of roles) expect(role).toBe(policy);
    }
    expect(first).toContain('auth/approle/role/platform-prefect-staging ');
  });

  test('adds the blueprint as an instance that Authentik applies again, not as a one-shot import', () => {
    expect(first).toContain('Add `../authentik/perfect-gen.blueprint.yaml` to Authentik as a blueprint instance');
    expect(first).toContain('`/blueprints`');
    expect(first).toMatch(/one-shot\s+import \(Flows, Import\) is applied once and never again/);
  });

  test('states the minimum Traefik version and how to read the running one', () => {
    expect(first).toContain('Check that Traefik is v3.0 or newer');
    expect(first).toContain('`docker exec <traefik-container> traefik version`');
    const newer = runbooks(modelFromYaml(exampleText('platform').replace('    certResolver: letsencrypt\n', '    certResolver: letsencrypt\n    version: "3.6.9"\n')));
    expect(newer['wiki']).toContain('Check that Traefik is v3.6.9 or newer');
  });

  test('an app without a route has no Traefik or Authentik step', () => {
    const notifier = section(platform['notifier'] ?? '', 'First deployment');
    expect(notifier).toContain('vault policy write platform-notifier-production');
    expect(notifier).not.toContain('traefik');
    expect(notifier).not.toContain('blueprint');
  });
});

describe('after a host reboot', () => {
  test('unseal, wait for the agents, then bring the stack up, in that order', () => {
    const reboot = section(prefect, 'After a host reboot');
    const order = positions(reboot, [
      'vault operator unseal',
      "docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' platform-prefect-vault-agent-production",
      "docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' platform-prefect-vault-agent-staging",
      'cd .. && docker compose up -d',
    ]);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('rotating a secret', () => {
  const rotation = section(prefect, 'Rotating a secret');

  test('says when the agent renders again and that readers read their file only at start', () => {
    expect(rotation).toContain('`static_secret_render_interval`');
    expect(rotation).toContain('read their env file only\nwhen they start');
    expect(rotation).toContain('`PERFECT_GEN_AGENT_SHA256`');
  });

  test('restarts the agent of the file, then exactly the long-running readers of that file', () => {
    const block = (file: string) => (rotation.split(`\`${file}\` (agent`)[1]?.split('```')[1] ?? '').replace(/^sh\n/, '');
    expect(block('server.env').trim().split('\n')).toEqual([
      'docker compose -p platform restart prefect-vault-agent-production',
      'docker logs --since 5m platform-prefect-vault-agent-production 2>&1 | grep rendered',
      'docker compose -p platform restart prefect-server prefect-services',
    ]);
    expect(block('worker-staging-pool.env').trim().split('\n')).toEqual([
      'docker compose -p platform restart prefect-vault-agent-staging',
      'docker logs --since 5m platform-prefect-vault-agent-staging 2>&1 | grep rendered',
      'docker compose -p platform restart prefect-worker-staging-pool',
    ]);
  });
});

describe('checks and troubleshooting', () => {
  test('the smoke test asks the outpost for its ping, which answers 204', () => {
    for (const name of ['prefect', 'wiki']) {
      expect(platform[name]).toContain("curl -sS -o /dev/null -w '%{http_code}\\n' https://");
      expect(platform[name]).toMatch(/outpost answers `204`/);
    }
    expect(prefect).toContain('https://perfect.zitian.party/outpost.goauthentik.io/ping');
  });

  test('the auth-loop troubleshooting names the embedded outpost\'s authentik_host', () => {
    expect(section(platform['wiki'] ?? '', 'Troubleshooting')).toContain("the embedded outpost's `authentik_host` setting");
  });

  test('with OpenBao, every command says bao', () => {
    const all = Object.values(runbooks(modelFromYaml(openbaoText)));
    const lines = all.flatMap(commands);
    expect(lines.filter((l) => /(^|[\s|(])bao (kv|policy|write|read|operator|status|auth)\b/.test(l)).length).toBeGreaterThan(10);
    expect(lines.filter((l) => /(^|[\s|(])vault [a-z]/.test(l))).toEqual([]);
    // And with Vault, none says bao.
    expect(Object.values(platform).flatMap(commands).filter((l) => /(^|[\s|(])bao [a-z]/.test(l))).toEqual([]);
  });
});

describe('the /api/ready check', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(503).end('{"message":"Database is not ready"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ready`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('prints the status code, 503 included, without a traceback', async () => {
    const block = section(prefect, 'Troubleshooting').split('answers 503 while the server cannot reach Postgres; this prints the status code:')[1]?.split('```')[1] ?? '';
    const command = block.replace(/^sh\n/, '').trim();
    expect(command.startsWith('docker exec platform-prefect-server python -c "')).toBe(true);
    const script = command.replace('docker exec platform-prefect-server python -c ', 'python3 -c ').replace('http://platform-prefect-server:4200/api/ready', url);
    // Asynchronously, so that this process keeps serving the request.
    const result = await new Promise<{ stdout: string; stderr: string; failed: boolean }>((resolve) => {
      execFile('sh', ['-c', script], { timeout: 20_000 }, (error, stdout, stderr) => resolve({ stdout, stderr, failed: error !== null }));
    });
    expect(result).toEqual({ stdout: '503\n', stderr: '', failed: false });
  });
});
