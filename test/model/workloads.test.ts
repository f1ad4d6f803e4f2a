import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/compile.js';
import type { Model } from '../../src/model/model.js';
import { exampleText, projectRoot } from '../support/model-from.js';

/*
 * The workloads are the one list every target, the runbook, the plan and the checks read. These tests hold
 * the list to the files written from it and to the wiring it promises.
 */

const configs: Record<string, string> = {
  perfect: exampleText('perfect'),
  platform: exampleText('platform'),
  'all-kinds': readFileSync(`${projectRoot}test/e2e/configs/all-kinds.yaml`, 'utf8'),
};

interface ComposeService {
  readonly image: string;
  readonly container_name?: string;
  readonly environment?: Record<string, string>;
  readonly volumes?: string[];
  readonly depends_on?: Record<string, { condition: string }>;
  readonly labels: Record<string, string>;
}

function build(text: string): { model: Model; services: Record<string, ComposeService> } {
  const result = compile({ file: 'perfect.config.yaml', content: text, env: {}, provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' } });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  const compose = result.files.find((f) => f.kind === 'compose');
  if (!compose) throw new Error('no compose file');
  return { model: result.model, services: (parse(compose.content) as { services: Record<string, ComposeService> }).services };
}

describe.each(Object.keys(configs))('workloads of %s', (name) => {
  const { model, services } = build(configs[name] as string);
  const workloads = model.apps.flatMap((app) => app.workloads.map((w) => ({ app, w })));

  it('are the compose services, in order, with their images, containers and roles', () => {
    expect(Object.keys(services)).toEqual(workloads.map(({ w }) => w.service));
    for (const { app, w } of workloads) {
      const service = services[w.service] as ComposeService;
      expect(service.image).toBe(w.image);
      expect(service.container_name).toBe(w.container);
      expect(service.labels['dev.perfect-gen.role']).toBe(w.role);
      expect(service.labels['dev.perfect-gen.app']).toBe(app.name);
    }
  });

  it('reserve every variable they set, so a config value cannot override one unreported', () => {
    for (const { w } of workloads) {
      const written = Object.keys(services[w.service]?.environment ?? {}).filter((v) => !(v in (w.options?.environment ?? {})));
      expect(written.length, w.service).toBeGreaterThanOrEqual(Object.keys(w.environmentVariables).length);
      for (const variable of written) expect(w.reservedVariables, `${w.service} sets ${variable}`).toContain(variable);
    }
  });

  it('give each env file to its readers alone, each waiting for the agent that renders it', () => {
    const agents = model.apps.flatMap((app) => app.vaultAgents);
    for (const file of agents.flatMap((agent) => agent.envFiles)) {
      const mounting = Object.entries(services).filter(([, s]) => (s.volumes ?? []).some((v) => v.startsWith(`${file.volume}:`))).map(([service]) => service);
      const readers = workloads.filter(({ w }) => w.reads?.file === file).map(({ w }) => w.service);
      expect(readers.length, file.volume).toBeGreaterThan(0);
      expect(mounting.sort()).toEqual([file.agentService, ...readers].sort());
      for (const reader of readers) expect(services[reader]?.depends_on?.[file.agentService]).toEqual({ condition: 'service_healthy' });
    }
  });
});
