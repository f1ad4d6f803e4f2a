import { isAbsolute, relative, resolve } from 'node:path';
import type { Rule } from '../rule.js';

/**
 * The output folder is committed, and the agent's AppRole secret-id or token would be committed with
 * it. A relative credentialsDir is relative to the config's folder, like every host path in the config.
 */
export const credentialsOutsideOutput: Rule = ({ model, layout }) => {
  if (!layout) return [];
  const written = model.platform.vault.auth.credentialsDir;
  const inside = relative(layout.outDir, resolve(layout.configDir, written));
  if (inside.startsWith('..') || isAbsolute(inside)) return [];
  return [
    {
      code: 'CREDENTIALS_IN_OUTPUT',
      path: ['platform', 'vault', 'auth', 'credentialsDir'],
      message: `credentialsDir "${written}" is inside the output folder, which is committed with the AppRole secret-ids or tokens in it`,
      hint: 'keep the credentials outside the repository, such as /etc/perfect-gen/approle; relative paths are relative to the config\'s folder',
    },
  ];
};
