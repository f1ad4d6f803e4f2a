import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { compile } from '../../src/core/compile.js';
import type { OutputFile } from '../../src/emit/types.js';
import { exampleText } from '../support/model-from.js';

interface Service {
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
  labels: Record<string, string>;
}
interface ComposeDoc {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function build(text: string): readonly OutputFile[] {
  const result = compile({ file: 'perfect.config.yaml', content: text, env: {}, provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.files;
}

const composeOf = (files: readonly OutputFile[]): ComposeDoc => parse(files.find((f) => f.kind === 'compose')?.content ?? '') as ComposeDoc;
const isAgent = (svc: Service | undefined): boolean => svc?.labels['dev.perfect-gen.role'] === 'vault-agent';
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The named volumes a service mounts. */
const volumesOf = (doc: ComposeDoc, svc: Service): string[] =>
  (svc.volumes ?? []).map((v) => v.split(':')[0] ?? '').filter((name) => Object.hasOwn(doc.volumes ?? {}, name));

/** Every service a service waits for, directly or through others. */
function waitsFor(doc: ComposeDoc, name: string, seen = new Set<string>()): Set<string> {
  for (const target of Object.keys(doc.services[name]?.depends_on ?? {})) {
    if (seen.has(target)) continue;
    seen.add(target);
    waitsFor(doc, target, seen);
  }
  return seen;
}

describe('one vault agent per environment of an app', () => {
  const files = build(exampleText('platform'));
  const doc = composeOf(files);
  const agents = Object.keys(doc.services).filter((name) => isAgent(doc.services[name]));

  test('names each agent <app>-vault-agent-<environment>', () => {
    expect(agents).toEqual([
      'prefect-vault-agent-production',
      'prefect-vault-agent-staging',
      'wiki-vault-agent-production',
      'notifier-vault-agent-production',
    ]);
  });

  test('every consumer waits, healthy, for exactly the agents that render its files', () => {
    let consumers = 0;
    for (const [name, svc] of Object.entries(doc.services)) {
      if (isAgent(svc)) continue;
      const mine = volumesOf(doc, svc);
      const renderers = agents.filter((agent) => volumesOf(doc, doc.services[agent] as Service).some((v) => mine.includes(v)));
      const waited = Object.keys(svc.depends_on ?? {}).filter((target) => isAgent(doc.services[target]));
      expect(waited, name).toEqual(renderers);
      for (const agent of waited) expect(svc.depends_on?.[agent], name).toEqual({ condition: 'service_healthy' });
      if (mine.length > 0) consumers += 1;
    }
    expect(consumers).toBeGreaterThanOrEqual(6);
  });

  test('no production service waits for the staging agent, directly or through another service', () => {
    for (const name of ['prefect-migrate', 'prefect-server', 'prefect-services', 'prefect-worker-production-pool', 'wiki', 'notifier']) {
      expect([...waitsFor(doc, name)], name).not.toContain('prefect-vault-agent-staging');
    }
    expect([...waitsFor(doc, 'prefect-worker-staging-pool')]).toContain('prefect-vault-agent-staging');
  });

  test('each agent has its own config, templates, credentials and policy; the staging policy grants no production path but the one API auth string', () => {
    const paths = files.map((f) => f.path).filter((p) => p.startsWith('prefect/vault/'));
    expect(paths).toEqual([
      'prefect/vault/production/agent.hcl',
      'prefect/vault/production/platform-prefect-production.policy.hcl',
      'prefect/vault/production/templates/server.env.ctmpl',
      'prefect/vault/production/templates/worker-production-pool.env.ctmpl',
      'prefect/vault/staging/agent.hcl',
      'prefect/vault/staging/platform-prefect-staging.policy.hcl',
      'prefect/vault/staging/templates/worker-staging-pool.env.ctmpl',
    ]);
    const staging = files.find((f) => f.path === 'prefect/vault/staging/platform-prefect-staging.policy.hcl')?.content ?? '';
    const granted = [...staging.matchAll(/^path "([^"]+)"/gm)].map((m) => m[1]);
    // Every worker sends the one server's API auth string, which lives under the app's environment.
    expect(granted).toEqual(['secret/data/platform/production/prefect', 'secret/data/platform/staging/warehouse']);
    expect(doc.services['prefect-vault-agent-staging']?.volumes).toEqual([
      './prefect/vault/staging/agent.hcl:/vault/config/agent.hcl:ro',
      './prefect/vault/staging/templates:/vault/templates:ro',
      '/etc/perfect-gen/approle/prefect/staging:/vault/approle:ro',
      'prefect-secrets-worker-staging-pool:/vault/secrets/worker-staging-pool',
    ]);
  });
});

describe('the agent service carries a hash of its files', () => {
  const digestOf = (files: readonly OutputFile[], agent: string): string | undefined => composeOf(files).services[agent]?.environment?.['PERFECT_GEN_AGENT_SHA256'];
  const base = build(exampleText('platform'));

  test('is the sha256 of its agent.hcl and templates as emitted, each as path, NUL, sha256, newline, in path order', () => {
    const read = base.filter((f) => f.path === 'prefect/vault/staging/agent.hcl' || f.path.startsWith('prefect/vault/staging/templates/'));
    expect(read.map((f) => f.path)).toEqual(['prefect/vault/staging/agent.hcl', 'prefect/vault/staging/templates/worker-staging-pool.env.ctmpl']);
    expect(digestOf(base, 'prefect-vault-agent-staging')).toBe(sha256(read.map((f) => `${f.path}\u0000${sha256(f.content)}\n`).join('')));
  });

  test('is the same for the same config', () => {
    expect(build(exampleText('platform'))).toEqual(base);
  });

  test('changes for the agent whose template changed, and only for it', () => {
    const text = exampleText('platform').replace(
      '        workers: 1\n        secrets:\n          - env: WAREHOUSE_DSN\n',
      '        workers: 1\n        secrets:\n          - env: STAGING_TOKEN\n            path: secret/platform/{env}/token\n            key: token\n          - env: WAREHOUSE_DSN\n',
    );
    expect(text).not.toBe(exampleText('platform'));
    const changed = build(text);
    expect(digestOf(changed, 'prefect-vault-agent-staging')).not.toBe(digestOf(base, 'prefect-vault-agent-staging'));
    for (const agent of ['prefect-vault-agent-production', 'wiki-vault-agent-production', 'notifier-vault-agent-production']) {
      expect(digestOf(changed, agent), agent).toBe(digestOf(base, agent));
    }
  });

  test('changes for every agent when agent.hcl changes', () => {
    const changed = build(exampleText('platform').replace('address: http://platform-vault:8200', 'address: http://vault.internal:8200'));
    for (const agent of ['prefect-vault-agent-production', 'prefect-vault-agent-staging', 'wiki-vault-agent-production']) {
      expect(digestOf(changed, agent), agent).not.toBe(digestOf(base, agent));
    }
  });
});
