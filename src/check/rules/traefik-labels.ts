import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { ServiceOptions } from '../../model/model.js';
import type { Rule } from '../rule.js';
import { serviceOptionsOf } from '../../model/service-options.js';

/**
 * perfect-gen publishes hosts only through its Traefik file, where every router has Authentik in front
 * unless the config says `public`. If Traefik also watches Docker, a `traefik.*` label on a container
 * would publish a router of its own, without SSO and without anyone reading a reason.
 */
function labelsOf(options: ServiceOptions, out: PathDiagnostic[]): void {
  for (const [name, value] of Object.entries(options.labels)) {
    if (!/^traefik\./i.test(name)) continue;
    if (name.toLowerCase() === 'traefik.enable' && value.trim().toLowerCase() === 'false') continue;
    const path: ConfigPath = [...options.at, 'labels', name];
    out.push({
      code: 'TRAEFIK_LABEL',
      path,
      at: 'key',
      message: `label ${name} would configure Traefik outside the generated, SSO-protected routes`,
      hint: 'remove it; give the app a host and access in the config, and perfect-gen writes the route (only traefik.enable: "false" is allowed)',
    });
  }
}

export const noTraefikLabels: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const options of model.apps.flatMap(serviceOptionsOf)) labelsOf(options, out);
  return out;
};
