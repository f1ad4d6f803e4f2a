import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';
import { serviceOptionsOf } from './service-options.js';

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
    options.volumes.forEach((volume, i) => {
      const source = volume.split(':')[0] ?? '';
      if (!secretsVolumes.has(source)) return;
      out.push({
        code: 'RESERVED_VOLUME',
        path: [...options.at, 'volumes', i],
        message: `${source} holds secrets that perfect-gen renders for one container only`,
        hint: 'remove this volume; a container that needs a secret lists it under its own secrets, and gets its own env file',
      });
    });
  }
  return out;
};
