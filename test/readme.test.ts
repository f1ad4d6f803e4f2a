import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import { nonAscii, unsafeInDoubleQuotes, unsafeValueRules } from '../src/serialize/dotenv.js';
import { defaults } from '../src/normalize/defaults.js';
import { changeKinds, kindOrder } from '../src/plan/kinds.js';
import { projectRoot } from './support/model-from.js';

const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

/**
 * Where the README states something: `### Heading` is that section, anything else the table row
 * whose first cell starts with that key, e.g. "| `postgres.host`, ... |".
 */
function place(where: string): string {
  if (where.startsWith('### ')) {
    const section = readme.split(/^(?=#{2,3} )/m).find((s) => s.startsWith(`${where}\n`));
    if (section === undefined) throw new Error(`the README has no section ${where}`);
    return section;
  }
  const found = readme.split('\n').find((line) => line.startsWith(`| \`${where}\``));
  if (found === undefined) throw new Error(`the README has no table row for ${where}`);
  return found;
}

/** Every default a user can change, and where the README states it. */
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
  traefikVersion: 'traefik.version',
  migrateAttempts: 'prefect',
  migrateIntervalSeconds: 'prefect',
  securityHeaders: 'traefik.securityHeaders',
  workers: 'workPools[].workers',
  apiAuthPath: '### Prefect API auth',
  apiAuthKey: '### Prefect API auth',
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
  consumerSecretsDir: 'the folder inside each container where its own secrets volume is mounted',
};

/** The values a default is made of; a function (a default derived from other settings) is stated in words. */
const leaves = (value: unknown): string[] =>
  typeof value === 'function' ? [] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(leaves) : [String(value)];

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
      const text = place(key ?? '');
      for (const leaf of leaves(value)) expect(text, `defaults.${name}`).toContain(`\`${leaf}\``);
    }
  });

  it('lists only defaults that exist', () => {
    expect(Object.keys({ ...documented, ...fixed }).filter((name) => !(name in defaults))).toEqual([]);
  });

  it('documents every reason the agent refuses a secret value for', () => {
    const documented = [...readme.matchAll(/^\| `(contains_\w+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...unsafeValueRules, nonAscii, unsafeInDoubleQuotes].map((rule) => rule.reason));
  });

  it('documents every exit code', () => {
    for (const code of [0, 1, 2, 3]) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });

  it('lists every plan change kind with its group, in plan order', () => {
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (access|secrets|identity|runtime|network|other) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(kindOrder.map((k) => [k, changeKinds[k].group]));
  });

  it('gives the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});

describe('the CI example', () => {
  const workflow = parse(readFileSync(`${projectRoot}examples/ci/perfect-gen-check.yml`, 'utf8')) as {
    on: { pull_request: { paths: string[] } };
    jobs: { check: { steps: { run?: string }[] } };
  };
  const run = workflow.jobs.check.steps.map((s) => s.run ?? '').find((r) => r.includes('perfect-gen')) ?? '';

  it('runs in CI mode: check, GitHub annotations, strict', () => {
    for (const flag of ['build --check', '--format github', '--strict']) expect(run).toContain(flag);
  });

  it('triggers on changes to the config, the env file it names and the output', () => {
    const envFile = /--env-file (\S+)/.exec(run)?.[1];
    expect(envFile).toBeDefined();
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining(['perfect.config.yaml', envFile, 'out/**']));
  });
});

describe('README options', () => {
  const readme = readFileSync(`${projectRoot}README.md`, 'utf8');
  it.each(['build', 'validate'])('documents every option of %s', (command) => {
    const help = execFileSync(process.execPath, [`${projectRoot}bin/perfect-gen.cjs`, command, '--help'], { encoding: 'utf8' });
    const options = [...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1] as string);
    expect(options).toContain('--format');
    for (const option of options) expect(readme, option).toMatch(new RegExp(`[\\s\`\\[]${option}(?![a-z-])`));
  });
});
