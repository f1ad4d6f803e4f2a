import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { emitComposeFor, renderedFiles } from '../support/emit.js';
import type { EmitContext } from '../../src/emit/types.js';
import { vaultEmitter } from '../../src/emit/vault/index.js';
import type { Model } from '../../src/model/model.js';
import { parseHcl2, validateCompose } from '../support/conformance.js';
import { exampleModel, exampleText, modelFromYaml, withApiAuthOff } from '../support/model-from.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build --config perfect.config.yaml' },
  generatorVersion: '0.0.0-test',
};

interface Service {
  image: string;
  container_name?: string;
  entrypoint?: string[];
  command?: string[];
  restart: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  expose?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  labels: Record<string, string>;
  networks: string[];
  [key: string]: unknown;
}
interface ComposeDoc {
  name: string;
  services: Record<string, Service>;
  networks: Record<string, { external: boolean; name: string }>;
  volumes?: Record<string, unknown>;
}

function composeText(model: Model): string {
  const files = emitComposeFor(model, context);
  expect(files).toHaveLength(1);
  const [file] = files;
  expect(file?.path).toBe('docker-compose.yml');
  expect(file?.kind).toBe('compose');
  return file?.content ?? '';
}

const composeOf = (model: Model): ComposeDoc => parse(composeText(model)) as ComposeDoc;

/** Secrets that live in Vault for these configs; none of the paths or field names may reach Compose. */
const secretsConfig = `
  redis:
    host: platform-redis
    port: 6379
    password:
      path: secret/platform/{env}/redis
      key: password
`;

/** The example with Redis behind a password, a Docket DB, secrets on a pool and a web and an internal app. */
const richText = exampleText()
  .replace(/ {2}redis:\n {4}host: platform-redis\n {4}port: 6379\n/, secretsConfig.slice(1))
  .replace('      db: 1\n', '      db: 1\n      docketDb: 2\n')
  .replace(
    '      - name: staging-pool\n        environment: staging\n        workers: 1',
    `      - name: staging-pool
        environment: staging
        workers: 3
        workerConcurrencyLimit: 5
        secrets:
          - env: WAREHOUSE_TOKEN
            path: secret/platform/{env}/warehouse
            key: token`,
  )
  .concat(`
  - name: wiki
    kind: web
    host: wiki.zitian.party
    access:
      mode: sso
      groups: [staff]
    image: outlinewiki/outline:0.82.0
    port: 3000
    healthPath: /_health
    command: [yarn, start]
    database:
      name: outline
    redis:
      db: 3
  - name: notifier
    kind: internal
    image: ghcr.io/zitian/notifier:1.4.2
    secrets:
      - env: SMTP_PASSWORD
        path: secret/platform/{env}/notifier
        key: smtp_password
`);

const models: Record<string, () => Model> = {
  example: () => exampleModel(),
  rich: () => modelFromYaml(richText),
};

/** Every string value in the document, with its path. */
function stringValues(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringValues(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringValues(v, `${path}.${k}`));
  }
  return [];
}

