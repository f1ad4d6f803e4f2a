import { hostPathFrom } from '../../model/host-path.js';
import type { App, Model, ServiceOptions, VolumeMount } from '../../model/model.js';

/**
 * The model with every relative host path rebased onto the output folder, where the Compose file lives: `./flows`
 * becomes `../flows` for `--out out`. All else is the same objects.
 */
export function withHostPathsFromOutput(model: Model, configDirFromOutput: string): Model {
  const rebase = (path: string): string => hostPathFrom(path, configDirFromOutput);
  const mounts = (options: ServiceOptions): ServiceOptions => ({
    ...options,
    volumes: options.volumes.map((v): VolumeMount => (v.kind === 'bind' ? { ...v, source: rebase(v.source) } : v)),
  });
  const app = (a: App): App => {
    const rebased = { ...a, vaultAgents: a.vaultAgents.map((agent) => ({ ...agent, credentialsDir: rebase(agent.credentialsDir) })) };
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
