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

/** Every character class that shell, dotenv or URL quoting could trip on, except the refused ones. */
export const awkward = 'p@ss:w/o rd#1 $HOME $(id) `id` "dq" \\x %41 +plus &=?~ ;|<> {{ .x }} }} é🔑\tTab\nline two #not-a-comment\u2028';
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

/** A secret is used only in URLs when no plain entry reads it. */
export function richSecrets(model: Model): Record<string, Record<string, string>> {
  const plain = new Set<string>();
  for (const app of model.apps) {
    for (const file of envFilesOf(app)) for (const e of file.entries) if (e.kind === 'secret') plain.add(`${e.secret.apiPath}#${e.secret.key}`);
  }
  return fakeSecrets(model, (e) => (plain.has(`${e.secret.apiPath}#${e.secret.key}`) ? `${awkward}|${e.name}` : `${urlOnly}|${e.name}`));
}

export function expectedValue(entry: EnvEntry, secrets: Record<string, Record<string, string>>): string {
  const raw = secrets[entry.secret.apiPath]?.[entry.secret.key] as string;
  if (entry.kind === 'secret') return raw;
  return entry.prefix + encodeURIComponent(raw).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) + entry.suffix;
}

/** Values a single-quoted env line cannot carry, and the reason each template names when it refuses one. */
export const refused: readonly (readonly [string, string])[] = [
  ["it's", 'contains_a_single_quote'],
  ['${HOME}', 'contains_dollar_brace'],
  ['a\\\\b', 'contains_a_double_backslash_or_ends_with_a_backslash'],
  ['trailing\\', 'contains_a_double_backslash_or_ends_with_a_backslash'],
  ['cr\r', 'contains_a_carriage_return_or_nul'],
  ['nul\u0000', 'contains_a_carriage_return_or_nul'],
];

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

/** Reads one variable the way a container entrypoint would: `set -a; . ./file.env` in `dir`. */
export function readWithSh(dir: string, name: string): string {
  const result = spawnSync('/bin/sh', ['-c', `set -a; . ./file.env; set +a; printf %s "$${name}"`], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`sh failed: ${result.stderr}`);
  return result.stdout;
}