describe('the example', () => {
  const doc = composeOf(exampleModel());

  test('has the platform project name, the external network and one volume per env file', () => {
    expect(doc.name).toBe('platform');
    expect(doc.networks).toEqual({ platform: { external: true, name: 'platform' } });
    expect(Object.keys(doc.volumes ?? {})).toEqual(['prefect-secrets-server', 'prefect-secrets-worker-production-pool', 'prefect-secrets-worker-staging-pool']);
  });

  test('lists the services in start order with the seed container names', () => {
    expect(Object.keys(doc.services)).toEqual([
      'prefect-vault-agent-production',
      'prefect-vault-agent-staging',
      'prefect-migrate',
      'prefect-server',
      'prefect-services',
      'prefect-worker-production-pool',
      'prefect-worker-staging-pool',
    ]);
    expect(doc.services['prefect-server']?.container_name).toBe('platform-prefect-server');
    expect(doc.services['prefect-vault-agent-production']?.container_name).toBe('platform-prefect-vault-agent-production');
  });

  test('starts server, services, migration and workers with the split-process commands', () => {
    const s = doc.services;
    expect(s['prefect-server']?.command).toEqual(['prefect', 'server', 'start', '--no-services']);
    expect(s['prefect-services']?.command).toEqual(['prefect', 'server', 'services', 'start']);
    expect(s['prefect-migrate']?.command?.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(s['prefect-migrate']?.command?.[2]).toMatch(/until prefect server database upgrade -y; do .*exit 1.*sleep 5; done$/);
    expect(s['prefect-migrate']?.restart).toBe('no');
    expect(s['prefect-worker-production-pool']?.command).toEqual([
      'prefect', 'worker', 'start', '--pool', 'production-pool', '--type', 'process', '--with-healthcheck',
    ]);
  });

  test('configures the server for Redis, the public UI and the internal listener', () => {
    const env = doc.services['prefect-server']?.environment ?? {};
    expect(env).toMatchObject({
      PREFECT_SERVER_API_HOST: '0.0.0.0',
      PREFECT_SERVER_UI_API_URL: 'https://perfect.zitian.party/api',
      PREFECT_UI_URL: 'https://perfect.zitian.party',
      PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
      PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'false',
      PREFECT_SERVER_EVENTS_MESSAGING_BROKER: 'prefect_redis.messaging',
      PREFECT_SERVER_EVENTS_MESSAGING_CACHE: 'prefect_redis.messaging',
      PREFECT_SERVER_EVENTS_CAUSAL_ORDERING: 'prefect_redis.ordering',
      PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE: 'prefect_redis.lease_storage',
      PREFECT_REDIS_MESSAGING_HOST: 'platform-redis',
      PREFECT_REDIS_MESSAGING_PORT: '6379',
      PREFECT_REDIS_MESSAGING_DB: '1',
    });
    expect(Object.keys(env).filter((k) => /^PREFECT_(API|MESSAGING)_/.test(k) && k !== 'PREFECT_API_URL')).toEqual([]);
    expect(doc.services['prefect-services']?.environment?.['PREFECT_SERVER_DATABASE_MIGRATE_ON_START']).toBe('false');
  });

  test('points workers at the internal API and their health port', () => {
    for (const pool of ['production-pool', 'staging-pool']) {
      expect(doc.services[`prefect-worker-${pool}`]?.environment).toEqual({
        PREFECT_API_URL: 'http://platform-prefect-server:4200/api',
        PREFECT_UI_URL: 'https://perfect.zitian.party',
        PREFECT_WORKER_WEBSERVER_PORT: '8080',
      });
    }
  });

  test('checks the server and the workers with Python, which the image has', () => {
    expect(doc.services['prefect-server']?.healthcheck?.test).toEqual([
      'CMD', 'python', '-c', "import urllib.request as u; u.urlopen('http://localhost:4200/api/health', timeout=1)",
    ]);
    expect(doc.services['prefect-worker-staging-pool']?.healthcheck?.test).toEqual([
      'CMD', 'python', '-c', "import urllib.request as u; u.urlopen('http://localhost:8080/health', timeout=1)",
    ]);
  });

  test('runs the agent with its config, templates, credentials and one tmpfs volume per env file', () => {
    const agent = doc.services['prefect-vault-agent-production'];
    expect(agent?.image).toBe('hashicorp/vault:1.20.4');
    expect(agent?.command).toEqual(['agent', '-config=/vault/config/agent.hcl']);
    expect(agent?.environment).toEqual({ PERFECT_GEN_AGENT_SHA256: expect.stringMatching(/^[0-9a-f]{64}$/), SKIP_CHOWN: 'true', SKIP_SETCAP: 'true' });
    expect(agent?.volumes).toEqual([
      './prefect/vault/production/agent.hcl:/vault/config/agent.hcl:ro',
      './prefect/vault/production/templates:/vault/templates:ro',
      '/etc/perfect-gen/approle/prefect/production:/vault/approle:ro',
      'prefect-secrets-server:/vault/secrets/server',
      'prefect-secrets-worker-production-pool:/vault/secrets/worker-production-pool',
    ]);
    expect(agent?.healthcheck?.test).toEqual([
      'CMD-SHELL',
      'test -s /vault/secrets/server/server.env && test -s /vault/secrets/worker-production-pool/worker-production-pool.env',
    ]);
    expect(doc.volumes?.['prefect-secrets-server']).toEqual({
      driver: 'local',
      driver_opts: { type: 'tmpfs', device: 'tmpfs', o: 'uid=100,gid=1000,mode=0750' },
    });
  });

  test('wraps the Prefect entrypoint to source the env file, keeping tini and the image entrypoint', () => {
    const text = composeText(exampleModel());
    for (const name of ['prefect-migrate', 'prefect-server', 'prefect-services']) {
      const svc = doc.services[name];
      expect(svc?.entrypoint).toEqual([
        'tini', '-g', '--', '/bin/sh', '-c',
        'set -a && . /vault/secrets/server.env && set +a && exec /opt/prefect/entrypoint.sh "$$@"',
        '--',
      ]);
      expect(svc?.volumes).toContain('prefect-secrets-server:/vault/secrets:ro');
      expect(svc).not.toHaveProperty('env_file');
    }
    // The file is escaped once: Compose turns `$$@` into the `$@` the shell needs.
    expect(text).toContain('"$$@"');
    expect(text).not.toContain('$$$');
  });

  test('starts with the hash-style header', () => {
    expect(composeText(exampleModel())).toMatch(/^# Generated by perfect-gen from perfect\.config\.yaml\./);
  });
});

describe.each(Object.keys(models))('invariants: %s', (name) => {
  const model = (models[name] as () => Model)();
  const doc = composeOf(model);
  const services = doc.services;

  test('validates against the Compose specification schema', () => {
    expect(validateCompose(doc)).toEqual([]);
  });

  test('pins every image to an exact tag or digest', () => {
    for (const svc of Object.values(services)) {
      expect(svc.image).toMatch(/(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})$/);
      expect(svc.image).not.toMatch(/:latest$/);
    }
  });

  test('depends_on targets exist, are healthy-checked or one-shot, and form no cycle', () => {
    for (const svc of Object.values(services)) {
      for (const [target, { condition }] of Object.entries(svc.depends_on ?? {})) {
        const dep = services[target];
        expect(dep, target).toBeDefined();
        if (condition === 'service_healthy') expect(dep?.healthcheck, target).toBeDefined();
        else if (condition === 'service_completed_successfully') expect(dep?.restart, target).toBe('no');
        else throw new Error(`unexpected condition ${condition}`);
      }
    }
    const done = new Set<string>();
    const visit = (name: string, path: readonly string[]): void => {
      expect(path, 'dependency cycle').not.toContain(name);
      if (done.has(name)) return;
      for (const target of Object.keys(services[name]?.depends_on ?? {})) visit(target, [...path, name]);
      done.add(name);
    };
    for (const svcName of Object.keys(services)) visit(svcName, []);
  });

  test('nothing reads secrets before the agent has rendered them or the schema exists', () => {
    for (const [svcName, svc] of Object.entries(services)) {
      const role = svc.labels['dev.perfect-gen.role'];
      const app = svc.labels['dev.perfect-gen.app'];
      const secretsMount = svc.volumes?.find((v) => v.endsWith(':/vault/secrets:ro'));
      if (secretsMount) {
        // Exactly one agent: the one whose volumes hold this service's file.
        const agents = Object.keys(svc.depends_on ?? {}).filter((name) => services[name]?.labels['dev.perfect-gen.role'] === 'vault-agent');
        expect(agents, svcName).toHaveLength(1);
        const agentName = agents[0] ?? '';
        expect(agentName, svcName).toMatch(new RegExp(`^${app}-vault-agent-[a-z0-9-]+$`));
        expect(svc.depends_on?.[agentName]?.condition, svcName).toBe('service_healthy');
        // The file it sources is one the agent's health check waits for, in the folder where the agent mounts the same volume.
        const file = /\. (\/vault\/secrets\/\S+\.env)/.exec(svc.entrypoint?.join(' ') ?? '')?.[1];
        expect(file, svcName).toBeDefined();
        const agent = services[agentName];
        const volume = secretsMount.split(':')[0];
        const agentDir = agent?.volumes?.find((v) => v.startsWith(`${volume}:`))?.split(':')[1];
        expect(agentDir, svcName).toBeDefined();
        expect(agent?.healthcheck?.test.join(' ') ?? '').toContain(`test -s ${agentDir}/${file?.split('/').pop()}`);
      }
      if (role === 'server') expect(svc.depends_on?.[`${app}-migrate`]?.condition).toBe('service_completed_successfully');
      if (role === 'services' || role === 'worker') expect(svc.depends_on?.[`${app}-server`]?.condition).toBe('service_healthy');
    }
  });

  test('gives server and services the identical backend block', () => {
    for (const app of model.apps) {
      if (app.kind !== 'prefect') continue;
      const server = services[app.server.service]?.environment ?? {};
      const background = services[app.services.service]?.environment ?? {};
      const backendKeys = Object.keys(server).filter((k) => /^PREFECT_(REDIS_MESSAGING|SERVER_(EVENTS|CONCURRENCY|DOCKET|DATABASE))_/.test(k));
      expect(backendKeys.length).toBeGreaterThanOrEqual(8);
      const pick = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([k]) => backendKeys.includes(k)));
      expect(pick(background)).toEqual(pick(server));
      const backgroundBackend = Object.keys(background).filter((k) => /^PREFECT_(REDIS_MESSAGING|SERVER_(EVENTS|CONCURRENCY|DOCKET|DATABASE))_/.test(k));
      expect(backgroundBackend.sort()).toEqual([...backendKeys].sort());
    }
  });

  test('writes no secret, secret location or database URL', () => {
    const text = composeText(model);
    expect(text).not.toMatch(/env_file/);
    expect(text).not.toMatch(/postgres(ql)?(\+asyncpg)?:\/\//);
    expect(text).not.toMatch(/secret\/(data\/)?platform/);
    expect(text).not.toMatch(/VAULT_ADDR|BAO_ADDR|VAULT_TOKEN/);
    for (const svc of Object.values(services)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        expect(value, key).not.toMatch(/password|token|secret/i);
        expect(key, key).not.toMatch(/PASSWORD|TOKEN|SECRET|DATABASE_URL|CONNECTION_URL/);
        // A URL with credentials would have a user-info part.
        expect(value, key).not.toMatch(/:\/\/[^/]*@/);
      }
    }
  });

  test('publishes no host port and puts every service on the platform network', () => {
    for (const svc of Object.values(services)) {
      expect(svc).not.toHaveProperty('ports');
      expect(svc.networks).toEqual([model.platform.network]);
      expect(svc.labels['dev.perfect-gen.app']).toBeTruthy();
      expect(svc.labels['dev.perfect-gen.role']).toBeTruthy();
    }
  });

  test('keeps every service out of Traefik\'s Docker provider, which publishes containers by default', () => {
    for (const [svcName, svc] of Object.entries(services)) expect(svc.labels['traefik.enable'], svcName).toBe('false');
  });

  test('doubles every $ in every value', () => {
    for (const [path, value] of stringValues(doc)) expect(value.replace(/\$\$/g, ''), path).not.toContain('$');
  });

  test('writes environments as sorted maps of strings', () => {
    for (const svc of Object.values(services)) {
      const env = svc.environment ?? {};
      expect(Array.isArray(env)).toBe(false);
      expect(Object.keys(env)).toEqual(Object.keys(env).sort());
      for (const value of Object.values(env)) expect(typeof value).toBe('string');
    }
  });

  test('is deterministic', () => {
    expect(composeText(model)).toBe(composeText((models[name] as () => Model)()));
  });
});

