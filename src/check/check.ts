import type { PathDiagnostic } from '../diagnostics/diagnostic.js';
import type { CheckInput, Rule } from './rule.js';
import { commandsForSecretReaders } from './rules/commands.js';
import { knownEnvironments } from './rules/environments.js';
import { envVarsOnce } from './rules/env-vars.js';
import { uniqueContainers, uniqueHosts, uniqueNames, uniqueRedisDbs } from './rules/duplicates.js';
import { pinnedImages } from './rules/images.js';
import { noLiteralSecrets } from './rules/literal-secrets.js';
import { openApisHaveReasons, publicHostsHaveReasons } from './rules/public-access.js';
import { secretsVolumesStayPrivate } from './rules/secrets-volumes.js';
import { noTraefikLabels } from './rules/traefik-labels.js';
import { vaultPathsUnderMount } from './rules/vault-paths.js';

export const rules: readonly Rule[] = [
  uniqueNames,
  uniqueHosts,
  uniqueContainers,
  uniqueRedisDbs,
  knownEnvironments,
  vaultPathsUnderMount,
  pinnedImages,
  noLiteralSecrets,
  envVarsOnce,
  publicHostsHaveReasons,
  openApisHaveReasons,
  noTraefikLabels,
  commandsForSecretReaders,
  secretsVolumesStayPrivate,
];

/** Cross-field rules over the normalized model; all of them run, every finding is kept. */
export function check(input: CheckInput): PathDiagnostic[] {
  return rules.flatMap((rule) => rule(input));
}
