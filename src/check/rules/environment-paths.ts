import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { App, EnvFile } from '../../model/model.js';
import type { Rule } from '../rule.js';

/** Each env file with the environment its secrets are read for. */
function envFilesOf(app: App): { file: EnvFile; environment: string }[] {
  if (app.kind === 'prefect') {
    return [
      { file: app.serverEnvFile, environment: app.environment },
      ...app.workPools.flatMap((pool) => (pool.envFile ? [{ file: pool.envFile, environment: pool.environment }] : [])),
    ];
  }
  return app.envFile ? [{ file: app.envFile, environment: app.environment }] : [];
}

/**
 * A path read for staging that names `production` as a segment reads production's secrets: a literal
 * environment name where `{env}` was meant, or a `${env}` that was set once for every environment.
 */
export const pathsStayInTheirEnvironment: Rule = ({ model }) => {
  const names = new Set(model.environments.map((e) => e.name));
  if (names.size < 2) return [];
  const out: PathDiagnostic[] = [];
  const seen = new Set<string>();
  for (const app of model.apps) {
    for (const { file, environment } of envFilesOf(app)) {
      for (const { secret } of file.entries) {
        const segments = secret.logicalPath.split('/');
        const other = segments.find((s) => s !== environment && names.has(s));
        const key = `${secret.at.join('.')}\u0000${environment}`;
        if (other === undefined || seen.has(key)) continue;
        seen.add(key);
        const suggestion = segments.map((s) => (s === other ? '{env}' : s)).join('/');
        out.push({
          code: 'VAULT_PATH_OTHER_ENVIRONMENT',
          severity: 'warning',
          path: [...secret.at, 'path'],
          message: `Vault path "${secret.logicalPath}" is read for environment "${environment}" but names environment "${other}"`,
          hint: `write ${suggestion} so that each environment reads its own secrets; a secret that every environment shares belongs outside the environments' folders`,
        });
      }
    }
  }
  return out;
};
