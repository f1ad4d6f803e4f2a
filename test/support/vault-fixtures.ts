/**
 * Vault emitter fixtures shared by test/emit/vault.test.ts (TypeScript renderer) and
 * test/conformance/go-template.test.ts (Go's text/template): the configs, the models built from
 * them, the fake secret values that env files must carry, and how a shell reads an env file back.
 */
import { spawnSync } from 'node:child_process';
import type { EmitContext } from '../../src/emit/types.js';
import type { App, EnvEntry, EnvFile, Model } from '../../src/model/model.js';
import { exampleModel, modelFromYaml } from './model-from.js';

export const context: EmitContext = {
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
    password: { path: "secret/platform/{env}/redis", key: redis-password }
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
          - { env: API_TOKEN, path: "secret/apps/{env}/api", key: api-token }
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
  vaultCa: variant({ 'address: http://platform-vault:8200': 'address: https://platform-vault:8200\n    tls: { caCert: /etc/ssl/vault/ca.pem }' }),
  vaultCaFolder: variant({ 'address: http://platform-vault:8200': 'address: https://platform-vault:8200\n    tls: { caPath: /etc/ssl/vault-cas/ }' }),
};

export const models: Readonly<Record<string, Model>> = {
  example: exampleModel(),
  ...Object.fromEntries(Object.entries(configs).map(([name, text]) => [name, modelFromYaml(text)])),
};

export function envFilesOf(app: App): readonly EnvFile[] {
  return app.vaultAgents.flatMap((agent) => agent.envFiles);
}

/**
 * Every character class that shell, dotenv or URL quoting could trip on, except the refused ones,
 * in the two forms a value is written in: `awkward` has no `'` or `\\` (single quotes carry it,
 * `$` and backquotes included); `awkwardDoubleQuoted` has `'`, `\\`, `"` and `\` (double quotes
 * with escapes carry it, `$` only where sh leaves it alone).
 */
export const awkward = 'p@ss:w/o rd#1 $HOME $(id) `id` "dq" \\x %41 +plus &=?~ ;|<> {{ .x }} }} é🔑\tTab\nline two #not-a-comment\u2028';
export const awkwardDoubleQuoted = 'p@ss:w/o rd#1 it\'s "dq" \\\\ \\x \\n \\" 100$ $ $. %41 +plus &=?~ ;|<> {{ .x }} é🔑\tTab\nline two #not-a-comment\u2028';
/** Only ever inside URLs, where percent-encoding makes every character safe. */
export const urlOnly = "it's ${HOME} %{x} \\\\ \\ back\r\n'\"";

export function fakeSecrets(model: Model, valueFor: (entry: EnvEntry) => string): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  for (const app of model.apps) {
    for (const file of envFilesOf(app)) {
      for (const entry of file.entries) (secrets[entry.secret.apiPath] ??= {})[entry.secret.key] = valueFor(entry);
    }
  }
  return secrets;
}

/** `value` without its non-ASCII characters, for entries whose reader takes only ASCII. */
const asciiPart = (value: string): string => value.replace(/[^\x00-\x7f]/g, '');

/**
 * A secret is used only in URLs when no plain entry reads it; plain entries get `plainValue` and
 * their name, and a secret any ASCII-only entry reads gets the ASCII part of `plainValue`.
 */
export function richSecrets(model: Model, plainValue: string = awkward): Record<string, Record<string, string>> {
  const plain = new Set<string>();
  const ascii = new Set<string>();
  for (const app of model.apps) {
    for (const file of envFilesOf(app)) {
      for (const e of file.entries) {
        if (e.kind !== 'secret') continue;
        plain.add(`${e.secret.apiPath}#${e.secret.key}`);
        if (e.asciiOnly) ascii.add(`${e.secret.apiPath}#${e.secret.key}`);
      }
    }
  }
  return fakeSecrets(model, (e) => {
    const id = `${e.secret.apiPath}#${e.secret.key}`;
    if (!plain.has(id)) return `${urlOnly}|${e.name}`;
    return `${ascii.has(id) ? asciiPart(plainValue) : plainValue}|${e.name}`;
  });
}

export function expectedValue(entry: EnvEntry, secrets: Record<string, Record<string, string>>): string {
  const raw = secrets[entry.secret.apiPath]?.[entry.secret.key] as string;
  if (entry.kind === 'secret') return raw;
  return entry.prefix + encodeURIComponent(raw).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) + entry.suffix;
}

