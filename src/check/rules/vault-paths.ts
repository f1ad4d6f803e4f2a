import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { WrittenConfig, WrittenSecretRef } from '../../model/written-config.js';
import type { Rule } from '../rule.js';

/** Every secret location the config names, used or not, with where it is written. */
function secretRefs(config: WrittenConfig): { ref: WrittenSecretRef; at: ConfigPath }[] {
  const refs: { ref: WrittenSecretRef; at: ConfigPath }[] = [{ ref: config.platform.postgres.password, at: ['platform', 'postgres', 'password'] }];
  if (config.platform.redis.password) refs.push({ ref: config.platform.redis.password, at: ['platform', 'redis', 'password'] });
  config.apps.forEach((app, i) => {
    (app.secrets ?? []).forEach((ref, j) => refs.push({ ref, at: ['apps', i, 'secrets', j] }));
    const database = app.database;
    if (typeof database === 'object' && database.password) refs.push({ ref: database.password, at: ['apps', i, 'database', 'password'] });
    if (app.kind === 'prefect' && app.apiAuth?.enabled !== false && app.apiAuth?.path !== undefined) {
      refs.push({ ref: { path: app.apiAuth.path, key: app.apiAuth.key ?? '' }, at: ['apps', i, 'apiAuth'] });
    }
    if (app.kind === 'prefect') {
      app.workPools.forEach((pool, j) => (pool.secrets ?? []).forEach((ref, k) => refs.push({ ref, at: ['apps', i, 'workPools', j, 'secrets', k] })));
    }
  });
  return refs;
}

/**
 * KV v2 puts `data/` (values) and `metadata/` (versions) after the mount in the HTTP API, and
 * perfect-gen inserts `data/` itself. A path copied from the API or a policy would be read as
 * `<mount>/data/data/...`, which holds nothing.
 */
function apiFormOf(segments: readonly string[], kvVersion: 1 | 2): ((path: string, at: ConfigPath) => PathDiagnostic) | undefined {
  const prefix = segments[1];
  if (kvVersion !== 2 || (prefix !== 'data' && prefix !== 'metadata') || segments.length < 3) return undefined;
  const logical = [segments[0], ...segments.slice(2)].join('/');
  return (path, at) => ({
    code: 'VAULT_PATH_API_FORM',
    path: at,
    message: `Vault path "${path}" is written as the KV v2 API path; perfect-gen would read "${segments[0]}/data/${segments.slice(1).join('/')}"`,
    hint: `write the path as \`vault kv get\` takes it: ${logical} (perfect-gen adds ${prefix === 'data' ? 'data/' : 'data/, not metadata/,'} for the API and the policy)`,
  });
}

/**
 * Templates and the policy read `<mount>/data/...`; a path outside the mount would read nothing,
 * and a `.` or `..` segment would let the policy grant, or the agent read, a path other than the one written.
 * `{env}` only ever becomes an environment name, so checking the path as written covers every environment.
 */
export const vaultPathsUnderMount: Rule = ({ model, written }) => {
  const mount = model.platform.vault.kvMount;
  const out: PathDiagnostic[] = [];
  if (mount === '.' || mount === '..') {
    return [{ code: 'VAULT_PATH_OUTSIDE_MOUNT', path: ['platform', 'vault', 'kv', 'mount'], message: `"${mount}" is not a KV mount`, hint: 'name the KV engine mount, such as secret' }];
  }
  for (const { ref, at } of secretRefs(written)) {
    const segments = ref.path.split('/');
    const dotSegment = segments.find((s) => s === '.' || s === '..');
    if (segments[0] === mount && segments.length > 1 && dotSegment === undefined) {
      const apiForm = apiFormOf(segments, model.platform.vault.kvVersion);
      if (apiForm) out.push(apiForm(ref.path, [...at, 'path']));
      continue;
    }
    out.push({
      code: 'VAULT_PATH_OUTSIDE_MOUNT',
      path: [...at, 'path'],
      message: dotSegment
        ? `Vault path "${ref.path}" has a "${dotSegment}" segment`
        : `Vault path "${ref.path}" is not under the KV mount "${mount}"`,
      hint: dotSegment ? `write the path without "." or ".." segments, starting with ${mount}/` : `start the path with ${mount}/, or set platform.vault.kv.mount`,
    });
  }
  return out;
};
