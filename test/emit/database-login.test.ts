import { describe, expect, test } from 'vitest';
import { vaultEmitter } from '../../src/emit/vault/index.js';
import type { EmitContext } from '../../src/emit/types.js';
import type { App, EnvEntry, Model } from '../../src/model/model.js';
import { exampleModel, exampleText, modelFromYaml } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' },
  generatorVersion: '0.0.0-test',
};

const appNamed = (model: Model, name: string): App => {
  const app = model.apps.find((a) => a.name === name);
  if (!app) throw new Error(`no app ${name}`);
  return app;
};

/** The database URL an app's containers receive, from its env files. */
function databaseUrl(app: App): Extract<EnvEntry, { kind: 'url' }> {
  const entries = app.vaultAgents.flatMap((agent) => agent.envFiles.flatMap((f) => f.entries));
  const url = entries.find((e): e is Extract<EnvEntry, { kind: 'url' }> => e.kind === 'url' && /^postgres/.test(e.prefix));
  if (!url) throw new Error(`${app.name} has no database URL`);
  return url;
}

/** Every policy of the app's agents, one environment after another. */
function policyOf(model: Model, app: string): string {
  const files = renderedFiles(vaultEmitter, model, context).filter((f) => f.kind === 'vault-policy' && f.path.startsWith(`${app}/vault/`));
  if (files.length === 0) throw new Error(`no policy for ${app}`);
  return files.map((f) => f.content).join('\n');
}

const platformPassword = 'secret/data/platform/production/postgres';

describe('apps that name their own Postgres role', () => {
  const model = exampleModel('platform');

  test.each([
    ['wiki', 'postgres://outline:', 'secret/data/platform/production/wiki'],
    ['prefect', 'postgresql+asyncpg://prefect:', 'secret/data/platform/production/prefect'],
  ])('%s connects as its own user with the password from its own path', (name, prefix, path) => {
    const url = databaseUrl(appNamed(model, name));
    expect(url.prefix).toBe(prefix);
    expect(url.secret.apiPath).toBe(path);
    expect(url.secret.key).toBe('database_password');
  });

  test.each(['wiki', 'prefect'])('the policy of %s does not grant the platform-wide Postgres password', (name) => {
    expect(policyOf(model, name)).not.toContain(platformPassword);
  });

  test('no policy of the platform example grants the platform-wide Postgres password', () => {
    for (const app of model.apps) if (app.vaultAgents.length > 0) expect(policyOf(model, app.name), app.name).not.toContain(platformPassword);
  });
});

describe('apps without their own role', () => {
  test('connect as the platform user, as before', () => {
    const url = databaseUrl(appNamed(exampleModel(), 'prefect'));
    expect(url.prefix).toBe('postgresql+asyncpg://postgres:');
    expect(url.secret.apiPath).toBe(platformPassword);
  });

  test('a web app with only a database name gets the platform user', () => {
    const text = exampleText('platform').replace(/      user: outline\n      password:\n        path: [^\n]+\n        key: database_password\n/, '');
    const url = databaseUrl(appNamed(modelFromYaml(text), 'wiki'));
    expect(url.prefix).toBe('postgres://postgres:');
    expect(url.secret.apiPath).toBe(platformPassword);
  });
});