/** Values that single quotes cannot carry and double quotes with backslash escapes can. */
export const doubleQuoted: readonly string[] = ["it's", 'a\\\\b', 'trailing\\', 'say "hi" \\n \\" \\\\"', "it's 100$ $. $"];

/** Values no env line carries, and the reason each template names when it refuses one. */
export const refused: readonly (readonly [string, string])[] = [
  ['${HOME}', 'contains_dollar_brace'],
  ["it's ${HOME}", 'contains_dollar_brace'],
  ['cr\r', 'contains_a_carriage_return_or_nul'],
  ['nul\u0000', 'contains_a_carriage_return_or_nul'],
  ["it's $HOME", 'contains_a_quote_or_backslash_together_with_a_dollar_or_backquote'],
  ["it's `x`", 'contains_a_quote_or_backslash_together_with_a_dollar_or_backquote'],
  ["it's $(id)", 'contains_a_quote_or_backslash_together_with_a_dollar_or_backquote'],
  ['a\\\\b $1', 'contains_a_quote_or_backslash_together_with_a_dollar_or_backquote'],
  ['$? trailing\\', 'contains_a_quote_or_backslash_together_with_a_dollar_or_backquote'],
];

/** Values the Prefect API auth string refuses (`contains_non_ascii`) and other entries carry. */
export const nonAsciiValues: readonly string[] = ['é', 'key🔑', '\u0080', 'line\u2028sep', 'ｆｕｌｌｗｉｄｔｈ'];
/** ASCII at its edges, which the auth string carries. */
export const asciiEdges = 'del\u007f ~ \u0001';

/** The variables that hold the Prefect API auth string. */
export const isAuthString = (entry: EnvEntry): boolean => entry.kind === 'secret' && entry.asciiOnly === true;

/** The rich model with another literal prefix on the wiki app's URL entries. */
export function withUrlPrefix(prefix: string): Model {
  const model = models['rich'] as Model;
  const apps = model.apps.map((app): App => {
    if (app.name !== 'wiki') return app;
    const vaultAgents = app.vaultAgents.map((agent) => ({
      ...agent,
      envFiles: agent.envFiles.map((f) => ({ ...f, entries: f.entries.map((e) => (e.kind === 'url' ? { ...e, prefix } : e)) })),
    }));
    return { ...app, vaultAgents };
  });
  return { ...model, apps };
}

/** The line a rendered env file holds for `name`, as written (to see which quoting it got). */
export function envLine(rendered: string, name: string): string | undefined {
  return rendered.split('\n').find((line) => line.startsWith(`${name}=`));
}

export const hasPythonDotenv = spawnSync('python3', ['-c', 'import dotenv'], { encoding: 'utf8' }).status === 0;

/** Every variable of `dir/file.env` as python-dotenv's `dotenv_values` reads it (what pydantic-settings uses). */
export function readWithPythonDotenv(dir: string): Record<string, string> {
  return readManyWithPythonDotenv([dir])[0] as Record<string, string>;
}

/** `file.env` of each folder as python-dotenv reads it, in one Python process: its start-up is most of the cost. */
export function readManyWithPythonDotenv(dirs: readonly string[]): Record<string, string>[] {
  const script = 'import json, os, sys; from dotenv import dotenv_values; print(json.dumps([dotenv_values(os.path.join(d, "file.env")) for d in json.load(sys.stdin)]))';
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(dirs), encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  if (result.status !== 0 || result.stderr) throw new Error(`python-dotenv: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>[];
}

/** Reads one variable the way a container entrypoint would: `set -a; . ./file.env` in `dir`. */
export function readWithSh(dir: string, name: string): string {
  return readAllWithSh(dir, [name])[name] as string;
}

/** Every variable named, as sh sees it after sourcing `file.env`: one shell for them all. */
export function readAllWithSh(dir: string, names: readonly string[]): Record<string, string> {
  for (const name of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a variable name: ${name}`);
  const values = names.map((name) => `"$${name}"`).join(' ');
  const result = spawnSync('/bin/sh', ['-c', `set -a; . ./file.env; set +a; printf '%s\\0' ${values}`], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`sh failed: ${result.stderr}`);
  const read = result.stdout.split('\0').slice(0, -1);
  return Object.fromEntries(names.map((name, i) => [name, read[i] ?? '']));
}
