import { commented } from '../../serialize/yaml.js';
import type { Emitter } from '../types.js';
import { buildTraefikConfig, routerComments, type TraefikDynamicConfig } from './dynamic-config.js';
import { traefikMiddlewareRef, traefikNames } from './names.js';

export { traefikMiddlewareRef, traefikNames } from './names.js';
export { buildTraefikConfig, routerPriority } from './dynamic-config.js';

export const traefikOutputPath = 'traefik/perfect-gen.yml';

const schemaModeline = '# yaml-language-server: $schema=https://json.schemastore.org/traefik-v3-file-provider.json';

/**
 * Traefik v3 dynamic configuration for the file provider. Routers defined elsewhere (Docker
 * labels) reach this file's middlewares as `<name>@file`, e.g. `platform-authentik@file`; see
 * `traefikMiddlewareRef`.
 */
export const traefikEmitter: Emitter = {
  name: 'traefik',
  kinds: ['traefik'],
  appliesTo: () => true,
  emit: (model) => {
    const value = withComments(buildTraefikConfig(model), routerComments(model), traefikNames(model.platform.name).authMiddleware);
    return [{ path: traefikOutputPath, kind: 'traefik', document: { language: 'yaml', version: '1.2', modeline: schemaModeline, dialect: 'traefik', value } }];
  },
};

function withComments(config: TraefikDynamicConfig, comments: ReadonlyMap<string, string>, auth: string): unknown {
  const routers = config.http.routers;
  if (!routers) return config;
  const annotated: Record<string, unknown> = {};
  for (const [name, router] of Object.entries(routers)) {
    const comment = comments.get(name);
    annotated[name] = comment === undefined ? router : commented(comment, router);
  }
  return { ...config, http: { ...config.http, routers: annotated, middlewares: withAuthNote(config.http.middlewares, auth) } };
}

/** The one place a reader of this file learns how a router defined elsewhere joins the same sign-in. */
function withAuthNote(middlewares: TraefikDynamicConfig['http']['middlewares'], auth: string): unknown {
  if (!middlewares || !(auth in middlewares)) return middlewares;
  const note = `Authentik forward auth. Routers from other providers (Docker labels, other files) name it ${traefikMiddlewareRef(auth)}.`;
  return { ...middlewares, [auth]: commented(note, middlewares[auth]) };
}
