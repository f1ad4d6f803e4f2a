import { readFileSync } from 'node:fs';
import { afterAll, describe, expect } from 'vitest';
import { examples } from './support/configs.js';
import { needsStack } from './support/programs.js';
import { scenario } from './support/scenario.js';
import { templateFiles, templateSecrets } from './support/secrets.js';
import { Stack } from './support/stack.js';

const needs = () => needsStack('bao', 'postgres', 'redis-server', 'tini', 'prefect');

/** The secrets that only staging's env files read (not read by any other environment's file). */
function stagingOnlySecrets(stack: Stack): string[] {
  const readers = new Map<string, Set<string>>();
  for (const file of templateFiles(stack.outDir)) {
    const environment = stack.model.environments.find((e) => file.split('/').includes(e.name))?.name ?? 'any';
    for (const { apiPath, keys } of templateSecrets(readFileSync(file, 'utf8'))) {
      for (const key of keys) readers.set(`${apiPath}#${key}`, (readers.get(`${apiPath}#${key}`) ?? new Set()).add(environment));
    }
  }
  return [...readers].filter(([, envs]) => envs.size === 1 && envs.has('staging')).map(([id]) => id);
}

// An example where staging reads a secret of its own; the seed's staging reads none.
for (const { name: example, config } of examples.filter((e) => e.name === 'platform')) {
  describe(`a missing staging secret leaves production running in ${example}`, () => {
    let withheld = '';
    const stack = new Stack({ example: `isolation-${example}`, config, withhold: (path, key) => `${path}#${key}` === withheld });
    afterAll(() => stack.down(), 120_000);

    scenario('isolation-missing-secret', example, async () => {
      stack.build();
      withheld = stagingOnlySecrets(stack)[0] ?? '';
      expect(withheld, 'a secret only staging reads').not.toBe('');
      await stack.startPlatform();
      await stack.up(undefined, false);

      // Staging is what the model says belongs to staging: its pools and apps, and the agents only they wait for.
      const staging = new Set<string>([
        ...stack.model.apps.filter((a) => a.environment === 'staging').flatMap((a) => Object.keys(stack.project.services).filter((s) => stack.project.services[s]!.labels?.['dev.perfect-gen.app'] === a.name)),
        ...stack.model.apps.flatMap((a) => (a.kind === 'prefect' ? a.workPools.filter((p) => p.environment === 'staging').map((p) => p.service) : [])),
      ]);
      const production = Object.keys(stack.project.services).filter((s) => !staging.has(s));
      const neededAgents = new Set(production.flatMap((s) => Object.keys(stack.project.services[s]!.depends_on ?? {})));
      const failed = [...stack.states].filter(([, state]) => typeof state === 'object').map(([name]) => name);
      // The missing secret really broke something: the agent that renders it.
      expect(failed.length, 'the agent that renders the missing secret fails').toBeGreaterThan(0);
      for (const service of production) {
        const isAgent = stack.project.services[service]!.labels?.['dev.perfect-gen.role'] === 'vault-agent';
        if (isAgent && !neededAgents.has(service)) continue;
        const state = stack.states.get(service);
        expect(typeof state === 'object' ? `failed: ${state.failed.split('\n')[0]}` : state, `${service} with ${withheld} missing`).toMatch(/healthy|running|completed/);
      }
    }, needs);
  });
}