describe('the rich config', () => {
  const model = modelFromYaml(richText);
  const doc = composeOf(model);

  test('is the config it claims to be', () => {
    const prefect = model.apps.find((a) => a.kind === 'prefect');
    expect(model.platform.redis.password).toBeDefined();
    expect(prefect?.kind === 'prefect' && prefect.redis.docketDb).toBe(2);
  });

  test('keeps the Docket URL and Redis password out of Compose when Redis has a password', () => {
    for (const name of ['prefect-server', 'prefect-services']) {
      const env = doc.services[name]?.environment ?? {};
      expect(env).not.toHaveProperty('PREFECT_SERVER_DOCKET_URL');
      expect(env).not.toHaveProperty('PREFECT_REDIS_MESSAGING_PASSWORD');
    }
    expect(doc.services['wiki']?.environment ?? {}).not.toHaveProperty('REDIS_URL');
  });

  test('wraps every worker, since each reads at least the API auth string, and waits for the agent of its environment', () => {
    for (const [pool, environment] of [['staging-pool', 'staging'], ['production-pool', 'production']] as const) {
      const worker = doc.services[`prefect-worker-${pool}`];
      expect(worker?.entrypoint?.join(' '), pool).toContain(`. /vault/secrets/worker-${pool}.env`);
      expect(worker?.depends_on, pool).toEqual({
        [`prefect-vault-agent-${environment}`]: { condition: 'service_healthy' },
        'prefect-server': { condition: 'service_healthy' },
      });
      expect(worker?.volumes, pool).toEqual([`prefect-secrets-worker-${pool}:/vault/secrets:ro`]);
    }
    expect(doc.services['prefect-vault-agent-staging']?.healthcheck?.test).toEqual([
      'CMD-SHELL',
      'test -s /vault/secrets/worker-staging-pool/worker-staging-pool.env',
    ]);
    expect(Object.keys(doc.volumes ?? {})).toEqual([
      'prefect-secrets-server',
      'prefect-secrets-worker-production-pool',
      'prefect-secrets-worker-staging-pool',
      'wiki-secrets-app',
      'notifier-secrets-app',
    ]);
  });

  test('with API auth off, leaves a worker without secrets alone', () => {
    const open = composeOf(modelFromYaml(withApiAuthOff(richText)));
    const production = open.services['prefect-worker-production-pool'];
    expect(production).not.toHaveProperty('entrypoint');
    expect(production).not.toHaveProperty('volumes');
    expect(production?.depends_on).toEqual({ 'prefect-server': { condition: 'service_healthy' } });
    expect(open.services['prefect-vault-agent-production']?.healthcheck?.test).toEqual(['CMD-SHELL', 'test -s /vault/secrets/server/server.env']);
  });

  test('gives the web app its own agent and a plain shell wrapper around its command', () => {
    const wiki = doc.services['wiki'];
    expect(Object.keys(doc.services)).toEqual(expect.arrayContaining(['wiki-vault-agent-production', 'wiki', 'notifier-vault-agent-production', 'notifier']));
    expect(wiki?.entrypoint).toEqual(['/bin/sh', '-c', 'set -a && . /vault/secrets/app.env && set +a && exec "$$@"', '--']);
    expect(wiki?.command).toEqual(['yarn', 'start']);
    expect(wiki?.expose).toEqual(['3000']);
    expect(wiki?.healthcheck?.test[0]).toBe('CMD-SHELL');
    expect(wiki?.healthcheck?.test[1]).toContain('http://127.0.0.1:3000/_health');
  });

  test('gives an internal app without a health path no health check', () => {
    const notifier = doc.services['notifier'];
    expect(notifier).not.toHaveProperty('healthcheck');
    expect(notifier).not.toHaveProperty('expose');
    // No command: the image's CMD is unknown once the entrypoint is replaced, so the wrapper refuses to guess.
    expect(notifier?.entrypoint?.[2]).toMatch(/exit 64$/);
    expect(notifier).not.toHaveProperty('command');
  });
});

