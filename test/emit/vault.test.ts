import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { afterAll, describe, expect, it } from 'vitest';
import { emitVault } from '../../src/emit/vault/index.js';
import type { EmitContext, OutputFile } from '../../src/emit/types.js';
import type { App, EnvEntry, EnvFile, Model } from '../../src/model/model.js';
import { checkGoTemplate, parseHcl1, parseHcl2, renderGoTemplate } from '../support/conformance.js';
import { exampleModel, modelFromYaml } from '../support/model-from.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build --config perfect.config.yaml' },
  generatorVersion: '0.0.0-test',
};

/** Pool secrets, a Redis password (secret and URL entries), Docket, app secrets, and a web app. */
const richConfig = `
version: 1
platform:
  name: platform
  domain: zitian.party
  network: platform
  postgres:
    host: platform-postgres
    user: postgres
    password: { path: "secret/platform/{env}/postgres", key: password }
  redis:
    host: platform-redis
    password: { path: "secret/platform/{env}/redis", key: password }
  vault:
    address: http://platform-vault:8200
    kv: { mount: secret, version: 2 }
    auth: { method: approle, mountPath: auth/perfect-approle }
    agent: { flavor: vault }
  authentik:
    outpostUrl: http://platform-authentik-server:9000
  traefik:
    entrypoint: websecure
    certResolver: letsencrypt
environments:
  - name: production
  - name: staging
apps:
  - name: prefect
    kind: prefect
    host: perfect.zitian.party
    access: { mode: sso, groups: [platform-admins] }
    image: prefecthq/prefect:3.8.3-python3.12
    database: prefect
    redis: { db: 1, docketDb: 2 }
    secrets:
      - { env: SLACK_WEBHOOK_URL, path: "secret/apps/{env}/prefect", key: slack_webhook }
    workPools:
      - name: production-pool
        environment: production
        secrets:
          - { env: WAREHOUSE_PASSWORD, path: "secret/apps/{env}/warehouse", key: password }
          - { env: WAREHOUSE_USER, path: "secret/apps/{env}/warehouse", key: user }
          - { env: API_TOKEN, path: "secret/apps/{env}/api", key: token }
      - name: staging-pool
        environment: staging
        secrets:
          - { env: WAREHOUSE_PASSWORD, path: "secret/apps/{env}/warehouse", key: password }
      - name: adhoc-pool
        environment: staging
  - name: wiki
    kind: web
    host: wiki.zitian.party
    access: { mode: sso, groups: [platform-admins] }
    image: ghcr.io/example/wiki:1.2.3
    port: 3000
    database: { name: wiki }
    redis: { db: 3 }
`;

const variant = (replace: Record<string, string>): string =>
  Object.entries(replace).reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
    return text.replace(from, to);
  }, richConfig);

const configs: Readonly<Record<string, string>> = {
  rich: richConfig,
  kv1: variant({ 'version: 2 }': 'version: 1 }' }),
  openbao: variant({ 'flavor: vault': 'flavor: openbao' }),
  tokenFile: variant({ 'method: approle, mountPath: auth/perfect-approle': 'method: token_file' }),
};

const models: Readonly<Record<string, Model>> = {
  example: exampleModel(),
  ...Object.fromEntries(Object.entries(configs).map(([name, text]) => [name, modelFromYaml(text)])),
};

const emitted = (name: string): readonly OutputFile[] => emitVault(models[name] as Model, context);
const fileAt = (files: readonly OutputFile[], filePath: string): OutputFile => {
  const file = files.find((f) => f.path === filePath);
  if (!file) throw new Error(`no ${filePath} in ${files.map((f) => f.path).join(', ')}`);
  return file;
};

function envFilesOf(app: App): readonly EnvFile[] {
  return app.vaultAgent?.envFiles ?? [];
}

/** Scalars (and lists of scalars) by key path, without list indexes: HCL v1 and v2 nest blocks differently. */
function hclLeaves(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [`${at} = ${JSON.stringify(value)}`];
    return value.flatMap((v) => hclLeaves(v, at));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => hclLeaves(v, at ? `${at}.${k}` : k));
  }
  return [`${at} = ${JSON.stringify(value)}`];
}

