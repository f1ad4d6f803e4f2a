import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { EnvFile, Model } from '../../src/model/model.js';
import { policyPaths, probeAgent } from './support/agent-probe.js';
import { examples, kv1Settings, tokenFileSettings, variant } from './support/configs.js';
import { needsStack, programs } from './support/programs.js';
import { sh } from './support/run.js';
import { scenario } from './support/scenario.js';
import { parseWithSh } from './support/secrets.js';
import { Stack, vaultAgents } from './support/stack.js';

/** Every env file the model says an agent renders. */
const envFiles = (model: Model): EnvFile[] => vaultAgents(model).flatMap((agent) => agent.envFiles);

const readDotenv = (file: string): Record<string, string> =>
  JSON.parse(sh(programs.python!, ['-c', 'import json,sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1])))', file]).stdout);

/** Each env file holds exactly the model's keys, and sh and python-dotenv both read every value back byte for byte. */
function checkRendered(stack: Stack): void {
  const files = envFiles(stack.model);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const path = join(stack.runDir, 'volumes', file.volume, file.fileName);
    const bySh = parseWithSh(path, (cmd, args) => sh(cmd, args).stdout);
    const byDotenv = readDotenv(path);
    const names = file.entries.map((e) => e.name).sort();
    expect(Object.keys(bySh).sort(), `keys sh reads from ${file.volume}/${file.fileName}`).toEqual(names);
    expect(Object.keys(byDotenv).sort(), `keys python-dotenv reads from ${file.volume}/${file.fileName}`).toEqual(names);
    for (const entry of file.entries) {
      const secret = stack.secretValue(entry.secret.apiPath, entry.secret.key);
      for (const [reader, value] of [['sh', bySh[entry.name]], ['python-dotenv', byDotenv[entry.name]]] as const) {
        const where = `${entry.name} in ${file.fileName} as ${reader} reads it`;
        if (entry.kind === 'secret') {
          expect(value, where).toBe(secret);
        } else {
          expect(value?.startsWith(entry.prefix), where).toBe(true);
          expect(value?.endsWith(entry.suffix), where).toBe(true);
          expect(decodeURIComponent(value!.slice(entry.prefix.length, value!.length - entry.suffix.length)), where).toBe(secret);
        }
      }
    }
  }
}

/** Two paths that differ only in environment segments: `…/production/x` and `…/staging/x`. */
function sameButEnvironment(a: string, b: string, envs: readonly string[]): boolean {
  const x = a.split('/');
  const y = b.split('/');
  return x.length === y.length && x.every((s, i) => s === y[i] || (envs.includes(s) && envs.includes(y[i]!)));
}

/** For each agent, a path it may read renders, and another app's or environment's path is refused by the server. */
async function checkLeastPrivilege(stack: Stack): Promise<void> {
  const agents = vaultAgents(stack.model);
  expect(agents.length).toBeGreaterThan(0);
  const results = await Promise.all(
    agents.map(async (agent) => {
      const allowed = policyPaths(readFileSync(join(stack.outDir, agent.outputDir, `${agent.policyName}.policy.hcl`), 'utf8'));
      const all = [...stack.secrets.keys()].map((id) => id.split('#') as [string, string]);
      const own = all.find(([path]) => allowed.includes(path));
      expect(own, `${agent.service} reads something`).toBeDefined();
      const granted = await probeAgent(stack, agent.service, own![0], own![1], 'granted');
      expect(granted.rendered, `${agent.service} renders its own ${own![0]}\n${granted.log.slice(-1500)}`).toContain('PROBE=');
      // Another environment's secret (every path exists for every environment), and another app's when there is one.
      const envs = stack.model.environments.map((e) => e.name);
      const otherEnv = all.find(([path]) => !allowed.includes(path) && sameButEnvironment(path, own![0], envs));
      const otherApp = all.find(([path]) => !allowed.includes(path) && path !== otherEnv?.[0]);
      const foreign = [otherEnv, otherApp].filter((f) => f !== undefined);
      expect(foreign.length, `${agent.service} has a secret it must not read`).toBeGreaterThan(0);
      for (const [i, [path, key]] of foreign.entries()) {
        const denied = await probeAgent(stack, agent.service, path, key, `denied-${i}`);
        expect(denied.rendered, `${agent.service} must not render ${path}`).toBeUndefined();
        expect(denied.log, `${agent.service} reading ${path}`).toMatch(/permission denied|403/);
      }
    }),
  );
  expect(results).toHaveLength(agents.length);
}

/** `render` and `leastPrivilege` are two scenarios, or with `both` one scenario that shows both. */
function agentSuite(example: string, config: string, ids: { render: string; leastPrivilege?: string; both?: boolean }): void {
  describe(`OpenBao renders the env files of ${example}`, () => {
    const stack = new Stack({ example: `${ids.render}-${example}`, config });
    let ready: Error | undefined;
    beforeAll(async () => {
      if (needsStack('bao', 'python')) return;
      try {
        stack.build();
        await stack.startPlatform({ databases: false });
        await stack.up((name) => stack.project.services[name]?.labels?.['dev.perfect-gen.role'] === 'vault-agent');
      } catch (error) {
        ready = error as Error;
      }
    });
    afterAll(() => stack.down());
    const run = (check: () => Promise<void> | void) => async () => {
      if (ready) throw ready;
      await check();
    };
    const renderCheck = ids.both ? async () => (checkRendered(stack), await checkLeastPrivilege(stack)) : () => checkRendered(stack);
    scenario(ids.render, example, run(renderCheck), () => needsStack('bao', 'python'));
    if (ids.leastPrivilege) scenario(ids.leastPrivilege, example, run(() => checkLeastPrivilege(stack)), () => needsStack('bao', 'python'));
  });
}

for (const { name, config } of examples) {
  agentSuite(name, config, { render: 'openbao-agent-render', leastPrivilege: 'openbao-least-privilege' });
  agentSuite(name, variant(config, `${name}-token-file`, tokenFileSettings), { render: 'openbao-token-file', both: true });
  agentSuite(name, variant(config, `${name}-kv1`, kv1Settings), { render: 'openbao-kv1', both: true });
}