/** The env file a service sources at start (`. /vault/secrets/server.env`), by file name. */
function sourcedFile(svc: Service): string | undefined {
  return /\. \/vault\/secrets\/(\S+\.env) /.exec(svc.entrypoint?.join(' ') ?? '')?.[1];
}

/** Named volumes a service mounts that the document declares (bind mounts start with `.` or `/`). */
function namedMounts(doc: ComposeDoc, svc: Service): string[] {
  return (svc.volumes ?? []).filter((v) => Object.hasOwn(doc.volumes ?? {}, v.split(':')[0] ?? ''));
}

/**
 * What each secrets volume holds, read from the artifacts alone: the folder each agent mounts a volume at,
 * and the `destination` of each template block in that agent's agent.hcl.
 */
async function filesByVolume(model: Model, doc: ComposeDoc): Promise<Map<string, string[]>> {
  const vaultFiles = renderedFiles(vaultEmitter, model, context);
  const byVolume = new Map<string, string[]>();
  for (const agent of model.apps.flatMap((app) => app.vaultAgents)) {
    const app = { name: agent.service };
    const hcl = vaultFiles.find((f) => f.path === `${agent.outputDir}/agent.hcl`);
    const parsed = (await parseHcl2('agent.hcl', hcl?.content ?? '')) as { template?: { destination: string }[] };
    const destinations = (parsed.template ?? []).map((t) => t.destination);
    expect(destinations.length, app.name).toBeGreaterThan(0);
    const mounts = namedMounts(doc, doc.services[agent.service] as Service).map((m) => m.split(':') as [string, string]);
    for (const [volume, dir] of mounts) {
      expect(byVolume.has(volume), `${volume} is mounted by two agents`).toBe(false);
      byVolume.set(volume, destinations.filter((d) => d.slice(0, d.lastIndexOf('/')) === dir).map((d) => d.slice(dir.length + 1)));
    }
    // Every file lands in one of the agent's tmpfs volumes, never on its container's own disk.
    for (const d of destinations) expect(mounts.some(([, dir]) => d.startsWith(`${dir}/`)), d).toBe(true);
  }
  return byVolume;
}

