import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { emitComposeFor } from '../support/emit.js';
import type { EmitContext } from '../../src/emit/types.js';
import { validateCompose } from '../support/conformance.js';
import { modelFromYaml } from '../support/model-from.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' },
  generatorVersion: '0.0.0-test',
};

interface Service {
  image: string;
  container_name?: string;
  entrypoint?: string[];
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number; resources?: { limits: { cpus?: string; memory?: string } } };
  logging?: { driver: string; options?: Record<string, string> };
  labels: Record<string, string>;
  [key: string]: unknown;
}
interface ComposeDoc {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

interface PlatformOptions {
  readonly redisPassword?: boolean;
  readonly flavor?: 'vault' | 'openbao';
}

function config(apps: string, options: PlatformOptions = {}): string {
  return `
version: 1
platform:
  name: lab
  domain: example.org
  network: edge
  postgres:
    host: pg
    user: postgres
    password: { path: "secret/lab/{env}/postgres", key: password }
  redis:
    host: cache
${options.redisPassword ? '    password: { path: "secret/lab/{env}/redis", key: password }\n' : ''}  vault:
    address: http://vault:8200
${options.flavor ? `    agent: { flavor: ${options.flavor} }\n` : ''}  authentik:
    outpostUrl: http://authentik:9000
  traefik:
    entrypoint: websecure
    certResolver: le
environments:
  - name: production
  - name: staging
apps:
${apps}`;
}

const prefectApp = (pools: string, extra = '') => `
  - name: flows
    kind: prefect
    host: flows.example.org
    access: { mode: sso, groups: [admins] }
    image: prefecthq/prefect:3.8.3-python3.12
    database: flows
    redis: { db: 4, docketDb: 5 }
${extra}    workPools:
${pools}`;

function compose(text: string, emitContext = context): { doc: ComposeDoc; text: string } {
  const [file] = emitComposeFor(modelFromYaml(text), emitContext);
  const content = file?.content ?? '';
  const doc = parse(content) as ComposeDoc;
  expect(validateCompose(doc)).toEqual([]);
  return { doc, text: content };
}

describe('work pools', () => {
  const { doc } = compose(
    config(
      prefectApp(`
      - { name: small, environment: production, workers: 1 }
      - { name: big, environment: staging, workers: 3, workerConcurrencyLimit: 7, image: "registry.example.org/flows:2.1.0" }
`),
    ),
  );

  test('become one worker service each, with the pool, limit and replicas', () => {
    const small = doc.services['flows-worker-small'];
    const big = doc.services['flows-worker-big'];
    expect(small?.command).toEqual(['prefect', 'worker', 'start', '--pool', 'small', '--type', 'process', '--with-healthcheck']);
    expect(small?.deploy?.replicas).toBe(1);
    expect(small?.container_name).toBe('lab-flows-worker-small');
    expect(big?.command).toEqual([
      'prefect', 'worker', 'start', '--pool', 'big', '--type', 'process', '--with-healthcheck', '--limit', '7',
    ]);
    expect(big?.deploy?.replicas).toBe(3);
    expect(big).not.toHaveProperty('container_name');
    expect(big?.image).toBe('registry.example.org/flows:2.1.0');
  });

  test('come after the agent, the migration, the server and the services', () => {
    expect(Object.keys(doc.services)).toEqual([
      'flows-vault-agent-production', 'flows-vault-agent-staging', 'flows-migrate', 'flows-server', 'flows-services', 'flows-worker-small', 'flows-worker-big',
    ]);
  });

  test('share the non-secret Docket URL between server and services when Redis has no password', () => {
    for (const name of ['flows-server', 'flows-services']) {
      expect(doc.services[name]?.environment?.['PREFECT_SERVER_DOCKET_URL']).toBe('redis://cache:6379/5');
      expect(doc.services[name]?.environment?.['PREFECT_REDIS_MESSAGING_DB']).toBe('4');
    }
  });
});

describe('service options', () => {
  const options = `
    server:
      environment: { PREFECT_SERVER_LOGGING_LEVEL: INFO, GREETING: "pa$$word-free $HOME and $\${USER}", RETRIES: 3 }
      resources: { cpus: 1.5, memory: 2g }
      logging: { driver: json-file, options: { max-size: 10m, max-file: "3" } }
      labels: { team: data, dev.perfect-gen.role: spoofed, alpha: first }
      volumes: [ "./flows:/opt/prefect/flows:ro" ]
`;
  const { doc, text } = compose(config(prefectApp('      - { name: p, environment: production }\n', options)));
  const server = doc.services['flows-server'];

  test('adds extra environment after the generated one, as strings, sorted', () => {
    const env = server?.environment ?? {};
    expect(env['PREFECT_SERVER_LOGGING_LEVEL']).toBe('INFO');
    expect(env['RETRIES']).toBe('3');
    expect(Object.keys(env)).toEqual(Object.keys(env).sort());
    expect(env['PREFECT_SERVER_API_HOST']).toBe('0.0.0.0');
  });

  test('escapes each $ of a config value exactly once', () => {
    // The config reader takes `$$` for one `$`, as Compose does: the model holds `pa$word-free $HOME and ${USER}`.
    expect(server?.environment?.['GREETING']).toBe('pa$$word-free $$HOME and $${USER}');
    expect(text).toContain('pa$$word-free $$HOME and $${USER}');
  });

  test('sets limits, logging, volumes and labels', () => {
    expect(server?.deploy).toEqual({ resources: { limits: { cpus: '1.5', memory: '2g' } } });
    expect(server?.logging).toEqual({ driver: 'json-file', options: { 'max-file': '3', 'max-size': '10m' } });
    // ./flows beside the config, seen from the output folder `out` beside it.
    expect(server?.volumes).toEqual(['flows-secrets-server:/vault/secrets:ro', '../flows:/opt/prefect/flows:ro']);
    expect(server?.labels).toEqual({
      alpha: 'first',
      'dev.perfect-gen.app': 'flows',
      'dev.perfect-gen.role': 'server',
      team: 'data',
      'traefik.enable': 'false',
    });
    expect(Object.keys(server?.labels ?? {})).toEqual(Object.keys(server?.labels ?? {}).sort());
  });

  test('leave the other services untouched', () => {
    expect(doc.services['flows-services']).not.toHaveProperty('deploy');
    expect(doc.services['flows-services']?.environment).not.toHaveProperty('GREETING');
  });
});

describe('web and internal apps', () => {
  const web = (extra: string) => `
  - name: docs
    kind: web
    host: docs.example.org
    access: { mode: public, reason: Public product documentation. }
    image: nginx:1.29.1
    port: 8080
${extra}`;

  test('a web app without secrets gets no agent, no wrapper and a plain Redis URL', () => {
    const { doc } = compose(config(web('    redis: { db: 6 }\n    healthPath: /healthz\n')));
    expect(Object.keys(doc.services)).toEqual(['docs']);
    const docs = doc.services['docs'];
    expect(docs?.container_name).toBe('lab-docs');
    expect(docs).not.toHaveProperty('entrypoint');
    expect(docs).not.toHaveProperty('command');
    expect(docs).not.toHaveProperty('depends_on');
    expect(docs?.environment).toEqual({ REDIS_URL: 'redis://cache:6379/6' });
    expect(docs?.healthcheck?.test[1]).toContain("wget -q -O /dev/null 'http://127.0.0.1:8080/healthz'");
    expect(docs?.labels['dev.perfect-gen.role']).toBe('web');
  });

  test('a web app with a database reads it from its env file and runs its command through the wrapper', () => {
    const { doc, text } = compose(config(web('    database: { name: docs }\n    redis: { db: 6 }\n    command: [nginx, -g, "daemon off;"]\n'), { redisPassword: true }));
    const docs = doc.services['docs'];
    expect(Object.keys(doc.services)).toEqual(['docs-vault-agent-production', 'docs']);
    expect(docs?.entrypoint).toEqual(['/bin/sh', '-c', 'set -a && . /vault/secrets/app.env && set +a && exec "$$@"', '--']);
    expect(docs?.command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(docs?.depends_on).toEqual({ 'docs-vault-agent-production': { condition: 'service_healthy' } });
    expect(docs).not.toHaveProperty('environment');
    expect(text).not.toMatch(/DATABASE_URL|REDIS_URL/);
  });

  test('an internal app with a health path and port is checked; without them it is not', () => {
    const internal = (name: string, extra: string) => `
  - name: ${name}
    kind: internal
    image: ghcr.io/example/${name}:1.0.0
${extra}`;
    const { doc } = compose(config(internal('api', '    port: 9000\n    healthPath: /ready\n') + internal('batch', '    command: [run]\n')));
    expect(doc.services['api']?.healthcheck?.test[1]).toContain('http://127.0.0.1:9000/ready');
    expect(doc.services['api']?.expose).toEqual(['9000']);
    expect(doc.services['batch']).not.toHaveProperty('healthcheck');
    expect(doc.services['batch']?.command).toEqual(['run']);
    expect(doc.services['batch']?.labels['dev.perfect-gen.role']).toBe('internal');
  });
});

describe('OpenBao agent', () => {
  const { doc } = compose(config(prefectApp('      - { name: p, environment: production }\n'), { flavor: 'openbao' }));
  const agent = doc.services['flows-vault-agent-production'];

  test('uses the OpenBao image and root, and the same entrypoint switches', () => {
    expect(agent?.image).toMatch(/^openbao\/openbao:/);
    expect(agent?.command).toEqual(['agent', '-config=/openbao/config/agent.hcl']);
    expect(agent?.environment).toEqual({ PERFECT_GEN_AGENT_SHA256: expect.stringMatching(/^[0-9a-f]{64}$/), SKIP_CHOWN: 'true', SKIP_SETCAP: 'true' });
    expect(agent?.volumes).toEqual([
      './flows/vault/production/agent.hcl:/openbao/config/agent.hcl:ro',
      './flows/vault/production/templates:/openbao/templates:ro',
      '/etc/perfect-gen/vault/flows/production:/openbao/approle:ro',
      'flows-secrets-server:/openbao/secrets/server',
      'flows-secrets-worker-p:/openbao/secrets/worker-p',
    ]);
    expect(agent?.healthcheck?.test).toEqual(['CMD-SHELL', 'test -s /openbao/secrets/server/server.env && test -s /openbao/secrets/worker-p/worker-p.env']);
  });

  test('consumers still read their own volume at /vault/secrets', () => {
    expect(doc.services['flows-server']?.volumes).toContain('flows-secrets-server:/vault/secrets:ro');
  });
});

describe('volumes from the config', () => {
  const grafana = `
  - name: grafana
    kind: web
    host: grafana.example.org
    access: { mode: sso, groups: [admins] }
    image: grafana/grafana:12.2.1
    port: 3000
    options:
      volumes: [ "grafana-data:/var/lib/grafana", "./dashboards:/etc/grafana/dashboards:ro", "../shared/certs:/certs:ro", "/srv/grafana:/srv", "~/grafana:/home" ]
`;
  const at = (configDirFromOutput: string) =>
    compose(config(grafana), { ...context, provenance: { ...context.provenance, configDirFromOutput } }).doc;

  test('declares a named volume under the top-level volumes, as Compose requires', () => {
    const doc = at('..');
    expect(doc.services['grafana']?.volumes?.[0]).toBe('grafana-data:/var/lib/grafana');
    expect(doc.volumes).toEqual({ 'grafana-data': {} });
  });

  test.each([
    ['..', ['../dashboards', '../../shared/certs']],
    ['.', ['./dashboards', '../shared/certs']],
    ['../..', ['../../dashboards', '../../../shared/certs']],
    ['../config', ['../config/dashboards', '../shared/certs']],
  ])('rebases relative host paths onto the output folder (config folder %s from it)', (configDir, [dashboards, certs]) => {
    expect(at(configDir).services['grafana']?.volumes?.slice(1)).toEqual([
      `${dashboards}:/etc/grafana/dashboards:ro`,
      `${certs}:/certs:ro`,
      '/srv/grafana:/srv',
      '~/grafana:/home',
    ]);
  });

  test('rebases a relative credentials folder the same way', () => {
    const text = config(prefectApp('      - { name: p, environment: production }\n')).replace(
      '    address: http://vault:8200\n',
      '    address: http://vault:8200\n    auth: { credentialsDir: ./approle }\n',
    );
    const { doc } = compose(text, { ...context, provenance: { ...context.provenance, configDirFromOutput: '../..' } });
    expect(doc.services['flows-vault-agent-production']?.volumes).toContain('../../approle/flows/production:/vault/approle:ro');
  });
});
