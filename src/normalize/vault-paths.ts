import type { ConfigPath } from '../diagnostics/diagnostic.js';
import type { ResolvedSecret, SecretRef, VaultSettings } from '../model/model.js';

/** Replaces `{env}` and inserts KV v2's `data/` after the mount, as the HTTP API and ACL policies need. */
export function resolveSecret(vault: Pick<VaultSettings, 'kvMount' | 'kvVersion'>, ref: SecretRef, environment: string): ResolvedSecret {
  const logicalPath = ref.path.split('{env}').join(environment);
  const mountPrefix = vault.kvMount + '/';
  const underMount = logicalPath.startsWith(mountPrefix);
  const apiPath =
    vault.kvVersion === 2 && underMount ? `${vault.kvMount}/data/${logicalPath.slice(mountPrefix.length)}` : logicalPath;
  return { logicalPath, apiPath, key: ref.key, kvVersion: vault.kvVersion, environment, at: ref.at };
}

export function secretRef(path: string, key: string, at: ConfigPath): SecretRef {
  return { path, key, at };
}