describe.each(['perfect', 'platform'])('secrets isolation: examples/%s', (example) => {
  const model = exampleModel(example);
  const doc = composeOf(model);

  test('gives each env file a tmpfs volume of its own, named after the app and the file\'s consumer', () => {
    const files = model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agent.envFiles).map((file) => ({ app: app.name, file })));
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(doc.volumes ?? {}).sort()).toEqual(files.map(({ file }) => file.volume).sort());
    for (const { app, file } of files) {
      expect(file.volume).toBe(`${app}-secrets-${file.consumer}`);
      expect(doc.volumes?.[file.volume]).toEqual({
        driver: 'local',
        driver_opts: { type: 'tmpfs', device: 'tmpfs', o: 'uid=100,gid=1000,mode=0750' },
      });
    }
  });

  test('the agent renders exactly one env file into each volume', async () => {
    const byVolume = await filesByVolume(model, doc);
    expect([...byVolume.keys()].sort()).toEqual(Object.keys(doc.volumes ?? {}).sort());
    for (const [volume, files] of byVolume) expect(files, volume).toHaveLength(1);
  });

  test('every service mounts only the volume holding the env file it sources, read-only at /vault/secrets', async () => {
    const byVolume = await filesByVolume(model, doc);
    for (const [name, svc] of Object.entries(doc.services)) {
      if (svc.labels['dev.perfect-gen.role'] === 'vault-agent') continue;
      const file = sourcedFile(svc);
      const mounts = namedMounts(doc, svc);
      if (file === undefined) {
        expect(mounts, name).toEqual([]);
        continue;
      }
      expect(mounts, name).toHaveLength(1);
      const [volume, target, mode] = (mounts[0] ?? '').split(':');
      expect([target, mode], name).toEqual(['/vault/secrets', 'ro']);
      expect(byVolume.get(volume ?? ''), name).toEqual([file]);
    }
  });

  test('the server, services and migration share the server file; each worker pool reads only its own', () => {
    for (const app of model.apps) {
      if (app.kind !== 'prefect') continue;
      for (const part of [app.migrate, app.server, app.services]) {
        expect(namedMounts(doc, doc.services[part.service] as Service), part.service).toEqual([`${app.serverEnvFile.volume}:/vault/secrets:ro`]);
      }
      for (const pool of app.workPools) {
        const expected = pool.envFile ? [`${pool.envFile.volume}:/vault/secrets:ro`] : [];
        expect(namedMounts(doc, doc.services[pool.service] as Service), pool.service).toEqual(expected);
      }
    }
  });
});

