import type { ConfigPath } from '../diagnostics/diagnostic.js';
import { providerName } from '../emit/authentik/names.js';
import type { Access, App, EnvEntry, EnvFile, Model, PrefectApp, WorkPool } from '../model/model.js';
import type { Workload } from '../model/workload.js';

/**
 * The model as `manifest.json` records it for `perfect-gen plan`: the facts a reviewer acts on,
 * one row per route, service, secret consumer, policy, Authentik object, work pool and deployment.
 * Vault paths and keys, never values. Rows carry no config positions, so a comment or a blank line
 * in the config does not change the manifest; the plan finds positions in the current config.
 */
export const snapshotSchema = 1;

export interface RouteRow {
  readonly app: string;
  readonly host: string;
  readonly access: 'sso' | 'public';
  readonly groups?: readonly string[];
  readonly reason?: string;
}

export interface ServiceRow {
  readonly service: string;
  /** The name other containers reach it by; absent for replicated workers, which Compose names. */
  readonly container?: string;
  readonly app: string;
  readonly image: string;
  readonly network: string;
  readonly replicas: number;
  readonly port?: number;
}

/** `[path, key]` as `vault kv get` takes the path. */
export type SecretRead = readonly [string, string];

export interface SecretReadRow {
  readonly service: string;
  readonly app: string;
  readonly reads: readonly SecretRead[];
}

export interface PolicyRow {
  readonly name: string;
  readonly app: string;
  readonly paths: readonly string[];
}

export type AuthentikAttr = string | number | boolean;

export interface AuthentikRow {
  /**
   * `provider:<name>`, `application:<app>`, `binding:<app>:<group>`, `group:<name>`, `outpost:embedded`.
   * As the blueprint does, an application is known by its app (its provider): a new slug renames it.
   */
  readonly id: string;
  readonly app?: string;
  readonly attrs: Readonly<Record<string, AuthentikAttr>>;
}

export interface WorkPoolRow {
  readonly app: string;
  readonly pool: string;
  readonly environment: string;
  readonly workers: number;
  /** Flow runs each worker takes at once. */
  readonly workerConcurrencyLimit?: number;
  /** Flow runs the whole pool takes at once. */
  readonly poolConcurrencyLimit?: number;
}

export interface DeploymentRow {
  readonly app: string;
  readonly pool: string;
  readonly name: string;
  readonly cron?: string;
  readonly interval?: number;
  readonly timezone?: string;
}

export interface ModelSnapshot {
  readonly schema: typeof snapshotSchema;
  readonly routes: readonly RouteRow[];
  readonly services: readonly ServiceRow[];
  readonly secretReads: readonly SecretReadRow[];
  readonly policies: readonly PolicyRow[];
  readonly authentik: readonly AuthentikRow[];
  readonly workPools: readonly WorkPoolRow[];
  readonly deployments: readonly DeploymentRow[];
}

export type SnapshotTable = Exclude<keyof ModelSnapshot, 'schema'>;
export const snapshotTables: readonly SnapshotTable[] = ['routes', 'services', 'secretReads', 'policies', 'authentik', 'workPools', 'deployments'];

/**
 * A row of the current model with where the config says it: `at` for the row, `parts` for one
 * of its values (a group, a Vault read, the image). Each is a list of candidates, the first that
 * the config spells out wins (a pool's image may be written on the pool or inherited from the app).
 */
export interface Located<Row> {
  readonly row: Row;
  readonly at: readonly ConfigPath[];
  readonly parts?: ReadonlyMap<string, readonly ConfigPath[]>;
}

export type ModelFacts = { readonly [T in SnapshotTable]: readonly Located<ModelSnapshot[T][number]>[] };

export function modelSnapshot(model: Model): ModelSnapshot {
  const facts = modelFacts(model);
  const rows = <T extends SnapshotTable>(table: T) => facts[table].map((f) => f.row) as unknown as ModelSnapshot[T];
  return {
    schema: snapshotSchema,
    routes: rows('routes'),
    services: rows('services'),
    secretReads: rows('secretReads'),
    policies: rows('policies'),
    authentik: rows('authentik'),
    workPools: rows('workPools'),
    deployments: rows('deployments'),
  };
}

