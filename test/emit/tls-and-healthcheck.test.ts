import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { vaultEmitter } from '../../src/emit/vault/index.js';
import type { Model } from '../../src/model/model.js';
import { emitComposeFor, renderedFiles } from '../support/emit.js';
import { parseHcl2 } from '../support/conformance.js';
import { exampleText, modelFromYaml } from '../support/model-from.js';
import { context, models } from '../support/vault-fixtures.js';

interface Compose {
  services: Record<string, { volumes?: string[]; healthcheck?: unknown }>;
}

const compose = (model: Model) => parse(emitComposeFor(model, context).find((f) => f.path === 'docker-compose.yml')?.content ?? '') as Compose;
const agentHcl = (model: Model) => renderedFiles(vaultEmitter, model, context).find((f) => f.path === 'prefect/vault/production/agent.hcl')?.content ?? '';

describe('a CA for an https Vault address', () => {
  it.each([
    ['vaultCa', 'ca_cert', '/etc/ssl/vault/ca.pem', '/vault/tls/ca.pem'],
    ['vaultCaFolder', 'ca_path', '/etc/ssl/vault-cas', '/vault/tls/ca'],
  ])('%s: agent.hcl names it as %s, and each agent mounts it read-only', async (name, key, hostPath, agentPath) => {
    const model = models[name] as Model;
    const doc = (await parseHcl2(path.basename('agent.hcl'), agentHcl(model))) as { vault: { address: string; [k: string]: unknown }[] };
    expect(doc.vault[0]?.address).toBe('https://platform-vault:8200');
    expect(doc.vault[0]?.[key]).toBe(agentPath);
    const agents = Object.entries(compose(model).services).filter(([service]) => service.includes('vault-agent'));
    expect(agents.length).toBeGreaterThan(1);
    for (const [, service] of agents) expect(service.volumes).toContain(`${hostPath}:${agentPath}:ro`);
  });

  it('is absent unless configured', async () => {
    const model = models['rich'] as Model;
    expect(agentHcl(model)).not.toMatch(/ca_cert|ca_path/);
    expect(JSON.stringify(compose(model))).not.toContain('/tls/');
  });
});

describe('healthcheck: false', () => {
  const app = (extra: string) =>
    exampleText() + `  - name: static\n    kind: web\n    host: static.zitian.party\n    access: {mode: sso, groups: [staff]}\n    image: gcr.io/distroless/static:1.0.0\n    port: 8080\n${extra}`;

  it('writes no Docker healthcheck for an image without a shell', () => {
    expect(compose(modelFromYaml(app('    healthcheck: false\n'))).services['static']?.healthcheck).toBeUndefined();
  });

  it('keeps the generated check by default', () => {
    expect(compose(modelFromYaml(app(''))).services['static']?.healthcheck).toMatchObject({ test: ['CMD-SHELL', expect.stringContaining('8080')] });
  });
});
