import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { EnvFile, ServiceOptions } from '../../model/model.js';
import type { Rule } from '../rule.js';

/** Variables the Prefect containers get from perfect-gen; overriding them breaks the stack's wiring. */
const prefectOwned = /^(PREFECT_SERVER_(DATABASE|EVENTS|CONCURRENCY|DOCKET|API_HOST|API_PORT|UI_API_URL)|PREFECT_REDIS_MESSAGING_|PREFECT_API_URL$|PREFECT_UI_URL$|PREFECT_WORKER_WEBSERVER_PORT$)/;

function consumer(envFile: EnvFile | undefined, options: ServiceOptions, owned: RegExp | undefined, out: PathDiagnostic[]): void {
  const fromVault = new Map<string, ConfigPath>();
  for (const entry of envFile?.entries ?? []) {
    const earlier = fromVault.get(entry.name);
    if (earlier) {
      out.push({ code: 'DUPLICATE_ENV_VAR', path: entry.secret.at, message: `${entry.name} is rendered twice into ${envFile?.fileName}`, hint: 'keep one secret per variable' });
    } else fromVault.set(entry.name, entry.secret.at);
  }
  for (const name of Object.keys(options.environment)) {
    const path = [...options.at, 'environment', name];
    if (fromVault.has(name)) {
      out.push({ code: 'DUPLICATE_ENV_VAR', path, at: 'key', message: `${name} is set here and also rendered from Vault`, hint: 'remove one of the two' });
    } else if (owned?.test(name)) {
      out.push({ code: 'RESERVED_ENV_VAR', path, at: 'key', message: `${name} is set by perfect-gen`, hint: 'remove it; perfect-gen derives it from the platform and app settings' });
    }
  }
}

export const envVarsOnce: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    if (app.kind === 'prefect') {
      consumer(app.serverEnvFile, app.server.options, prefectOwned, out);
      consumer(undefined, app.services.options, prefectOwned, out);
      for (const pool of app.workPools) consumer(pool.envFile, pool.options, prefectOwned, out);
    } else consumer(app.envFile, app.options, undefined, out);
  }
  return out;
};
