import type { PathDiagnostic } from '../diagnostics/diagnostic.js';
import type { CheckInput, Rule } from './rule.js';
import { agentImageMatchesFlavor } from './rules/agent-flavor.js';
import { commandsForSecretReaders } from './rules/commands.js';
import { credentialsOutsideOutput } from './rules/credentials-dir.js';
import { environmentsChosen, knownEnvironments } from './rules/environments.js';
import { envVarsOnce } from './rules/env-vars.js';
import { uniqueContainers, uniqueHosts, uniqueNames, uniqueRedisDbs } from './rules/duplicates.js';
import { dockerSocketMounts } from './rules/docker-socket.js';
import { pathsStayInTheirEnvironment } from './rules/environment-paths.js';
import { scheduledPoolsHaveWorkers } from './rules/idle-pools.js';
import { pinnedImages } from './rules/images.js';
import { noLiteralSecrets } from './rules/literal-secrets.js';
import { openApisHaveReasons, publicHostsHaveReasons } from './rules/public-access.js';
import { schedulesAreValid } from './rules/schedules.js';
import { secretsVolumesStayPrivate } from './rules/secrets-volumes.js';
import { noTraefikLabels } from './rules/traefik-labels.js';
import { vaultPathsUnderMount } from './rules/vault-paths.js';

export const rules: readonly Rule[] = [
  uniqueNames,
  uniqueHosts,
  uniqueContainers,
  uniqueRedisDbs,
  knownEnvironments,
  environmentsChosen,
  vaultPathsUnderMount,
  pathsStayInTheirEnvironment,
  pinnedImages,
  noLiteralSecrets,
  envVarsOnce,
  publicHostsHaveReasons,
  openApisHaveReasons,
  noTraefikLabels,
  commandsForSecretReaders,
  secretsVolumesStayPrivate,
  schedulesAreValid,
  credentialsOutsideOutput,
  scheduledPoolsHaveWorkers,
  agentImageMatchesFlavor,
  dockerSocketMounts,
];

/** Cross-field rules over the normalized model; all of them run, every finding is kept. */
export function check(input: CheckInput): PathDiagnostic[] {
  return rules.flatMap((rule) => rule(input));
}
