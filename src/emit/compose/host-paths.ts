import { posix } from 'node:path';
import type { App, Model, ServiceOptions, VolumeMount } from '../../model/model.js';

/**
 * Relative host paths in the config are relative to the config's folder, as Compose reads paths
 * relative to its own file. The Compose file lives in the output folder, so each relative path is
 * rewritten to reach the same place from there: `./flows` becomes `../flows` for `--out out`.
 */
export function hostPathFromOutput(path: string, configDirFromOutput: string): string {
  if (!path.startsWith('.')) return path;
  const joined = posix.normalize(posix.join(configDirFromOutput, path));
  // Compose reads a source without a leading `.` or `/` as the name of a volume.
  return joined.startsWith('.') || joined.startsWith('/') ? joined : `./${joined}`;
}

/** The model with every relative host path rebased onto the output folder; all else is the same objects. */
export function withHostPathsFromOutput(model: Model, configDirFromOutput: string): Model {
  const rebase = (path: string): string => hostPathFromOutput(path, configDirFromOutput);
  const mounts = (options: ServiceOptions): ServiceOptions => ({
    ...options,
    volumes: options.volumes.map((v): VolumeMount => (v.kind === 'bind' ? { ...v, source: rebase(v.source) } : v)),
  });
  const app = (a: App): App => {
    const agent = a.vaultAgent && { ...a.vaultAgent, credentialsDir: rebase(a.vaultAgent.credentialsDir) };
    const rebased = { ...a, ...(agent && { vaultAgent: agent }) };
    if (rebased.kind !== 'prefect') return { ...rebased, options: mounts(rebased.options) };
    return {
      ...rebased,
      server: { ...rebased.server, options: mounts(rebased.server.options) },
      services: { ...rebased.services, options: mounts(rebased.services.options) },
      workPools: rebased.workPools.map((pool) => ({ ...pool, options: mounts(pool.options) })),
    };
  };
  return { ...model, apps: model.apps.map(app) };
}

/** The short syntax Compose reads. */
export function volumeEntry(volume: VolumeMount): string {
  return `${volume.source}:${volume.target}${volume.mode ? `:${volume.mode}` : ''}`;
}