type Doc = Record<string, unknown>;
const asDoc = (value: unknown): Doc => value as Doc;
const first = (value: unknown): Doc => (Array.isArray(value) ? asDoc(value[0]) : asDoc(value));

describe('emitVault files', () => {
  it('writes agent.hcl, one template per env file and the policy under the app output folder', () => {
    const files = emitted('rich');
    expect(files.map((f) => [f.path, f.kind])).toEqual([
      ['prefect/vault/agent.hcl', 'vault-agent'],
      ['prefect/vault/templates/server.env.ctmpl', 'vault-template'],
      ['prefect/vault/templates/worker-production-pool.env.ctmpl', 'vault-template'],
      ['prefect/vault/templates/worker-staging-pool.env.ctmpl', 'vault-template'],
      ['prefect/vault/platform-prefect.policy.hcl', 'vault-policy'],
      ['wiki/vault/agent.hcl', 'vault-agent'],
      ['wiki/vault/templates/app.env.ctmpl', 'vault-template'],
      ['wiki/vault/platform-wiki.policy.hcl', 'vault-policy'],
    ]);
  });

  it.each(Object.keys(models))('%s: files are deterministic, LF-only, end with a newline and start with the header', (name) => {
    const files = emitted(name);
    expect(emitted(name)).toEqual(files);
    for (const file of files) {
      expect(file.content.endsWith('\n')).toBe(true);
      expect(file.content.endsWith('\n\n')).toBe(false);
      expect(file.content).not.toContain('\r');
      expect(file.content).toContain('Generated by perfect-gen from perfect.config.yaml');
      expect(file.content.startsWith(file.path.endsWith('.ctmpl') ? '{{- /* Generated' : '# Generated')).toBe(true);
    }
  });
});

