import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { App, EnvEntry, EnvFile, PrefectApp, ServiceOptions } from '../../model/model.js';
import { apiAuthVariables } from '../../model/prefect.js';
import type { Rule } from '../rule.js';

/**
 * What the Compose emitter sets in each Prefect container, plus the legacy spellings and overriding
 * settings Prefect reads in their place. A config value would win over the generated one (the entrypoint
 * sources the env file last, and Compose lets `environment:` from the config win), breaking the wiring.
 */
function prefectBackend(app: PrefectApp): string[] {
  return [
    'PREFECT_SERVER_DATABASE_MIGRATE_ON_START',
    'PREFECT_SERVER_ANALYTICS_ENABLED',
    'PREFECT_SERVER_EVENTS_MESSAGING_BROKER',
    'PREFECT_SERVER_EVENTS_MESSAGING_CACHE',
    'PREFECT_SERVER_EVENTS_CAUSAL_ORDERING',
    'PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE',
    'PREFECT_REDIS_MESSAGING_HOST',
    'PREFECT_REDIS_MESSAGING_PORT',
    'PREFECT_REDIS_MESSAGING_DB',
    ...(app.redis.docketDb !== undefined ? ['PREFECT_SERVER_DOCKET_URL'] : []),
    // Aliases and settings that take precedence over the ones above.
    'PREFECT_API_DATABASE_CONNECTION_URL',
    'PREFECT_API_DATABASE_MIGRATE_ON_START',
    'PREFECT_MESSAGING_BROKER',
    'PREFECT_MESSAGING_CACHE',
    'PREFECT_REDIS_MESSAGING_URL',
  ];
}

/** The auth string the server and services require; reserved even when API auth is off, so a stray one cannot lock the workers out. */
const prefectServerAuth = apiAuthVariables.server;
const prefectServerOnly = ['PREFECT_SERVER_API_HOST', 'PREFECT_SERVER_API_PORT', 'PREFECT_SERVER_UI_API_URL', 'PREFECT_UI_API_URL', 'PREFECT_UI_URL', 'PREFECT_SERVER_API_BASE_PATH'];
// PREFECT_API_KEY takes precedence over the auth string in Prefect's client.
const prefectWorker = ['PREFECT_API_URL', 'PREFECT_WORKER_WEBSERVER_PORT', 'PREFECT_UI_URL', apiAuthVariables.client, 'PREFECT_API_KEY'];

/** A container that receives variables from an env file and from `options.environment`. */
interface Consumer {
  readonly options?: ServiceOptions;
  readonly owned: ReadonlySet<string>;
}

/** An env file and everything that reads it. */
interface Reader {
  readonly envFile?: EnvFile;
  readonly consumers: readonly Consumer[];
}

const declaredByUser = (entry: EnvEntry): boolean => entry.secret.at.includes('secrets');

function readersOf(app: App): Reader[] {
  if (app.kind === 'prefect') {
    const backend = prefectBackend(app);
    return [
      {
        envFile: app.serverEnvFile,
        consumers: [
          { options: app.server.options, owned: new Set([...backend, ...prefectServerOnly, prefectServerAuth]) },
          { options: app.services.options, owned: new Set([...backend, 'PREFECT_UI_URL', prefectServerAuth]) },
        ],
      },
      ...app.workPools.map((pool) => ({ envFile: pool.envFile, consumers: [{ options: pool.options, owned: new Set(prefectWorker) }] })),
    ];
  }
  const owned = new Set([...(app.redis ? [app.redis.urlEnv] : []), ...(app.database ? [app.database.urlEnv] : [])]);
  return [{ envFile: app.envFile, consumers: [{ options: app.options, owned }] }];
}

const firstHere = (path: ConfigPath | undefined) => (path ? [{ path, message: 'the secret rendered into this variable' }] : []);

function checkReader(reader: Reader, out: PathDiagnostic[]): void {
  const owned = new Set(reader.consumers.flatMap((c) => [...c.owned]));
  /** Each variable rendered from Vault, with where its first secret is listed. */
  const fromVault = new Map<string, ConfigPath | undefined>();
  const fileName = reader.envFile?.fileName;
  for (const entry of reader.envFile?.entries ?? []) {
    const path: ConfigPath = [...entry.secret.at, 'env'];
    if (fromVault.has(entry.name)) {
      if (declaredByUser(entry)) out.push({ code: 'DUPLICATE_ENV_VAR', path, message: `${entry.name} is rendered twice into ${fileName}`, hint: 'keep one secret per variable', related: firstHere(fromVault.get(entry.name)) });
    } else if (declaredByUser(entry) && owned.has(entry.name)) {
      out.push({ code: 'RESERVED_ENV_VAR', path, message: `${entry.name} is set by perfect-gen`, hint: 'render the secret into another variable; perfect-gen derives this one from the platform and app settings' });
    }
    // Only a secret the config lists is a place to point at; a derived URL has no line of its own.
    if (!fromVault.has(entry.name)) fromVault.set(entry.name, declaredByUser(entry) ? path : undefined);
  }
  for (const consumer of reader.consumers) {
    for (const name of Object.keys(consumer.options?.environment ?? {})) {
      const path: ConfigPath = [...(consumer.options?.at ?? []), 'environment', name];
      if (fromVault.has(name)) {
        out.push({ code: 'DUPLICATE_ENV_VAR', path, at: 'key', message: `${name} is set here and also rendered from Vault`, hint: 'remove one of the two', related: firstHere(fromVault.get(name)) });
      } else if (consumer.owned.has(name)) {
        out.push({ code: 'RESERVED_ENV_VAR', path, at: 'key', message: `${name} is set by perfect-gen`, hint: 'remove it; perfect-gen derives it from the platform and app settings' });
      }
    }
  }
}

export const envVarsOnce: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    if (app.kind !== 'prefect' && app.database && app.redis && app.database.urlEnv === app.redis.urlEnv) {
      out.push({
        code: 'DUPLICATE_ENV_VAR',
        path: [...app.redis.at, 'urlEnv'],
        related: [{ path: [...app.at, 'database', 'urlEnv'], message: `the database URL goes to ${app.database.urlEnv}` }],
        message: `${app.redis.urlEnv} would carry both the database URL and the Redis URL`,
        hint: 'give database.urlEnv and redis.urlEnv different names',
      });
    }
    for (const reader of readersOf(app)) checkReader(reader, out);
  }
  return out;
};
