import type { ConfigPath } from '../diagnostics/diagnostic.js';
import type {
  Access,
  ApiAuth,
  App,
  Database,
  DatabaseLogin,
  EnvEntry,
  EnvFile,
  InternalApp,
  Model,
  Platform,
  PrefectApp,
  PublicRoute,
  ServiceOptions,
  TraefikVersion,
  VaultAgent,
  VolumeMount,
  WebApp,
  WorkPool,
} from '../model/model.js';
import type { Workload } from '../model/workload.js';
import type {
  WrittenAccess,
  WrittenAppDatabase,
  WrittenConfig,
  WrittenInternalApp,
  WrittenPlatform,
  WrittenPrefectApp,
  WrittenSecretEnv,
  WrittenServiceOptions,
  WrittenWebApp,
  WrittenWorkPool,
} from '../model/written-config.js';
import { apiAuthVariables } from '../model/prefect.js';
import { defaults } from './defaults.js';
import { prefectWorkloads } from './prefect-workloads.js';
import { resolveSecret, secretRef } from './vault-paths.js';
import { agentWorkload, containerAppWorkload } from './workloads.js';

/** Applies defaults and derives every name, URL and secret location the emitters share. */
export function normalize(config: WrittenConfig): Model {
  const platform = normalizePlatform(config.platform);
  const fallback = appEnvironmentFallback(config);
  return {
    platform,
    environments: config.environments.map((e, i) => ({ ...e, at: ['environments', i] })),
    apps: config.apps.map((app, i): App => {
      const at: ConfigPath = ['apps', i];
      const environment = app.environment ?? fallback;
      switch (app.kind) {
        case 'prefect':
          return normalizePrefect(platform, app, environment, at);
        case 'web':
          return normalizeWeb(platform, app, environment, at);
        case 'internal':
          return normalizeInternal(platform, app, environment, at);
      }
    }),
  };
}

/**
 * The environment of an app that names none: the declared default, or the only environment there is.
 * With several environments and no default there is no right answer; the check stage refuses that
 * config (ENVIRONMENT_REQUIRED), so the first environment used here never reaches an artifact.
 */
function appEnvironmentFallback(config: WrittenConfig): string {
  return config.platform.defaultEnvironment ?? config.environments[0]?.name ?? 'production';
}

function normalizePlatform(p: WrittenPlatform): Platform {
  const flavor = p.vault.agent?.flavor ?? defaults.agentFlavor;
  const headers = { ...defaults.securityHeaders, ...p.traefik.securityHeaders };
  return {
    name: p.name,
    domain: p.domain,
    network: p.network,
    prefix: p.naming?.prefix ?? `${p.name}-`,
    postgres: {
      host: p.postgres.host,
      port: p.postgres.port ?? defaults.postgresPort,
      user: p.postgres.user,
      password: secretRef(p.postgres.password.path, p.postgres.password.key, ['platform', 'postgres', 'password']),
    },
    redis: {
      host: p.redis.host,
      port: p.redis.port ?? defaults.redisPort,
      ...(p.redis.password && { password: secretRef(p.redis.password.path, p.redis.password.key, ['platform', 'redis', 'password']) }),
    },
    vault: {
      address: p.vault.address,
      ...(p.vault.tls?.caCert !== undefined && { ca: { kind: 'file', hostPath: trimSlash(p.vault.tls.caCert) } }),
      ...(p.vault.tls?.caPath !== undefined && { ca: { kind: 'folder', hostPath: trimSlash(p.vault.tls.caPath) } }),
      kvMount: p.vault.kv?.mount ?? defaults.kvMount,
      kvVersion: p.vault.kv?.version ?? defaults.kvVersion,
      auth: {
        method: p.vault.auth?.method ?? defaults.authMethod,
        mountPath: p.vault.auth?.mountPath ?? defaults.approleMountPath,
        credentialsDir: trimSlash(p.vault.auth?.credentialsDir ?? defaults.credentialsDir),
      },
      agent: { flavor, image: p.vault.agent?.image ?? defaults.agentImages[flavor], root: defaults.agentRoots[flavor] },
      at: ['platform', 'vault'],
    },
    authentik: {
      outpostUrl: trimSlash(p.authentik.outpostUrl),
      authorizationFlow: p.authentik.authorizationFlow ?? defaults.authorizationFlow,
      invalidationFlow: p.authentik.invalidationFlow ?? defaults.invalidationFlow,
      tokenValidity: p.authentik.tokenValidity ?? defaults.tokenValidity,
      at: ['platform', 'authentik'],
    },
    traefik: {
      entrypoint: p.traefik.entrypoint,
      certResolver: p.traefik.certResolver,
      version: traefikVersion(p.traefik.version ?? defaults.traefikVersion),
      ...(p.traefik.httpRedirect && { httpRedirect: { entrypoint: p.traefik.httpRedirect.entrypoint } }),
      ...(headers.enabled && {
        securityHeaders: {
          stsSeconds: headers.stsSeconds,
          stsIncludeSubdomains: headers.stsIncludeSubdomains,
          stsPreload: headers.stsPreload,
          frameDeny: headers.frameDeny,
        },
      }),
    },
  };
}