/** The key that identifies a row across two snapshots. */
export const rowKey: { readonly [T in SnapshotTable]: (row: ModelSnapshot[T][number]) => string } = {
  routes: (r) => r.app,
  services: (r) => r.service,
  secretReads: (r) => r.service,
  policies: (r) => r.name,
  authentik: (r) => r.id,
  workPools: (r) => `${r.app}/${r.pool}`,
  deployments: (r) => `${r.app}/${r.pool}/${r.name}`,
};

export const readKey = (read: SecretRead): string => `${read[0]}#${read[1]}`;

export function modelFacts(model: Model): ModelFacts {
  const facts = {
    routes: model.apps.flatMap(routeFacts),
    services: model.apps.flatMap((app) => serviceFacts(model, app)),
    secretReads: model.apps.flatMap(secretReadFacts),
    policies: model.apps.flatMap(policyFacts),
    authentik: authentikFacts(model),
    workPools: prefectApps(model).flatMap((app) => app.workPools.map((pool) => workPoolFact(app, pool))),
    deployments: prefectApps(model).flatMap((app) => app.workPools.flatMap((pool) => deploymentFacts(app, pool))),
  };
  for (const table of snapshotTables) (facts[table] as Located<{ readonly app?: string }>[]).sort(byKey(table));
  return facts;
}

