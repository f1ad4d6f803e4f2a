import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import type { EnvEntry, Model } from '../../src/model/model.js';
import { renderGoTemplate } from '../support/conformance.js';
import { runCli, workspace } from '../support/cli-run.js';
import { examples } from '../support/examples.js';
import { modelFromYaml } from '../support/model-from.js';

// Secrets reach containers only at run time, through the vault-agent sidecar. A build may see
// secret values in its environment or in the `.env` beside the config (where an operator keeps
// them for other tools); none may end up in an artifact or in what the CLI prints.

/** Values a careless tool would copy verbatim; each with characters that need quoting somewhere. */
const secretEnv = {
  POSTGRES_PASSWORD: `S3cr3t-pg-Pa55word!'"/%&`,
  REDIS_PASSWORD: 'r3d1s$pa"ss word',
  VAULT_TOKEN: 'vault-token-hvs.EXAMPLE',
  WIKI_SECRET_KEY: 'wiki-k3y-$HOME-"quoted"-{{ .Data }}',
  WAREHOUSE_DSN: 'postgresql://etl:W4rehouse#Pw@dw.internal:5432/etl?sslmode=require',
  SMTP_PASSWORD: 'smtp-P@ss;rm -rf /;`id`',
  // Rendered as a raw value, so without the characters a raw value may not hold (a quote, `${`, a backslash).
  PREFECT_AUTH_STRING: 'admin:4uth-$tr1ng "q" @#%',
} as const satisfies Record<string, string>;

type SecretName = keyof typeof secretEnv;

/** Which fixture value stands in for the secret at a Vault path (by its last segment). */
const secretForPath: Readonly<Record<string, SecretName>> = {
  postgres: 'POSTGRES_PASSWORD',
  // Prefect's own Postgres role in the platform example.
  prefect: 'POSTGRES_PASSWORD',
  redis: 'REDIS_PASSWORD',
  wiki: 'WIKI_SECRET_KEY',
  warehouse: 'WAREHOUSE_DSN',
  notifier: 'SMTP_PASSWORD',
};

function secretNameFor({ apiPath, key }: { apiPath: string; key: string }): SecretName {
  if (key === 'api_auth_string') return 'PREFECT_AUTH_STRING';
  const name = secretForPath[apiPath.split('/').at(-1) ?? ''];
  if (!name) throw new Error(`no fixture secret for ${apiPath}`);
  return name;
}

/** Backtick quotes: dotenv keeps the value literally, single and double quotes included. */
const dotenvText = Object.entries(secretEnv)
  .map(([name, value]) => `${name}=\`${value}\``)
  .join('\n');

/** The forms a leaked value could take in a file: raw, URL-encoded, JSON- or YAML-escaped. */
function leakedForms(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), value.replaceAll('$', '$$')])];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file under `dir` that holds one of the values, as "path: NAME as form". */
function leaksIn(dir: string, values: Readonly<Record<string, string>>): string[] {
  const leaks: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const [name, value] of Object.entries(values)) {
      for (const form of leakedForms(value)) if (bytes.includes(Buffer.from(form, 'utf8'))) leaks.push(`${relative(dir, file)}: ${name} as ${JSON.stringify(form)}`);
    }
  }
  return leaks;
}

const allEntries = (model: Model): EnvEntry[] => model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agent.envFiles.flatMap((f) => f.entries)));

/** The secrets as Vault would return them, for `renderGoTemplate`. */
function vaultSecrets(model: Model): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const entry of allEntries(model)) (out[entry.secret.apiPath] ??= {})[entry.secret.key] = secretEnv[secretNameFor(entry.secret)];
  return out;
}

/** The value an env line must carry once rendered: the secret itself, or inside a URL. */
function decodedValue(entry: EnvEntry, rendered: string): string {
  if (entry.kind === 'secret') return rendered;
  expect(rendered.startsWith(entry.prefix) && rendered.endsWith(entry.suffix), `${entry.name} keeps its URL around the secret`).toBe(true);
  return decodeURIComponent(rendered.slice(entry.prefix.length, rendered.length - entry.suffix.length));
}

it('the .env fixture reads back to exactly the secret values', () => {
  expect(dotenv.parse(dotenvText)).toEqual(secretEnv);
});

