import type { Platform, PrefectApp, WorkPool } from '../model/model.js';
import { apiAuthVariables } from '../model/prefect.js';
import type { Dependency, ProbeTiming, Workload } from '../model/workload.js';
import { shellBare } from '../serialize/shell.js';
import { readerParts } from './workloads.js';

/** Where a worker answers its own health check (`--with-healthcheck`). */
const WORKER_HEALTH_PORT = 8080;

/** Timings follow Prefect's own compose guide; the server is probed more often because the services, workers and Traefik wait for it. */
const serverTiming: ProbeTiming = { interval: '10s', timeout: '5s', retries: 6, startPeriod: '60s' };
const workerTiming: ProbeTiming = { interval: '30s', timeout: '10s', retries: 3, startPeriod: '60s' };

/**
 * Settings Prefect reads in place of, or over, those perfect-gen sets: a config value for one of them would
 * win over the generated wiring. PREFECT_API_KEY takes precedence over the auth string in Prefect's client.
 */
const backendAliases = [
  'PREFECT_API_DATABASE_CONNECTION_URL',
  'PREFECT_API_DATABASE_MIGRATE_ON_START',
  'PREFECT_MESSAGING_BROKER',
  'PREFECT_MESSAGING_CACHE',
  'PREFECT_REDIS_MESSAGING_URL',
];
const serverAliases = ['PREFECT_UI_API_URL', 'PREFECT_SERVER_API_BASE_PATH'];
const clientAliases = ['PREFECT_API_KEY'];

/** Migrate, server, services and one worker service per pool, in that order. */
export function prefectWorkloads(platform: Platform, app: Omit<PrefectApp, 'workloads'>): Workload[] {
  const reader = readerParts(app.serverEnvFile, 'prefect-image');
  const backend = backendEnvironment(platform, app);
  // Reserved even when API auth is off, so that a stray auth string cannot lock the workers out.
  const serverReserved = [...backendAliases, apiAuthVariables.server, ...(app.redis.docketDb !== undefined ? ['PREFECT_SERVER_DOCKET_URL'] : [])];
  const base = { at: app.at, image: app.image, environment: app.environment, ...(reader && { reads: reader.reads }), mounts: reader?.mounts ?? [], groups: reader?.groups ?? [], ports: [] };
  const agent = reader?.dependsOn ?? [];
  const serverHealthy: Dependency = { service: app.server.service, until: 'healthy' };

  const migrateName = app.migrate.container ?? app.migrate.service;
  const migrate: Workload = {
    ...base,
    service: app.migrate.service,
    ...(app.migrate.container !== undefined && { container: app.migrate.container }),
    role: 'migrate',
    command: ['/bin/sh', '-c', migrateScript(migrateName, app.migrate.attempts, app.migrate.intervalSeconds)],
    oneShot: true,
    environmentVariables: {},
    reservedVariables: [],
    dependsOn: agent,
  };

  const serverVariables = {
    ...backend,
    PREFECT_SERVER_API_HOST: '0.0.0.0',
    PREFECT_SERVER_API_PORT: String(app.server.port),
    // The URL the browser calls; without it the UI calls 0.0.0.0.
    PREFECT_SERVER_UI_API_URL: `${app.route.publicUrl}/api`,
    PREFECT_UI_URL: app.route.publicUrl,
  };
  const server: Workload = {
    ...base,
    service: app.server.service,
    ...(app.server.container !== undefined && { container: app.server.container }),
    role: 'server',
    command: ['prefect', 'server', 'start', '--no-services'],
    oneShot: false,
    environmentVariables: serverVariables,
    reservedVariables: [...Object.keys(serverVariables), ...serverAliases, ...serverReserved],
    dependsOn: [...agent, { service: app.migrate.service, until: 'completed' }],
    ports: [app.server.port],
    probe: { kind: 'http', url: `http://localhost:${app.server.port}${app.route.healthPath}`, client: 'python', timing: serverTiming },
    options: app.server.options,
  };

  // Automations and notifications render links to the UI from this process.
  const servicesVariables = { ...backend, PREFECT_UI_URL: app.route.publicUrl };
  const services: Workload = {
    ...base,
    service: app.services.service,
    ...(app.services.container !== undefined && { container: app.services.container }),
    role: 'services',
    command: ['prefect', 'server', 'services', 'start'],
    oneShot: false,
    environmentVariables: servicesVariables,
    reservedVariables: [...Object.keys(servicesVariables), ...serverReserved],
    // `services start` never migrates, so it starts after the server, which starts after the migration.
    dependsOn: [...agent, serverHealthy],
    options: app.services.options,
  };

  return [migrate, server, services, ...app.workPools.map((pool) => workerWorkload(app, pool, serverHealthy))];
}