function byKey(table: SnapshotTable) {
  const key = rowKey[table] as (row: unknown) => string;
  return (a: Located<unknown>, b: Located<unknown>): number => {
    const ka = key(a.row);
    const kb = key(b.row);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

const prefectApps = (model: Model): PrefectApp[] => model.apps.filter((a): a is PrefectApp => a.kind === 'prefect');

function routeFacts(app: App): Located<RouteRow>[] {
  const route = app.route;
  if (!route) return [];
  const access = route.access;
  const row: RouteRow =
    access.mode === 'sso'
      ? { app: app.name, host: route.host, access: 'sso', groups: [...access.groups].sort() }
      : { app: app.name, host: route.host, access: 'public', reason: access.reason };
  const parts = new Map<string, ConfigPath[]>([['access', [access.at]]]);
  if (access.mode === 'sso') access.groups.forEach((g, i) => parts.set(`group:${g}`, [[...access.at, 'groups', i], access.at]));
  return [{ row, at: [route.at], parts }];
}

function serviceFacts(model: Model, app: App): Located<ServiceRow>[] {
  const network = model.platform.network;
  return app.workloads.map((w): Located<ServiceRow> => {
    const port = w.ports[0];
    return {
      row: {
        service: w.service,
        ...(w.container !== undefined && { container: w.container }),
        app: app.name,
        image: w.image,
        network,
        replicas: w.replicas ?? 1,
        ...(port !== undefined && { port }),
      },
      at: [w.at],
      parts: new Map([
        ['image', imageAt(model, app, w)],
        ['port', [w.role === 'web' || w.role === 'internal' ? [...app.at, 'port'] : w.at, w.at]],
        ['container', [['platform', 'naming', 'prefix'], ['platform', 'name'], w.at]],
      ]),
    };
  });
}

/** Where the config names a workload's image: the agent's, a pool's own, or the app's. */
function imageAt(model: Model, app: App, w: Workload): readonly ConfigPath[] {
  const appImage: ConfigPath = [...app.at, 'image'];
  if (w.role === 'vault-agent') return [['platform', 'vault', 'agent', 'image'], model.platform.vault.at];
  return w.role === 'worker' ? [[...w.at, 'image'], appImage] : [appImage];
}

/** The containers that mount each env file: the agent writes them all, so it is not a reader. */
function consumers(app: App): { service: string; file: EnvFile; at: ConfigPath }[] {
  return app.workloads.flatMap((w) => (w.reads ? [{ service: w.service, file: w.reads.file, at: w.at }] : []));
}

/**
 * Where the config asks for one env entry: the entry itself when the app names the secret, else
 * the app's `database` or `redis` key that makes the container read a platform secret.
 */
function entryAt(app: App, entry: EnvEntry): ConfigPath[] {
  const at = entry.secret.at;
  if (at[0] === 'apps') return [at];
  const redis = entry.kind === 'url' ? entry.prefix.startsWith('redis') : entry.name === 'PREFECT_REDIS_MESSAGING_PASSWORD';
  return [[...app.at, redis ? 'redis' : 'database'], at];
}

function secretReadFacts(app: App): Located<SecretReadRow>[] {
  return consumers(app).map(({ service, file, at }) => {
    const parts = new Map<string, ConfigPath[]>();
    for (const entry of file.entries) {
      const key = readKey([entry.secret.logicalPath, entry.secret.key]);
      if (!parts.has(key)) parts.set(key, entryAt(app, entry));
    }
    const reads = [...parts.keys()].sort().map((k): SecretRead => {
      const split = k.lastIndexOf('#');
      return [k.slice(0, split), k.slice(split + 1)];
    });
    return { row: { service, app: app.name, reads }, at: [at], parts };
  });
}

/** One policy per agent, so per app and environment. */
function policyFacts(app: App): Located<PolicyRow>[] {
  return app.vaultAgents.map((agent) => {
    const parts = new Map<string, ConfigPath[]>();
    for (const file of agent.envFiles) for (const entry of file.entries) if (!parts.has(entry.secret.apiPath)) parts.set(entry.secret.apiPath, entryAt(app, entry));
    return { row: { name: agent.policyName, app: app.name, paths: [...parts.keys()].sort() }, at: [app.at], parts };
  });
}

type SsoAccess = Extract<Access, { readonly mode: 'sso' }>;

/** The objects the blueprint manages, named as Authentik identifies them. */
function authentikFacts(model: Model): Located<AuthentikRow>[] {
  const platform = model.platform;
  const sso = model.apps.flatMap((app) => (app.route?.access.mode === 'sso' ? [{ app, url: app.route.publicUrl, access: app.route.access as SsoAccess }] : []));
  if (sso.length === 0) return [];
  const out: Located<AuthentikRow>[] = [];
  // A group is listed under the first app that names it, so a group that goes is cited at an app.
  const groups = new Map<string, { app: string; at: ConfigPath }>();
  const outpostParts = new Map<string, ConfigPath[]>();
  for (const { app, url, access } of sso) {
    const provider = providerName(platform, app.name);
    access.groups.forEach((group, i) => {
      if (!groups.has(group)) groups.set(group, { app: app.name, at: [...access.at, 'groups', i] });
      out.push({ row: { id: `binding:${app.name}:${group}`, app: app.name, attrs: { order: i } }, at: [[...access.at, 'groups', i], access.at] });
    });
    out.push(
      {
        row: {
          id: `provider:${provider}`,
          app: app.name,
          attrs: {
            external_host: url,
            access_token_validity: access.tokenValidity,
            authorization_flow: platform.authentik.authorizationFlow,
            invalidation_flow: platform.authentik.invalidationFlow,
          },
        },
        at: [access.at],
      },
      { row: { id: `application:${app.name}`, app: app.name, attrs: { slug: access.slug, name: app.title, provider, launch_url: `${url}/` } }, at: [[...access.at, 'slug'], access.at] },
    );
    outpostParts.set(provider, [access.at]);
  }
  for (const [group, { app, at }] of groups) out.push({ row: { id: `group:${group}`, app, attrs: {} }, at: [at] });
  out.push({ row: { id: 'outpost:embedded', attrs: { providers: [...outpostParts.keys()].sort().join(', ') } }, at: [platform.authentik.at], parts: outpostParts });
  return out;
}

function workPoolFact(app: PrefectApp, pool: WorkPool): Located<WorkPoolRow> {
  return {
    row: {
      app: app.name,
      pool: pool.name,
      environment: pool.environment,
      workers: pool.workers,
      ...(pool.workerConcurrencyLimit !== undefined && { workerConcurrencyLimit: pool.workerConcurrencyLimit }),
      ...(pool.poolConcurrencyLimit !== undefined && { poolConcurrencyLimit: pool.poolConcurrencyLimit }),
    },
    at: [pool.at],
    parts: new Map(['workers', 'workerConcurrencyLimit', 'poolConcurrencyLimit'].map((key) => [key, [[...pool.at, key], pool.at]])),
  };
}

function deploymentFacts(app: PrefectApp, pool: WorkPool): Located<DeploymentRow>[] {
  return pool.deployments.map((d) => ({
    row: {
      app: app.name,
      pool: pool.name,
      name: d.name,
      ...(d.cron !== undefined && { cron: d.cron }),
      ...(d.interval !== undefined && { interval: d.interval }),
      ...(d.timezone !== undefined && { timezone: d.timezone }),
    },
    at: [d.at],
    parts: new Map([['schedule', [[...d.at, 'cron'], [...d.at, 'interval'], [...d.at, 'timezone'], d.at]]]),
  }));
}