it('control: a value the config does interpolate is found by the scan, from the environment and from .env', () => {
  const dir = workspace();
  const config = join(dir, 'perfect.config.yaml');
  const text = readFileSync(config, 'utf8');
  expect(text.split('    title: Perfect\n')).toHaveLength(2);
  writeFileSync(config, text.replace('    title: Perfect\n', '    title: "${CANARY_TITLE} ${DOTENV_CANARY}"\n'));
  writeFileSync(join(dir, '.env'), 'DOTENV_CANARY=`dotenv-canary-7`\n');
  const run = runCli(['build'], dir, { CANARY_TITLE: 'env-canary-42' });
  expect(run.status).toBe(0);
  const leaks = leaksIn(join(dir, 'out'), { CANARY_TITLE: 'env-canary-42', DOTENV_CANARY: 'dotenv-canary-7' });
  expect(leaks.some((l) => l.includes('CANARY_TITLE'))).toBe(true);
  expect(leaks.some((l) => l.includes('DOTENV_CANARY'))).toBe(true);
});

describe.each(examples)('example $name built by the CLI with secrets in its environment and .env', (example) => {
  const dir = workspace(example.config);
  writeFileSync(join(dir, '.env'), `${dotenvText}\n`);
  // Before the build there is no recorded model: plan prints the diff of every file.
  const planRun = runCli(['plan', '--format', 'json'], dir, secretEnv);
  const run = runCli(['build'], dir, secretEnv);
  const stdoutRun = runCli(['build', '--stdout'], dir, secretEnv);
  const outDir = join(dir, 'out');
  const model = modelFromYaml(readFileSync(join(dir, 'perfect.config.yaml'), 'utf8'));

  it('builds', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(stdoutRun.status).toBe(0);
  });

  it('no output file holds any secret value, in any escaping', () => {
    expect(filesUnder(outDir).length).toBeGreaterThan(0);
    expect(leaksIn(outDir, secretEnv)).toEqual([]);
  });

  it('nothing the CLI prints holds a secret value', () => {
    expect(planRun.stdout).toContain('"status": "no-recorded-model"');
    for (const text of [run.stdout, run.stderr, stdoutRun.stdout, stdoutRun.stderr, planRun.stdout, planRun.stderr]) {
      for (const value of Object.values(secretEnv)) for (const form of leakedForms(value)) expect(text.includes(form)).toBe(false);
    }
  });

  it('the rendered templates carry the secrets: they flow at run time only', () => {
    const secrets = vaultSecrets(model);
    const templates = filesUnder(outDir).filter((f) => f.endsWith('.ctmpl'));
    const envFiles = model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agent.envFiles.map((file) => ({ outputDir: agent.outputDir, file }))));
    expect(envFiles.length).toBeGreaterThan(0);
    expect(templates).toHaveLength(envFiles.length);

    const delivered = new Set<SecretName>();
    for (const { outputDir, file } of envFiles) {
      // Located from the model's names, not a fixed layout: the Vault emitter owns the layout.
      const matching = templates.filter((t) => relative(outDir, t).startsWith(`${outputDir}/`) && t.endsWith(`/${file.fileName}.ctmpl`));
      expect(matching, `${outputDir} ${file.fileName}`).toHaveLength(1);
      const rendered = dotenv.parse(renderGoTemplate(readFileSync(matching[0] ?? '', 'utf8'), secrets));
      for (const entry of file.entries) {
        const line = rendered[entry.name];
        expect(line, `${file.fileName} sets ${entry.name}`).toBeDefined();
        const name = secretNameFor(entry.secret);
        expect(decodedValue(entry, line ?? ''), `${file.fileName} ${entry.name}`).toBe(secretEnv[name]);
        delivered.add(name);
      }
    }
    // Every Vault-backed secret of the example reaches its container; VAULT_TOKEN never does.
    const expected = new Set(allEntries(model).map((e) => secretNameFor(e.secret)));
    expect([...delivered].sort()).toEqual([...expected].sort());
    expect(delivered.has('VAULT_TOKEN')).toBe(false);
  });
});

it('the platform example exercises every fixture secret that lives in Vault', () => {
  const platform = examples.find((e) => e.name === 'platform');
  if (!platform) throw new Error('no platform example');
  const model = modelFromYaml(readFileSync(join(workspace(platform.config), 'perfect.config.yaml'), 'utf8'));
  const used = new Set(allEntries(model).map((e) => secretNameFor(e.secret)));
  expect([...used].sort()).toEqual(Object.keys(secretEnv).filter((n) => n !== 'VAULT_TOKEN').sort());
});
