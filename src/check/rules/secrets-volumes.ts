import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';
import { serviceOptionsOf } from '../../model/service-options.js';

/**
 * Each env file has a volume of its own so that only its consumer can read it. An extra volume
 * in a service's options that names one of those volumes would hand another container the secrets,
 * so it is refused; the consumer already mounts its own.
 */
export const secretsVolumesStayPrivate: Rule = ({ model }) => {
  const secretsVolumes = new Set(model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agent.envFiles.map((file) => file.volume))));
  if (secretsVolumes.size === 0) return [];
  const out: PathDiagnostic[] = [];
  for (const options of model.apps.flatMap(serviceOptionsOf)) {
    for (const { kind, source, at } of options.volumes) {
      if (kind !== 'named' || !secretsVolumes.has(source)) continue;
      out.push({
        code: 'RESERVED_VOLUME',
        path: at,
        message: `${source} holds secrets that perfect-gen renders for one container only`,
        hint: 'remove this volume; a container that needs a secret lists it under its own secrets, and gets its own env file',
      });
    }
  }
  return out;
};