describe('HCL files parse alike in HCL v2 and HCL v1', () => {
  const cases = Object.keys(models).flatMap((name) =>
    emitted(name)
      .filter((f) => f.path.endsWith('.hcl'))
      .map((f) => [name, f.path, f] as const),
  );

  it.each(cases)('%s: %s', async (_name, filePath, file) => {
    const v2 = await parseHcl2(path.basename(filePath), file.content);
    const v1 = parseHcl1(file.content);
    expect(hclLeaves(v1).sort()).toEqual(hclLeaves(v2).sort());
    for (const line of file.content.split('\n').filter((l) => !l.trimStart().startsWith('#'))) {
      expect(line).not.toMatch(/\$\{|%\{/);
    }
    if (file.kind === 'vault-agent') {
      const templates = [asDoc(v1)['template'], asDoc(v2)['template']] as Doc[][];
      for (const list of templates) for (const t of list) expect(t['perms']).toBe('0640');
    }
  });
});

describe('agent.hcl', () => {
  const agentDoc = async (name: string, app = 'prefect'): Promise<Doc> =>
    asDoc(await parseHcl2('agent.hcl', fileAt(emitted(name), `${app}/vault/agent.hcl`).content));

  it('signs in with approle from the mounted credentials and keeps the secret-id file', async () => {
    const doc = await agentDoc('rich');
    expect(first(doc['vault'])['address']).toBe('http://platform-vault:8200');
    expect(first(first(doc['vault'])['retry'])['num_retries']).toBe(5);
    const autoAuth = first(doc['auto_auth']);
    expect(autoAuth['sink']).toBeUndefined();
    const method = asDoc(autoAuth['method']);
    expect(Object.keys(method)).toEqual(['approle']);
    const approle = first(method['approle']);
    expect(approle['mount_path']).toBe('auth/perfect-approle');
    expect(approle['config']).toEqual({
      role_id_file_path: '/vault/approle/role-id',
      secret_id_file_path: '/vault/approle/secret-id',
      remove_secret_id_file_after_reading: false,
    });
    expect(first(doc['template_config'])).toEqual({ exit_on_retry_failure: true, static_secret_render_interval: '5m' });
  });

  it('has one template block per env file, pointing at the emitted template and the folder of its own volume', async () => {
    const files = emitted('rich');
    const doc = await agentDoc('rich');
    const prefect = models['rich']?.apps.find((a) => a.name === 'prefect') as App;
    const templates = doc['template'] as Doc[];
    expect(templates).toHaveLength(envFilesOf(prefect).length);
    for (const [i, envFile] of envFilesOf(prefect).entries()) {
      expect(templates[i]).toEqual({
        source: `/vault/templates/${envFile.fileName}.ctmpl`,
        destination: `/vault/secrets/${envFile.consumer}/${envFile.fileName}`,
        perms: '0640',
        error_on_missing_key: true,
        backup: false,
      });
      expect(files.some((f) => f.path === `prefect/vault/templates/${envFile.fileName}.ctmpl`)).toBe(true);
    }
  });

  it('uses token_file from the credentials folder when auth.method is token_file', async () => {
    const method = asDoc(first((await agentDoc('tokenFile'))['auto_auth'])['method']);
    expect(Object.keys(method)).toEqual(['token_file']);
    expect(first(method['token_file'])).toEqual({ config: { token_file_path: '/vault/approle/token' } });
  });

  it('puts every path under /openbao for the openbao flavour and keeps the vault stanza', async () => {
    const doc = await agentDoc('openbao');
    expect(first(doc['vault'])['address']).toBe('http://platform-vault:8200');
    const paths = hclLeaves(doc).filter((l) => /(_file_path|source|destination) = /.test(l));
    expect(paths.length).toBeGreaterThan(0);
    for (const leaf of paths) expect(leaf).toMatch(/ = "\/openbao\//);
  });
});

const secretPathsRead = (template: string): string[] => [...template.matchAll(/\{\{ with secret "([^"]+)"/g)].map((m) => m[1] as string);

describe('templates', () => {
  const cases = Object.keys(models).flatMap((name) =>
    emitted(name)
      .filter((f) => f.kind === 'vault-template')
      .map((f) => [name, f.path, f.content] as const),
  );

  it.each(cases)('%s: %s is a valid consul-template', (_name, _path, content) => {
    expect(checkGoTemplate(content)).toEqual([]);
  });

  it('reads KV v2 fields under .Data.data from data/ paths', () => {
    const server = fileAt(emitted('rich'), 'prefect/vault/templates/server.env.ctmpl').content;
    expect(secretPathsRead(server)).toEqual([
      'secret/data/platform/production/postgres',
      'secret/data/platform/production/redis',
      'secret/data/apps/production/prefect',
    ]);
    expect(server).toContain('{{ .Data.data.password | urlquery | replaceAll "+" "%20" }}');
    expect(server).not.toMatch(/\.Data\.(?!data\.)/);
  });

  it('reads KV v1 fields under .Data from paths without data/', () => {
    const server = fileAt(emitted('kv1'), 'prefect/vault/templates/server.env.ctmpl').content;
    expect(secretPathsRead(server)).toEqual(['secret/platform/production/postgres', 'secret/platform/production/redis', 'secret/apps/production/prefect']);
    expect(server).not.toContain('.Data.data');
    expect(server).toContain('{{ .Data.password | urlquery | replaceAll "+" "%20" }}');
  });

  it('reads each secret once per template, however many entries use it', () => {
    for (const file of emitted('rich').filter((f) => f.kind === 'vault-template')) {
      const paths = secretPathsRead(file.content);
      expect(new Set(paths).size).toBe(paths.length);
    }
    const production = fileAt(emitted('rich'), 'prefect/vault/templates/worker-production-pool.env.ctmpl').content;
    expect(secretPathsRead(production)).toEqual(['secret/data/apps/production/warehouse', 'secret/data/apps/production/api']);
  });

  it('reads the pool environment for pool secrets', () => {
    const staging = fileAt(emitted('rich'), 'prefect/vault/templates/worker-staging-pool.env.ctmpl').content;
    expect(secretPathsRead(staging)).toEqual(['secret/data/apps/staging/warehouse']);
  });
});

describe('policy', () => {
  const cases = Object.keys(models).flatMap((name) =>
    emitted(name)
      .filter((f) => f.kind === 'vault-policy')
      .map((f) => [name, f.path, f] as const),
  );

  it.each(cases)('%s: %s grants read on exactly the paths its templates read', async (name, _path, policy) => {
    const dir = path.dirname(policy.path);
    const read = emitted(name)
      .filter((f) => f.kind === 'vault-template' && f.path.startsWith(`${dir}/`))
      .flatMap((f) => secretPathsRead(f.content));
    const doc = asDoc(await parseHcl2('policy.hcl', policy.content));
    expect(Object.keys(doc)).toEqual(['path']);
    const paths = asDoc(doc['path']);
    expect(Object.keys(paths)).toEqual([...new Set(read)].sort());
    for (const rule of Object.values(paths)) expect(rule).toEqual([{ capabilities: ['read'] }]);
  });

  it('names the CLI of the flavour in its usage comment', () => {
    expect(fileAt(emitted('rich'), 'prefect/vault/platform-prefect.policy.hcl').content).toContain(
      'vault policy write platform-prefect platform-prefect.policy.hcl',
    );
    expect(fileAt(emitted('openbao'), 'prefect/vault/platform-prefect.policy.hcl').content).toContain('bao policy write platform-prefect');
  });
});

// ------------------------------------------------------------------------------------------------
// Round trip: render with fake secrets, read back as sh, npm dotenv and (when present) python-dotenv do.

/** Every character class that shell, dotenv or URL quoting could trip on, except the refused ones. */
const awkward = 'p@ss:w/o rd#1 $HOME $(id) `id` "dq" \\x %41 +plus &=?~ ;|<> {{ .x }} }} é🔑\tTab\nline two #not-a-comment\u2028';
/** Only ever inside URLs, where percent-encoding makes every character safe. */
const urlOnly = "it's ${HOME} %{x} \\\\ \\ back\r\n'\"";

function fakeSecrets(model: Model, valueFor: (entry: EnvEntry) => string): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  for (const app of model.apps) {
    for (const file of envFilesOf(app)) {
      for (const entry of file.entries) (secrets[entry.secret.apiPath] ??= {})[entry.secret.key] = valueFor(entry);
    }
  }
  return secrets;
}

/** A secret is used only in URLs when no plain entry reads it. */
function richSecrets(model: Model): Record<string, Record<string, string>> {
  const plain = new Set<string>();
  for (const app of model.apps) {
    for (const file of envFilesOf(app)) for (const e of file.entries) if (e.kind === 'secret') plain.add(`${e.secret.apiPath}#${e.secret.key}`);
  }
  return fakeSecrets(model, (e) => (plain.has(`${e.secret.apiPath}#${e.secret.key}`) ? `${awkward}|${e.name}` : `${urlOnly}|${e.name}`));
}

function expectedValue(entry: EnvEntry, secrets: Record<string, Record<string, string>>): string {
  const raw = secrets[entry.secret.apiPath]?.[entry.secret.key] as string;
  if (entry.kind === 'secret') return raw;
  return entry.prefix + encodeURIComponent(raw).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) + entry.suffix;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function writeEnv(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'perfect-gen-vault-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, 'file.env'), text);
  return dir;
}

function readWithSh(dir: string, name: string): string {
  const result = spawnSync('/bin/sh', ['-c', `set -a; . ./file.env; set +a; printf %s "$${name}"`], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`sh failed: ${result.stderr}`);
  return result.stdout;
}

const hasPythonDotenv = spawnSync('python3', ['-c', 'import dotenv'], { encoding: 'utf8' }).status === 0;

function readWithPythonDotenv(dir: string): Record<string, string> {
  const script = 'import json, sys; from dotenv import dotenv_values; print(json.dumps(dotenv_values("file.env")))';
  const result = spawnSync('python3', ['-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  if (result.status !== 0 || result.stderr) throw new Error(`python-dotenv: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe.each(['rich', 'kv1', 'openbao'])('%s: rendered env files read back to the secret values', (name) => {
  const model = models[name] as Model;
  const secrets = richSecrets(model);
  const cases = model.apps.flatMap((app) =>
    envFilesOf(app).map((file) => [`${app.name}/${file.fileName}`, file, fileAt(emitted(name), `${app.name}/vault/templates/${file.fileName}.ctmpl`)] as const),
  );

  it.each(cases)('%s', (_label, envFile, template) => {
    const rendered = renderGoTemplate(template.content, secrets);
    const expected = Object.fromEntries(envFile.entries.map((e) => [e.name, expectedValue(e, secrets)]));
    expect(rendered.split('\n').filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => l.split('=')[0])).toEqual(
      expect.arrayContaining(Object.keys(expected)),
    );

    const dir = writeEnv(rendered);
    for (const [key, value] of Object.entries(expected)) expect(readWithSh(dir, key), `sh ${key}`).toBe(value);
    expect(dotenv.parse(rendered)).toEqual(expected);
    expect(dotenv.parse(rendered, { fast: true })).toEqual(expected);
    if (hasPythonDotenv) expect(readWithPythonDotenv(dir)).toEqual(expected);

    for (const entry of envFile.entries.filter((e) => e.kind === 'url')) {
      const url = expected[entry.name] as string;
      const password = url.slice(entry.prefix.length, url.length - entry.suffix.length);
      expect(password).toMatch(/^[A-Za-z0-9%._~-]*$/);
      expect(decodeURIComponent(password)).toBe(secrets[entry.secret.apiPath]?.[entry.secret.key]);
    }
  });
});

describe('values a single-quoted env line cannot carry stop the render', () => {
  const model = models['rich'] as Model;
  const template = fileAt(emitted('rich'), 'prefect/vault/templates/worker-production-pool.env.ctmpl').content;
  const refused: readonly (readonly [string, string])[] = [
    ["it's", 'contains_a_single_quote'],
    ['${HOME}', 'contains_dollar_brace'],
    ['a\\\\b', 'contains_a_double_backslash_or_ends_with_a_backslash'],
    ['trailing\\', 'contains_a_double_backslash_or_ends_with_a_backslash'],
    ['cr\r', 'contains_a_carriage_return_or_nul'],
    ['nul\u0000', 'contains_a_carriage_return_or_nul'],
  ];

  it.each(refused)('%j', (value, reason) => {
    const secrets = fakeSecrets(model, (e) => (e.name === 'WAREHOUSE_PASSWORD' ? value : 'fine'));
    expect(() => renderGoTemplate(template, secrets)).toThrow(`perfect_gen_error__WAREHOUSE_PASSWORD_${reason}`);
  });

  it('lets the same values through inside a URL', () => {
    const server = fileAt(emitted('rich'), 'prefect/vault/templates/server.env.ctmpl').content;
    const secrets = fakeSecrets(model, (e) => (e.secret.apiPath.endsWith('/postgres') ? refused.map(([v]) => v).join('') : 'fine'));
    const url = dotenv.parse(renderGoTemplate(server, secrets))['PREFECT_SERVER_DATABASE_CONNECTION_URL'] as string;
    expect(decodeURIComponent(url.slice('postgresql+asyncpg://postgres:'.length, url.indexOf('@platform-postgres')))).toBe(
      refused.map(([v]) => v).join(''),
    );
  });

  it.skipIf(!hasPythonDotenv)('python-dotenv reads such values differently, which is why they are refused', () => {
    const dir = writeEnv("A='${HOME}'\nB='a\\\\b'\n");
    expect(readWithPythonDotenv(dir)).not.toEqual({ A: '${HOME}', B: 'a\\\\b' });
  });
});

describe('literal text of URL entries', () => {
  function withUrlPrefix(prefix: string): Model {
    const model = models['rich'] as Model;
    const apps = model.apps.map((app): App => {
      if (app.name !== 'wiki' || !app.vaultAgent) return app;
      const envFiles = app.vaultAgent.envFiles.map((f) => ({ ...f, entries: f.entries.map((e) => (e.kind === 'url' ? { ...e, prefix } : e)) }));
      return { ...app, vaultAgent: { ...app.vaultAgent, envFiles } };
    });
    return { ...model, apps };
  }
  const wikiTemplate = (model: Model): string => fileAt(emitVault(model, context), 'wiki/vault/templates/app.env.ctmpl').content;

  it('cannot open a template action', () => {
    const prefix = 'x{{ .Data }}{{{:';
    const template = wikiTemplate(withUrlPrefix(prefix));
    expect(checkGoTemplate(template)).toEqual([]);
    const env = dotenv.parse(renderGoTemplate(template, fakeSecrets(models['rich'] as Model, () => 'pw')));
    expect(env['DATABASE_URL']).toBe(`${prefix}pw@platform-postgres:5432/wiki`);
  });

  it.each(["it's", 'a\\\\b', 'end\\', '${X}', 'line\nbreak'])('refuses %j, which a single-quoted value cannot carry', (prefix) => {
    expect(() => wikiTemplate(withUrlPrefix(prefix))).toThrow(/^internal error/);
  });
});