describe('the platform example\'s staging worker', () => {
  const model = exampleModel('platform');
  const doc = composeOf(model);
  const staging = doc.services['prefect-worker-staging-pool'] as Service;

  test('sees its own env file and neither the server\'s nor the production pool\'s', async () => {
    const byVolume = await filesByVolume(model, doc);
    const visible = namedMounts(doc, staging).flatMap((m) => byVolume.get(m.split(':')[0] ?? '') ?? []);
    expect(visible).toEqual(['worker-staging-pool.env']);
    expect(visible).not.toContain('server.env');
    expect(visible).not.toContain('worker-production-pool.env');
    expect(staging.volumes).toEqual(['prefect-secrets-worker-staging-pool:/vault/secrets:ro']);
  });

  test('each environment\'s agent mounts its own volumes, each at its own folder, and waits for those files only', () => {
    const production = doc.services['prefect-vault-agent-production'];
    expect(namedMounts(doc, production as Service)).toEqual([
      'prefect-secrets-server:/vault/secrets/server',
      'prefect-secrets-worker-production-pool:/vault/secrets/worker-production-pool',
    ]);
    expect(production?.healthcheck?.test).toEqual([
      'CMD-SHELL',
      ['test -s /vault/secrets/server/server.env', 'test -s /vault/secrets/worker-production-pool/worker-production-pool.env'].join(' && '),
    ]);
    const staging = doc.services['prefect-vault-agent-staging'];
    expect(namedMounts(doc, staging as Service)).toEqual(['prefect-secrets-worker-staging-pool:/vault/secrets/worker-staging-pool']);
    expect(staging?.healthcheck?.test).toEqual(['CMD-SHELL', 'test -s /vault/secrets/worker-staging-pool/worker-staging-pool.env']);
  });
});
