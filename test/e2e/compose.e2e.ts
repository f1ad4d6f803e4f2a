import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect } from 'vitest';
import type { Model } from '../../src/model/model.js';
import { composeProject, composeQuiet } from './support/compose.js';
import { examples } from './support/configs.js';
import { missing } from './support/programs.js';
import { scenario } from './support/scenario.js';
import { Stack } from './support/stack.js';

const configs = [...examples, { name: 'all-kinds', config: 'test/e2e/configs/all-kinds.yaml' }];

/** Every object in the model that names a compose service, and every env file's volume. */
function expectedFromModel(model: Model): { services: string[]; volumes: string[] } {
  const services = new Set<string>();
  const volumes = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o['service'] === 'string') services.add(o['service']);
    if (typeof o['fileName'] === 'string' && typeof o['volume'] === 'string') volumes.add(o['volume']);
    Object.values(o).forEach(walk);
  };
  walk(model.apps);
  return { services: [...services].sort(), volumes: [...volumes].sort() };
}

describe('Compose v2 reads the generated compose file', () => {
  for (const { name, config } of configs) {
    scenario(
      'compose-config',
      name,
      () => {
        const stack = new Stack({ example: `compose-${name}`, config });
        stack.build();
        const quiet = composeQuiet(stack.composeFile);
        expect(quiet, `docker-compose config --quiet on ${basename(config)}`).toEqual({ status: 0, stderr: '' });

        const project = composeProject(stack.composeFile);
        const expected = expectedFromModel(stack.model);
        expect(Object.keys(project.services).sort()).toEqual(expected.services);
        // Every named volume Compose sees is an env file's volume or one the config declares.
        const declared = Object.keys(project.volumes ?? {}).sort();
        expect(declared).toEqual(expect.arrayContaining(expected.volumes));
        expect(Object.values(project.networks ?? {}).map((n) => [n.name, n.external])).toEqual([[stack.model.platform.network, true]]);
        for (const [service, s] of Object.entries(project.services)) {
          expect(Object.keys(s.networks ?? {}), `${service} networks`).toEqual(Object.keys(project.networks ?? {}));
          expect(s.image, `${service} image`).toMatch(/:[^/]+$/);
        }
        // What was read back is what the file says: the loader did not drop or add a service.
        const text = readFileSync(stack.composeFile, 'utf8');
        for (const service of expected.services) expect(text).toContain(`\n  ${service}:\n`);
      },
      () => missing('docker-compose'),
    );
  }
});
