import type { App, Model } from '../../model/model.js';
import { serviceOptionsOf } from '../../model/service-options.js';
import { escapeComposeValues } from '../../serialize/compose-escape.js';
import { header } from '../../serialize/header.js';
import { toYaml } from '../../serialize/yaml.js';
import type { Emitter } from '../types.js';
import { containerAppService } from './container-app.js';
import { prefectServices } from './prefect.js';
import { secretsVolume } from './secrets.js';
import { withHostPathsFromOutput } from './host-paths.js';
import type { ComposeFile, ComposeService, ComposeVolume } from './types.js';
import { vaultAgentService } from './vault-agent.js';

export const COMPOSE_PATH = 'docker-compose.yml';

/** One Compose project for the whole platform; Postgres, Redis, Vault, Traefik and Authentik are outside it. */
export const emitCompose: Emitter = (model, context) => [
  {
    path: COMPOSE_PATH,
    kind: 'compose',
    // YAML 1.1 quoting keeps `restart: "no"` and similar values strings for every YAML reader.
    content:
      header(context.provenance, 'hash') +
      toYaml(escapeComposeValues(composeFile(withHostPathsFromOutput(model, context.provenance.configDirFromOutput ?? defaultConfigDirFromOutput))), { version: '1.1' }),
  },
];

/** The layout `build` uses without `--out`: the output folder `out` beside the config. */
const defaultConfigDirFromOutput = '..';

/** Host paths in `model` must already be relative to the output folder (`withHostPathsFromOutput`). */
export function composeFile(model: Model): ComposeFile {
  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, ComposeVolume> = {};
  for (const app of model.apps) {
    for (const [name, svc] of appServices(model, app)) services[name] = svc;
    for (const file of app.vaultAgent?.envFiles ?? []) volumes[file.volume] = secretsVolume();
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

/** The agent first: it is what every other service of the app waits for. */
function appServices(model: Model, app: App): readonly (readonly [string, ComposeService])[] {
  const agent = app.vaultAgent ? [[app.vaultAgent.service, vaultAgentService(model.platform, app, app.vaultAgent)] as const] : [];
  switch (app.kind) {
    case 'prefect':
      return [...agent, ...prefectServices(model.platform, app)];
    case 'web':
    case 'internal':
      return [...agent, [app.service, containerAppService(model.platform, app)]];
  }
}
