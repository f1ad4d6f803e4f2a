import { defaultConfigDirFromOutput, hostPathFrom } from '../../model/host-path.js';
import type { Model } from '../../model/model.js';
import type { EmitContext, Emitter } from '../types.js';
import { secretsVolume } from './secrets.js';
import { composeService } from './service.js';
import type { ComposeFile, ComposeService, ComposeVolume } from './types.js';

export const COMPOSE_PATH = 'docker-compose.yml';

/**
 * What the compose file needs beyond the model: the hash of each agent's files by agent service. The pipeline
 * computes it from the emitted vault files (src/core/agent-digests.ts) and then runs this emitter.
 */
export interface ComposeContext extends EmitContext {
  readonly agentDigests: Readonly<Record<string, string>>;
}

/** One Compose project for the whole platform; Postgres, Redis, Vault, Traefik and Authentik are outside it. */
export const composeEmitter: Emitter<ComposeContext> = {
  name: 'compose',
  kinds: ['compose'],
  appliesTo: () => true,
  emit: (model, context) => [
    {
      path: COMPOSE_PATH,
      kind: 'compose',
      // YAML 1.1 quoting keeps `restart: "no"` and similar values strings for every YAML reader.
      document: {
        language: 'yaml',
        version: '1.1',
        dialect: 'compose',
        value: composeFile(model, context.agentDigests, context.provenance.configDirFromOutput ?? defaultConfigDirFromOutput),
      },
    },
  ],
};

/**
 * Every app's workloads as services, the agents first; the volumes they mount; the external network.
 * `configDirFromOutput` is where the config's folder is seen from the output folder: relative host paths are
 * relative to the former, and Compose reads them relative to its file.
 */
export function composeFile(model: Model, agentDigests: Readonly<Record<string, string>>, configDirFromOutput: string): ComposeFile {
  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, ComposeVolume> = {};
  const network = model.platform.network;
  const hostPath = (path: string): string => hostPathFrom(path, configDirFromOutput);
  const workloads = model.apps.flatMap((app) => app.workloads.map((workload) => ({ app: app.name, workload })));
  for (const { app, workload } of workloads) {
    const filesDigest = agentDigests[workload.service];
    services[workload.service] = composeService(workload, { app, network, hostPath, ...(filesDigest !== undefined && { filesDigest }) });
    for (const mount of workload.mounts) if (mount.kind === 'secrets') volumes[mount.volume] = secretsVolume();
  }
  // Named volumes from the config; Compose refuses a service volume that the file does not declare.
  // Docker names each `<project>_<name>`, like the secrets volumes, so platforms on one host stay apart.
  for (const volume of workloads.flatMap(({ workload }) => workload.options?.volumes ?? [])) {
    if (volume.kind === 'named' && !(volume.source in volumes)) volumes[volume.source] = {};
  }
  return {
    name: model.platform.name,
    services,
    networks: { [network]: { external: true, name: network } },
    ...(Object.keys(volumes).length > 0 && { volumes }),
  };
}
