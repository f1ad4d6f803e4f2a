import { agentUser } from '../../model/agent-layout.js';
import type { EnvFile } from '../../model/model.js';
import type { Workload } from '../../model/workload.js';
import { shellQuote, shellWord } from '../../serialize/shell.js';
import type { ComposeVolume } from './types.js';

/** The tmpfs of one env file: it belongs to the agent's user, so the agent can write and rename its files. */
export function secretsVolume(): ComposeVolume {
  return {
    driver: 'local',
    driver_opts: { type: 'tmpfs', device: 'tmpfs', o: `uid=${agentUser.uid},gid=${agentUser.gid},mode=0750` },
  };
}

/**
 * Compose's `env_file:` is read on the host when the project loads, before the agent has rendered anything,
 * so each reader sources its file at start instead. `"$@"` is written literally here; the compose escaper
 * turns it into `"$$@"`.
 */
function sourceEnvFile(file: EnvFile): string {
  return `set -a && . ${shellWord(`${file.readDir}/${file.fileName}`)} && set +a`;
}

/** The entrypoint of a workload that reads an env file; none for one that does not. */
export function entrypointOf(workload: Workload): readonly string[] | undefined {
  const reads = workload.reads;
  if (!reads) return undefined;
  // Keeps the Prefect image's own entrypoint (tini as PID 1, then /opt/prefect/entrypoint.sh, which installs
  // EXTRA_PIP_PACKAGES). A pool's own image is expected to be built FROM the Prefect image and keep both.
  if (reads.then === 'prefect-image') return ['tini', '-g', '--', '/bin/sh', '-c', `${sourceEnvFile(reads.file)} && exec /opt/prefect/entrypoint.sh "$@"`, '--'];
  // Overriding `entrypoint` makes Compose drop the image's CMD, and the image's ENTRYPOINT and CMD are not known
  // here, so the app's `command` must be the whole command line; the check stage requires one (MISSING_COMMAND).
  // Should a model skip that stage, the container stops at once with a message, rather than starting the wrong
  // process or none in silence.
  const refusal = shellQuote(`${workload.container ?? workload.service}: reads secrets, so its config needs a command (exec form)`);
  const run = workload.command !== undefined ? 'exec "$@"' : `echo ${refusal} >&2 && exit 64`;
  return ['/bin/sh', '-c', `${sourceEnvFile(reads.file)} && ${run}`, '--'];
}
