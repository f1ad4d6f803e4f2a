import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { App, EnvEntry, ResolvedSecret } from '../../model/model.js';
import type { Rule } from '../rule.js';

function entriesOf(app: App): readonly EnvEntry[] {
  const files = app.vaultAgent?.envFiles ?? [];
  return files.flatMap((f) => f.entries);
}

/** Templates and the policy read `<mount>/data/...`; a path outside the mount would read nothing. */
export const vaultPathsUnderMount: Rule = ({ model }) => {
  const mount = model.platform.vault.kvMount;
  const seen = new Set<string>();
  const out: PathDiagnostic[] = [];
  const check = (secret: ResolvedSecret) => {
    const key = secret.at.join('.');
    if (seen.has(key) || secret.logicalPath.startsWith(mount + '/')) return;
    seen.add(key);
    out.push({
      code: 'VAULT_PATH_OUTSIDE_MOUNT',
      path: [...secret.at, 'path'],
      message: `Vault path "${secret.logicalPath}" is not under the KV mount "${mount}"`,
      hint: `start the path with ${mount}/, or set platform.vault.kv.mount`,
    });
  };
  for (const app of model.apps) for (const entry of entriesOf(app)) check(entry.secret);
  return out;
};
