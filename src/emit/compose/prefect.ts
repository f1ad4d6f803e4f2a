import type { Platform, PrefectApp, WorkPool } from '../../model/model.js';
import { pythonHttpCheck } from './healthchecks.js';
import { prefectEntrypoint, secretsAccess, type SecretsAccess } from './secrets.js';
import { service, type ServiceParts } from './service.js';
import type { ComposeService, Dependencies } from './types.js';

const WORKER_HEALTH_PORT = 8080;

/**
 * Postgres is outside this file, so nothing can wait for it: the step retries while the database does not
 * answer, and gives up after the configured number of tries, so that a wrong password or a missing database
 * ends `docker compose up` with an error instead of a wait without end. `$` is written literally here; the
 * compose escaper turns it into `$$`.
 */
export function migrateScript(container: string, attempts: number, intervalSeconds: number): string {
  const giveUp = `echo "${container}: the database migration failed ${attempts} times, ${intervalSeconds} s apart; giving up. Check the database URL and password in its env file and that the database exists." >&2; exit 1`;
  return `attempt=1; until prefect server database upgrade -y; do if [ "$attempt" -ge ${attempts} ]; then ${giveUp}; fi; attempt=$((attempt + 1)); sleep ${intervalSeconds}; done`;
}

/** Migrate, server, services and one worker service per pool, in that order, keyed by service name. */
export function prefectServices(platform: Platform, app: PrefectApp): readonly (readonly [string, ComposeService])[] {
  const serverSecrets = secretsAccess(app.serverEnvFile);
  const backend = backendEnvironment(platform, app);
  const base = { app: app.name, network: platform.network, image: app.image };
  const serverHealthy: Dependencies = { [app.server.service]: { condition: 'service_healthy' } };

  const migrate = service({
    ...base,
    ...consumerParts(serverSecrets),
    role: 'migrate',
    container: app.migrate.container,
    command: ['/bin/sh', '-c', migrateScript(app.migrate.container ?? app.migrate.service, app.migrate.attempts, app.migrate.intervalSeconds)],
    oneShot: true,
  });

  const server = service({
    ...base,
    ...consumerParts(serverSecrets),
    role: 'server',
    container: app.server.container,
    command: ['prefect', 'server', 'start', '--no-services'],
    dependsOn: {
      ...serverSecrets?.dependsOn,
      [app.migrate.service]: { condition: 'service_completed_successfully' },
    },
    environment: {
      ...backend,
      PREFECT_SERVER_API_HOST: '0.0.0.0',
      PREFECT_SERVER_API_PORT: String(app.server.port),
      // The URL the browser calls; without it the UI calls 0.0.0.0.
      PREFECT_SERVER_UI_API_URL: `${app.route.publicUrl}/api`,
      PREFECT_UI_URL: app.route.publicUrl,
    },
    expose: [app.server.port],
    healthcheck: pythonHttpCheck(`http://localhost:${app.server.port}${app.route.healthPath}`, 'server'),
    options: app.server.options,
  });

  const services = service({
    ...base,
    ...consumerParts(serverSecrets),
    role: 'services',
    container: app.services.container,
    command: ['prefect', 'server', 'services', 'start'],
    // `services start` never migrates, so it starts after the server, which starts after the migration.
    dependsOn: { ...serverSecrets?.dependsOn, ...serverHealthy },
    environment: {
      ...backend,
      // Automations and notifications render links to the UI from this process.
      PREFECT_UI_URL: app.route.publicUrl,
    },
    options: app.services.options,
  });

  return [
    [app.migrate.service, migrate],
    [app.server.service, server],
    [app.services.service, services],
    ...app.workPools.map((pool) => [pool.service, workerService(platform, app, pool, serverHealthy)] as const),
  ];
}

function workerService(platform: Platform, app: PrefectApp, pool: WorkPool, serverHealthy: Dependencies): ComposeService {
  const secrets = secretsAccess(pool.envFile);
  return service({
    ...consumerParts(secrets),
    app: app.name,
    role: 'worker',
    network: platform.network,
    image: pool.image,
    ...(pool.container !== undefined && { container: pool.container }),
    command: [
      'prefect', 'worker', 'start',
      '--pool', pool.name,
      '--type', 'process',
      '--with-healthcheck',
      ...(pool.workerConcurrencyLimit !== undefined ? ['--limit', String(pool.workerConcurrencyLimit)] : []),
    ],
    dependsOn: { ...secrets?.dependsOn, ...serverHealthy },
    environment: {
      // The internal URL: workers reach the API over the network, past Traefik and SSO.
      PREFECT_API_URL: app.server.apiUrl,
      PREFECT_WORKER_WEBSERVER_PORT: String(WORKER_HEALTH_PORT),
      // Run links in worker and flow logs point at the public UI, not at the internal API host.
      PREFECT_UI_URL: app.route.publicUrl,
    },
    healthcheck: pythonHttpCheck(`http://localhost:${WORKER_HEALTH_PORT}/health`, 'worker'),
    replicas: pool.workers,
    options: pool.options,
  });
}

/**
 * The database, messaging, ordering, lease and Docket settings. Server and services must agree on every one
 * of them (events, leases and Docket tasks cross between the two processes), so both get this one object.
 * Passwords and the database URL are in the env file.
 */
function backendEnvironment(platform: Platform, app: PrefectApp): Readonly<Record<string, string>> {
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

/** The entrypoint wrapper, volume, group and agent dependency of a container that reads an env file. */
function consumerParts(secrets: SecretsAccess | undefined): Partial<ServiceParts> {
  if (!secrets) return {};
  return {
    entrypoint: prefectEntrypoint(secrets.file),
    groupAdd: secrets.groupAdd,
    volumes: secrets.volumes,
    dependsOn: secrets.dependsOn,
  };
}
