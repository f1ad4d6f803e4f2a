import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { App, EnvEntry, EnvFile, ServiceOptions } from '../../model/model.js';
import type { Workload } from '../../model/workload.js';
import type { Rule } from '../rule.js';

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

/** The app's workloads grouped by the env file they read; one that reads none is a group of its own. */
function readersOf(app: App): Reader[] {
  const groups = new Map<EnvFile | Workload, Workload[]>();
  for (const workload of app.workloads) {
    const key = workload.reads?.file ?? workload;
    const group = groups.get(key);
    if (group) group.push(workload);
    else groups.set(key, [workload]);
  }
  return [...groups.values()].map((workloads) => ({
    envFile: workloads[0]?.reads?.file,
    // What perfect-gen sets in each, and the settings its program reads in their place, as the model lists them.
    consumers: workloads.map((w) => ({ options: w.options, owned: new Set(w.reservedVariables) })),
  }));
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
