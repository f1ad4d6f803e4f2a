import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import { serviceOptionsOf } from '../../model/service-options.js';
import type { VolumeMount } from '../../model/model.js';
import type { Rule } from '../rule.js';

/** The socket itself, or a host folder that holds it. */
function exposesDockerSocket(volume: VolumeMount): boolean {
  if (volume.kind !== 'bind') return false;
  const source = volume.source.replace(/\/+$/, '') || '/';
  return /(^|\/)docker\.sock$/.test(source) || source === '/' || source === '/run' || source === '/var/run';
}

/**
 * The Docker socket is root on the host. On an app that anyone can reach without signing in, that is
 * one bug away from anyone owning the host, so it is an error there and a warning elsewhere.
 */
export const dockerSocketMounts: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    const isPublic = app.route?.access.mode === 'public';
    for (const volume of serviceOptionsOf(app).flatMap((o) => o.volumes)) {
      if (!exposesDockerSocket(volume)) continue;
      out.push({
        code: 'DOCKER_SOCKET',
        severity: isPublic ? 'error' : 'warning',
        path: volume.at,
        message: `${volume.source} gives a container of "${app.name}" the Docker socket, which is root on the host${isPublic ? ', and the app is public' : ''}`,
        hint: isPublic
          ? 'remove the mount, or put the app behind SSO (access.mode: sso); a socket proxy that allows only the calls the app needs is safer still'
          : 'mount it only if the app must control Docker, and prefer a socket proxy that allows only the calls it needs',
      });
    }
  }
  return out;
};
