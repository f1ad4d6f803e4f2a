import type { EnvFile } from '../../model/model.js';
import type { ComposeVolume, Dependencies } from './types.js';

/**
 * uid and gid of the agent's user: `vault` in hashicorp/vault and `openbao` in openbao/openbao, both created
 * the same way on Alpine (system user 100, first group 1000). The tmpfs belongs to them so the agent can
 * write and rename its files; consumers join the group so a non-root app can read them.
 */
const AGENT_UID = 100;
const AGENT_GID = 1000;

export function secretsVolume(): ComposeVolume {
  return {
    driver: 'local',
    driver_opts: { type: 'tmpfs', device: 'tmpfs', o: `uid=${AGENT_UID},gid=${AGENT_GID},mode=0750` },
  };
}

/** What a container that reads an env file gets: that file's volume alone, the group and a wait on the one agent that renders it. */
export interface SecretsAccess {
  readonly file: EnvFile;
  readonly volumes: readonly string[];
  readonly groupAdd: readonly string[];
  readonly dependsOn: Dependencies;
}

export function secretsAccess(file: EnvFile | undefined): SecretsAccess | undefined {
  if (!file) return undefined;
  return {
    file,
    // The consumer sees the volume of its own env file, read-only; it holds that one file only.
    volumes: [`${file.volume}:${file.readDir}:ro`],
    groupAdd: [String(AGENT_GID)],
    dependsOn: { [file.agentService]: { condition: 'service_healthy' } },
  };
}

/**
 * Compose's `env_file:` is read on the host when the project loads, before the agent has rendered anything,
 * so each consumer sources its file at start instead. `"$@"` is written literally here; the compose escaper
 * turns it into `"$$@"`.
 */
function sourceEnvFile(file: EnvFile): string {
  return `set -a && . ${file.readDir}/${file.fileName} && set +a`;
}

/**
 * Keeps the Prefect image's own entrypoint (tini as PID 1, then /opt/prefect/entrypoint.sh, which installs
 * EXTRA_PIP_PACKAGES). A pool's own image is expected to be built FROM the Prefect image and keep both.
 */
export function prefectEntrypoint(file: EnvFile): readonly string[] {
  return ['tini', '-g', '--', '/bin/sh', '-c', `${sourceEnvFile(file)} && exec /opt/prefect/entrypoint.sh "$@"`, '--'];
}

/**
 * For web and internal apps. Overriding `entrypoint` makes Compose drop the image's CMD, and the image's
 * ENTRYPOINT and CMD are not known here, so the app's `command` must be the whole command line; the check
 * stage requires one (MISSING_COMMAND). Should a model skip that stage, the container stops at once with a
 * message, rather than starting the wrong process or none in silence.
 */
export function shellEntrypoint(file: EnvFile, hasCommand: boolean, container: string): readonly string[] {
  const run = hasCommand
    ? 'exec "$@"'
    : `echo '${container}: reads secrets, so its config needs a command (exec form)' >&2 && exit 64`;
  return ['/bin/sh', '-c', `${sourceEnvFile(file)} && ${run}`, '--'];
}
