import { defaultConfigDirFromOutput } from '../../model/host-path.js';
import type { App, Model, VaultAgent } from '../../model/model.js';
import { serviceOptionsOf } from '../../model/service-options.js';
import type { EmitContext, Emitter } from '../types.js';
import { containerAppService } from './container-app.js';
import { prefectServices } from './prefect.js';
import { secretsVolume } from './secrets.js';
import { withHostPathsFromOutput } from './host-paths.js';
import type { ComposeFile, ComposeService, ComposeVolume } from './types.js';
import { vaultAgentService } from './vault-agent.js';

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
        value: composeFile(withHostPathsFromOutput(model, context.provenance.configDirFromOutput ?? defaultConfigDirFromOutput), context.agentDigests),
      },
    },
  ],
};

/** Host paths in `model` must already be relative to the output folder (`withHostPathsFromOutput`). */
export function composeFile(model: Model, agentDigests: Readonly<Record<string, string>>): ComposeFile {
  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, ComposeVolume> = {};
  for (const app of model.apps) {
    for (const [name, svc] of appServices(model, app, agentDigests)) services[name] = svc;
    for (const file of app.vaultAgents.flatMap((agent) => agent.envFiles)) volumes[file.volume] = secretsVolume();
  }
  // Named volumes from the config; Compose refuses a service volume that the file does not declare.
  // Docker names each `<project>_<name>`, like the secrets volumes, so platforms on one host stay apart.
  for (const volume of model.apps.flatMap(serviceOptionsOf).flatMap((o) => o.volumes)) {
    if (volume.kind === 'named' && !(volume.source in volumes)) volumes[volume.source] = {};
  }
  const network = model.platform.network;
  return {
    name: model.platform.name,
    services,
    networks: { [network]: { external: true, name: network } },
    ...(Object.keys(volumes).length > 0 && { volumes }),
  };
}

/** The agents first: each of the app's services waits for the one that renders its env file. */
function appServices(model: Model, app: App, agentDigests: Readonly<Record<string, string>>): readonly (readonly [string, ComposeService])[] {
  const agents = app.vaultAgents.map((agent) => [agent.service, vaultAgentService(model.platform, app, agent, digestOf(agentDigests, agent))] as const);
  switch (app.kind) {
    case 'prefect':
      return [...agents, ...prefectServices(model.platform, app)];
    case 'web':
    case 'internal':
      return [...agents, [app.service, containerAppService(model.platform, app)]];
  }
}

function digestOf(agentDigests: Readonly<Record<string, string>>, agent: VaultAgent): string {
  const digest = agentDigests[agent.service];
  if (digest === undefined) throw new Error(`internal error: no digest of the files of ${agent.service}`);
  return digest;
}
