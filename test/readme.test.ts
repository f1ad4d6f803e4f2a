import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import { defaults } from '../src/normalize/defaults.js';
import { projectRoot } from './support/model-from.js';

const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

/** The README row whose first cell starts with `key`, e.g. "| `postgres.host`, ... |". */
function row(key: string): string {
  const found = readme.split('\n').find((line) => line.startsWith(`| \`${key}\``));
  if (found === undefined) throw new Error(`the README has no table row for ${key}`);
  return found;
}

/** Every default a user can change, and the README row that states it. */
const documented: Readonly<Record<string, string>> = {
  postgresPort: 'postgres.host',
  redisPort: 'redis.host',
  kvMount: 'vault.kv.mount',
  kvVersion: 'vault.kv.mount',
  authMethod: 'vault.auth.method',
  approleMountPath: 'vault.auth.mountPath',
  credentialsDir: 'vault.auth.credentialsDir',
  agentFlavor: 'vault.agent.flavor',
  agentImages: 'vault.agent.flavor',
  authorizationFlow: 'authentik.authorizationFlow',
  invalidationFlow: 'authentik.authorizationFlow',
  tokenValidity: 'authentik.tokenValidity',
  securityHeaders: 'traefik.securityHeaders',
  workers: 'workPools[].workers',
  webHealthPath: 'healthPath',
  prefectHealthPath: 'healthPath',
  databaseUrlEnv: 'database.urlEnv',
  databaseScheme: 'database.urlEnv',
  redisUrlEnv: 'redis.urlEnv',
};

/** Defaults that are not options: facts of the images perfect-gen runs. */
const fixed: Readonly<Record<string, string>> = {
  agentRoots: "each agent image's own data folder",
  prefectPort: 'the port the Prefect image serves on',
};

const leaves = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.values(value).flatMap(leaves) : [String(value)];

describe('README', () => {
  it('lists every diagnostic code with its description from src/diagnostics/codes.ts, in order', () => {
    const rows = readme.split('\n').filter((line) => /^\| `[A-Z][A-Z0-9_]+` \|/.test(line));
    expect(rows).toEqual(Object.entries(diagnosticCodes).map(([code, description]) => `| \`${code}\` | ${description} |`));
  });

  it('states every default from src/normalize/defaults.ts next to its key', () => {
    for (const [name, value] of Object.entries(defaults)) {
      if (fixed[name] !== undefined) continue;
      const key = documented[name];
      expect(key, `defaults.${name} is neither documented in the README nor listed as fixed`).toBeDefined();
      for (const leaf of leaves(value)) expect(row(key ?? ''), `defaults.${name}`).toContain(`\`${leaf}\``);
    }
  });

  it('lists only defaults that exist', () => {
    expect(Object.keys({ ...documented, ...fixed }).filter((name) => !(name in defaults))).toEqual([]);
  });

  it('documents every exit code', () => {
    for (const code of [0, 1, 2, 3]) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });

  it('gives the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
