import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';

/**
 * A path read for staging that names `production` as a segment reads production's secrets: a literal
 * environment name where `{env}` was meant, or a `${env}` that was set once for every environment.
 */
export const pathsStayInTheirEnvironment: Rule = ({ model }) => {
  const names = new Set(model.environments.map((e) => e.name));
  if (names.size < 2) return [];
  const out: PathDiagnostic[] = [];
  const seen = new Set<string>();
  for (const file of model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agent.envFiles))) {
    for (const { secret } of file.entries) {
      const segments = secret.logicalPath.split('/');
      const other = segments.find((s) => s !== secret.environment && names.has(s));
      const key = `${secret.at.join('.')}\u0000${secret.environment}`;
      if (other === undefined || seen.has(key)) continue;
      seen.add(key);
      const suggestion = segments.map((s) => (s === other ? '{env}' : s)).join('/');
      out.push({
        code: 'VAULT_PATH_OTHER_ENVIRONMENT',
        severity: 'warning',
        path: [...secret.at, 'path'],
        message: `Vault path "${secret.logicalPath}" is read for environment "${secret.environment}" but names environment "${other}"`,
        hint: `write ${suggestion} so that each environment reads its own secrets; a secret that every environment shares belongs outside the environments' folders`,
      });
    }
  }
  return out;
};