/** The schema admits `3.<minor>` and `3.<minor>.<patch>` only; a missing patch is 0. */
function traefikVersion(text: string): TraefikVersion {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return { text, major, minor, patch };
}

function trimSlash(value: string): string {
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

function titleOf(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function options(written: WrittenServiceOptions | undefined, at: ConfigPath): ServiceOptions {
  const environment: Record<string, string> = {};
  for (const [k, v] of Object.entries(written?.environment ?? {})) environment[k] = String(v);
  return {
    environment,
    volumes: (written?.volumes ?? []).map((volume, i) => volumeMount(volume, [...at, 'volumes', i])),
    labels: written?.labels ?? {},
    ...(written?.resources && { resources: written.resources }),
    ...(written?.logging && { logging: { driver: written.logging.driver, options: written.logging.options ?? {} } }),
    at,
  };
}

/** `SOURCE:TARGET[:MODE]`, which the schema guarantees; a source that is not a path names a volume, as in Compose. */
function volumeMount(written: string, at: ConfigPath): VolumeMount {
  const [source = '', target = '', mode] = written.split(':');
  return {
    kind: /^[/.~]/.test(source) ? 'bind' : 'named',
    source,
    target,
    ...((mode === 'ro' || mode === 'rw') && { mode }),
    at,
  };
}

function access(platform: Platform, app: { name: string }, written: WrittenAccess, at: ConfigPath): Access {
  if (written.mode === 'public') return { mode: 'public', reason: written.reason ?? '', at };
  return {
    mode: 'sso',
    groups: written.groups,
    slug: written.slug ?? app.name,
    tokenValidity: written.tokenValidity ?? platform.authentik.tokenValidity,
    at,
  };
}

function route(host: string, upstream: string, healthPath: string, routeAccess: Access, at: ConfigPath, appAuthorization = false): PublicRoute {
  return { host, publicUrl: `https://${host}`, upstream, healthPath, access: routeAccess, appAuthorization, at };
}

function apiAuth(platform: Platform, app: WrittenPrefectApp, environment: string, at: ConfigPath): ApiAuth {
  const written = app.apiAuth ?? {};
  if (written.enabled === false) return { enabled: false, reason: written.reason, at };
  const path = written.path ?? defaults.apiAuthPath(platform.vault.kvMount, platform.name, app.name);
  const ref = secretRef(path, written.key ?? defaults.apiAuthKey, at);
  return { enabled: true, secret: resolveSecret(platform.vault, ref, environment), at };
}

function secretEntries(platform: Platform, secrets: readonly WrittenSecretEnv[] | undefined, environment: string, at: ConfigPath): EnvEntry[] {
  return (secrets ?? []).map((s, i) => ({
    kind: 'secret',
    name: s.env,
    secret: resolveSecret(platform.vault, secretRef(s.path, s.key, [...at, i]), environment),
  }));
}

/** The app's own role when it names one; otherwise the platform's user. */
function database(platform: Platform, name: string, written: Pick<WrittenAppDatabase, 'user' | 'password'>, environment: string, at: ConfigPath): Database {
  const { user, password } = written;
  const login: DatabaseLogin =
    user !== undefined && password !== undefined
      ? { user, password: secretRef(password.path, password.key, [...at, 'password']) }
      : { user: platform.postgres.user, password: platform.postgres.password };
  return { name, login, password: resolveSecret(platform.vault, login.password, environment) };
}

function postgresUrl(platform: Platform, name: string, scheme: string, db: Database): EnvEntry {
  const pg = platform.postgres;
  return {
    kind: 'url',
    name,
    prefix: `${scheme}://${db.login.user}:`,
    secret: db.password,
    suffix: `@${pg.host}:${pg.port}/${db.name}`,
  };
}

function redisPasswordUrl(platform: Platform, name: string, db: number, environment: string): EnvEntry | undefined {
  const password = platform.redis.password;
  if (!password) return undefined;
  return {
    kind: 'url',
    name,
    prefix: 'redis://:',
    secret: resolveSecret(platform.vault, password, environment),
    suffix: `@${platform.redis.host}:${platform.redis.port}/${db}`,
  };
}

/** One volume per file: a container that mounts it can read this consumer's secrets and no one else's. */
function envFile(appName: string, consumer: string, environment: string, entries: readonly EnvEntry[]): EnvFile | undefined {
  if (entries.length === 0) return undefined;
  return {
    consumer,
    fileName: `${consumer}.env`,
    readDir: defaults.consumerSecretsDir,
    volume: `${appName}-secrets-${consumer}`,
    environment,
    agentService: agentServiceName(appName, environment),
    entries,
  };
}

const agentServiceName = (appName: string, environment: string): string => `${appName}-vault-agent-${environment}`;

/** One agent per environment the files belong to, in order of first use. */
function vaultAgents(platform: Platform, appName: string, files: readonly (EnvFile | undefined)[]): VaultAgent[] {
  const byEnvironment = new Map<string, EnvFile[]>();
  for (const file of files) {
    if (file === undefined) continue;
    const group = byEnvironment.get(file.environment);
    if (group) group.push(file);
    else byEnvironment.set(file.environment, [file]);
  }
  return [...byEnvironment].map(([environment, envFiles]) => {
    const service = agentServiceName(appName, environment);
    return {
      service,
      container: platform.prefix + service,
      environment,
      outputDir: `${appName}/vault/${environment}`,
      credentialsDir: `${platform.vault.auth.credentialsDir}/${appName}/${environment}`,
      policyName: `${platform.name}-${appName}-${environment}`,
      envFiles,
    };
  });
}

function container(platform: Platform, service: string, replicas = 1): { service: string; container?: string } {
  return replicas === 1 ? { service, container: platform.prefix + service } : { service };
}

function normalizePrefect(platform: Platform, app: WrittenPrefectApp, environment: string, at: ConfigPath): PrefectApp {
  const server = container(platform, `${app.name}-server`);
  const db =
    typeof app.database === 'string'
      ? database(platform, app.database, {}, environment, [...at, 'database'])
      : database(platform, app.database.name, app.database, environment, [...at, 'database']);
  const internalUrl = `http://${server.container}:${defaults.prefectPort}`;
  const redisPassword = platform.redis.password && {
    kind: 'secret' as const,
    name: 'PREFECT_REDIS_MESSAGING_PASSWORD',
    secret: resolveSecret(platform.vault, platform.redis.password, environment),
  };
  const docket = app.redis.docketDb === undefined ? undefined : redisPasswordUrl(platform, 'PREFECT_SERVER_DOCKET_URL', app.redis.docketDb, environment);
  const auth = apiAuth(platform, app, environment, [...at, 'apiAuth']);
  // The server and the services require the string; workers send it. Migrate shares the server's file.
  // Prefect compares it with hmac.compare_digest on str, which raises (HTTP 500) on non-ASCII text.
  const authEntry = (name: string): EnvEntry[] => (auth.enabled ? [{ kind: 'secret', name, secret: auth.secret, asciiOnly: true }] : []);
  const serverEntries: EnvEntry[] = [
    postgresUrl(platform, 'PREFECT_SERVER_DATABASE_CONNECTION_URL', 'postgresql+asyncpg', db),
    ...(redisPassword ? [redisPassword] : []),
    ...(docket ? [docket] : []),
    ...authEntry(apiAuthVariables.server),
    ...secretEntries(platform, app.secrets, environment, [...at, 'secrets']),
  ];
  const serverEnvFile = envFile(app.name, 'server', environment, serverEntries) as EnvFile;
  const workPools = app.workPools.map((pool, i): WorkPool => {
    const poolAt: ConfigPath = [...at, 'workPools', i];
    const workers = pool.workers ?? defaults.workers;
    const file = envFile(app.name, `worker-${pool.name}`, pool.environment, [
      ...authEntry(apiAuthVariables.client),
      ...secretEntries(platform, pool.secrets, pool.environment, [...poolAt, 'secrets']),
    ]);
    return {
      ...container(platform, `${app.name}-worker-${pool.name}`, workers),
      name: pool.name,
      environment: pool.environment,
      workers,
      image: pool.image ?? app.image,
      ...(pool.workerConcurrencyLimit !== undefined && { workerConcurrencyLimit: pool.workerConcurrencyLimit }),
      ...poolLimit(pool, workers),
      ...(file && { envFile: file }),
      deployments: (pool.deployments ?? []).map((d, j) => ({ ...d, at: [...poolAt, 'deployments', j] })),
      options: options(pool.options, [...poolAt, 'options']),
      at: poolAt,
    };
  });
  const agents = vaultAgents(platform, app.name, [serverEnvFile, ...workPools.map((p) => p.envFile)]);
  const prefect: Omit<PrefectApp, 'workloads'> = {
    kind: 'prefect',
    name: app.name,
    title: app.title ?? titleOf(app.name),
    environment,
    at,
    route: route(app.host, internalUrl, defaults.prefectHealthPath, access(platform, app, app.access, [...at, 'access']), [...at, 'host'], auth.enabled),
    vaultAgents: agents,
    image: app.image,
    database: db,
    apiAuth: auth,
    redis: { db: app.redis.db, ...(app.redis.docketDb !== undefined && { docketDb: app.redis.docketDb }), at: [...at, 'redis'] },
    server: { ...server, port: defaults.prefectPort, internalUrl, apiUrl: `${internalUrl}/api`, options: options(app.server, [...at, 'server']) },
    services: { ...container(platform, `${app.name}-services`), options: options(app.services, [...at, 'services']) },
    migrate: {
      ...container(platform, `${app.name}-migrate`),
      attempts: app.migrate?.attempts ?? defaults.migrateAttempts,
      intervalSeconds: app.migrate?.intervalSeconds ?? defaults.migrateIntervalSeconds,
    },
    serverEnvFile,
    workPools,
  };
  return { ...prefect, workloads: [...agents.map((agent) => agentWorkload(platform, agent, at)), ...prefectWorkloads(platform, prefect)] };
}

/**
 * The pool-wide limit as written; without one, a per-worker limit caps the pool at that limit times
 * the workers, which the pool then says too, so that scaling the service does not lift it.
 */
function poolLimit(pool: WrittenWorkPool, workers: number): { poolConcurrencyLimit?: number } {
  if (pool.poolConcurrencyLimit !== undefined) return { poolConcurrencyLimit: pool.poolConcurrencyLimit };
  if (pool.workerConcurrencyLimit !== undefined) return { poolConcurrencyLimit: pool.workerConcurrencyLimit * Math.max(workers, 1) };
  return {};
}

function containerAppParts(platform: Platform, app: WrittenWebApp | WrittenInternalApp, environment: string, at: ConfigPath) {
  const service = app.name;
  const containerName = platform.prefix + service;
  const appDatabase = app.database && {
    ...database(platform, app.database.name, app.database, environment, [...at, 'database']),
    urlEnv: app.database.urlEnv ?? defaults.databaseUrlEnv,
    scheme: app.database.scheme ?? defaults.databaseScheme,
  };
  const redis = app.redis && { db: app.redis.db, urlEnv: app.redis.urlEnv ?? defaults.redisUrlEnv, at: [...at, 'redis'] };
  const redisUrl = redis && redisPasswordUrl(platform, redis.urlEnv, redis.db, environment);
  const entries: EnvEntry[] = [
    ...(appDatabase ? [postgresUrl(platform, appDatabase.urlEnv, appDatabase.scheme, appDatabase)] : []),
    ...(redisUrl ? [redisUrl] : []),
    ...secretEntries(platform, app.secrets, environment, [...at, 'secrets']),
  ];
  const file = envFile(app.name, 'app', environment, entries);
  return {
    name: app.name,
    title: app.title ?? titleOf(app.name),
    environment,
    at,
    service,
    container: containerName,
    image: app.image,
    dockerHealthcheck: app.healthcheck !== false,
    ...(app.command && { command: app.command }),
    ...(appDatabase && { database: appDatabase }),
    ...(redis && { redis }),
    ...(file && { envFile: file }),
    vaultAgents: vaultAgents(platform, app.name, [file]),
    options: options(app.options, [...at, 'options']),
  };
}

function normalizeWeb(platform: Platform, app: WrittenWebApp, environment: string, at: ConfigPath): WebApp {
  const parts = containerAppParts(platform, app, environment, at);
  const internalUrl = `http://${parts.container}:${app.port}`;
  const healthPath = app.healthPath ?? defaults.webHealthPath;
  return withWorkloads(platform, {
    ...parts,
    kind: 'web',
    port: app.port,
    internalUrl,
    healthPath,
    route: route(app.host, internalUrl, healthPath, access(platform, app, app.access, [...at, 'access']), [...at, 'host']),
  });
}

function normalizeInternal(platform: Platform, app: WrittenInternalApp, environment: string, at: ConfigPath): InternalApp {
  const parts = containerAppParts(platform, app, environment, at);
  return withWorkloads(platform, {
    ...parts,
    kind: 'internal',
    ...(app.port !== undefined && { port: app.port, internalUrl: `http://${parts.container}:${app.port}` }),
    ...(app.healthPath !== undefined && { healthPath: app.healthPath }),
  });
}

/** The app's agents, then its own container. */
function withWorkloads<T extends Omit<WebApp, 'workloads'> | Omit<InternalApp, 'workloads'>>(platform: Platform, app: T): T & { workloads: Workload[] } {
  return { ...app, workloads: [...app.vaultAgents.map((agent) => agentWorkload(platform, agent, app.at)), containerAppWorkload(platform, app)] };
}