function workerWorkload(app: Omit<PrefectApp, 'workloads'>, pool: WorkPool, serverHealthy: Dependency): Workload {
  const reader = readerParts(pool.envFile, 'prefect-image');
  const environmentVariables = {
    // The internal URL: workers reach the API over the network, past Traefik and SSO.
    PREFECT_API_URL: app.server.apiUrl,
    PREFECT_WORKER_WEBSERVER_PORT: String(WORKER_HEALTH_PORT),
    // Run links in worker and flow logs point at the public UI, not at the internal API host.
    PREFECT_UI_URL: app.route.publicUrl,
  };
  return {
    service: pool.service,
    ...(pool.container !== undefined && { container: pool.container }),
    role: 'worker',
    image: pool.image,
    replicas: pool.workers,
    environment: pool.environment,
    command: [
      'prefect', 'worker', 'start',
      '--pool', pool.name,
      '--type', 'process',
      '--with-healthcheck',
      ...(pool.workerConcurrencyLimit !== undefined ? ['--limit', String(pool.workerConcurrencyLimit)] : []),
    ],
    oneShot: false,
    ...(reader && { reads: reader.reads }),
    environmentVariables,
    reservedVariables: [...Object.keys(environmentVariables), apiAuthVariables.client, ...clientAliases],
    mounts: reader?.mounts ?? [],
    dependsOn: [...(reader?.dependsOn ?? []), serverHealthy],
    ports: [],
    groups: reader?.groups ?? [],
    probe: { kind: 'http', url: `http://localhost:${WORKER_HEALTH_PORT}/health`, client: 'python', timing: workerTiming },
    options: pool.options,
    at: pool.at,
  };
}

/**
 * The database, messaging, ordering, lease and Docket settings. Server and services must agree on every one
 * of them (events, leases and Docket tasks cross between the two processes), so both get this one object.
 * Passwords and the database URL are in the env file.
 */
function backendEnvironment(platform: Platform, app: Omit<PrefectApp, 'workloads'>): Readonly<Record<string, string>> {
  const secretNames = new Set(app.serverEnvFile.entries.map((e) => e.name));
  const docketUrl =
    app.redis.docketDb !== undefined && !secretNames.has('PREFECT_SERVER_DOCKET_URL')
      ? `redis://${platform.redis.host}:${platform.redis.port}/${app.redis.docketDb}`
      : undefined;
  return {
    PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'false',
    PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    PREFECT_SERVER_EVENTS_MESSAGING_BROKER: 'prefect_redis.messaging',
    PREFECT_SERVER_EVENTS_MESSAGING_CACHE: 'prefect_redis.messaging',
    PREFECT_SERVER_EVENTS_CAUSAL_ORDERING: 'prefect_redis.ordering',
    PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE: 'prefect_redis.lease_storage',
    PREFECT_REDIS_MESSAGING_HOST: platform.redis.host,
    PREFECT_REDIS_MESSAGING_PORT: String(platform.redis.port),
    PREFECT_REDIS_MESSAGING_DB: String(app.redis.db),
    ...(docketUrl !== undefined && { PREFECT_SERVER_DOCKET_URL: docketUrl }),
  };
}

/**
 * Postgres is outside the deployment, so nothing can wait for it: the step retries while the database does
 * not answer, and gives up after the configured number of tries, so that a wrong password or a missing
 * database ends the start with an error instead of a wait without end. `$` is literal here: each target
 * escapes it as its own format needs.
 */
export function migrateScript(container: string, attempts: number, intervalSeconds: number): string {
  const giveUp = `echo "${shellBare(container)}: the database migration failed ${attempts} times, ${intervalSeconds} s apart; giving up. Check the database URL and password in its env file and that the database exists." >&2; exit 1`;
  return `attempt=1; until prefect server database upgrade -y; do if [ "$attempt" -ge ${attempts} ]; then ${giveUp}; fi; attempt=$((attempt + 1)); sleep ${intervalSeconds}; done`;
}
