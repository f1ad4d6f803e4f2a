import type { App, Model, Platform, PublicRoute } from '../../model/model.js';
import {
  authentikResponseHeaders,
  authentikResponseHeadersRegex,
  forwardAuthAddress,
  maxAuthResponseBytes,
  outpostPathPrefix,
  outpostServiceUrl,
} from './authentik.js';
import { commentSafe, ruleLiteral } from '../../serialize/traefik.js';
import { traefikNames } from './names.js';
import { introducedIn, traefikAccepts } from './versions.js';

export interface TraefikRouter {
  readonly rule: string;
  readonly priority: number;
  readonly entryPoints: readonly string[];
  readonly middlewares?: readonly string[];
  readonly service: string;
  readonly tls?: { readonly certResolver: string };
}

export interface TraefikService {
  readonly loadBalancer: {
    readonly servers: readonly { readonly url: string }[];
    readonly passHostHeader: boolean;
    readonly healthCheck?: { readonly path: string; readonly interval: string; readonly timeout: string };
  };
}

export type TraefikMiddleware =
  | {
      /** A header set to the empty string is removed from the request before it reaches the app. */
      readonly headers: { readonly customRequestHeaders: Readonly<Record<string, ''>> };
    }
  | {
      readonly forwardAuth: {
        readonly address: string;
        readonly trustForwardHeader: boolean;
        readonly maxResponseBodySize?: number;
        readonly authResponseHeaders: readonly string[];
        readonly authResponseHeadersRegex: string;
      };
    }
  | {
      readonly headers: {
        readonly stsSeconds: number;
        readonly stsIncludeSubdomains: boolean;
        readonly stsPreload: boolean;
        readonly forceSTSHeader: boolean;
        readonly frameDeny: boolean;
        readonly contentTypeNosniff: boolean;
        readonly browserXssFilter: boolean;
        readonly referrerPolicy: string;
      };
    }
  | { readonly redirectScheme: { readonly scheme: 'https'; readonly permanent: boolean } };

export interface TraefikDynamicConfig {
  readonly http: {
    readonly routers?: Readonly<Record<string, TraefikRouter>>;
    readonly services?: Readonly<Record<string, TraefikService>>;
    readonly middlewares?: Readonly<Record<string, TraefikMiddleware>>;
  };
}

/**
 * Explicit so the order never depends on rule length: the outpost router shares the app's host
 * and must win for `/outpost.goauthentik.io/`, or the sign-in callback would itself hit forward
 * auth and loop. Both are positive because the SchemaStore schema rejects negative priorities.
 */
export const routerPriority = { app: 10, outpost: 15, httpRedirect: 10 } as const;

/** Traefik's own defaults, written out so a change of default upstream does not change behaviour. */
const healthCheckTiming = { interval: '30s', timeout: '5s' } as const;

type RoutedApp = App & { readonly route: PublicRoute };

const routedApps = (model: Model): RoutedApp[] => model.apps.filter((app): app is RoutedApp => app.route !== undefined);

const isSso = (app: RoutedApp): boolean => app.route.access.mode === 'sso';

/** Routers, services and middlewares: per-app objects in config order, shared ones after them. */
export function buildTraefikConfig(model: Model): TraefikDynamicConfig {
  const { traefik, authentik } = model.platform;
  const names = traefikNames(model.platform.name);
  const apps = routedApps(model);
  const anySso = apps.some(isSso);
  const anyPublic = apps.some((app) => !isSso(app));
  const routers: Record<string, TraefikRouter> = {};
  const services: Record<string, TraefikService> = {};
  for (const app of apps) {
    Object.assign(routers, appRouters(model.platform, app));
    services[names.appService(app.name)] = appService(app.route);
  }
  if (anySso) services[names.authentikService] = { loadBalancer: { servers: [{ url: outpostServiceUrl(authentik.outpostUrl) }], passHostHeader: true } };

  const middlewares: Record<string, TraefikMiddleware> = {};
  const headers = traefik.securityHeaders;
  if (headers && apps.length > 0) {
    middlewares[names.headersMiddleware] = {
      headers: {
        stsSeconds: headers.stsSeconds,
        stsIncludeSubdomains: headers.stsIncludeSubdomains,
        stsPreload: headers.stsPreload,
        forceSTSHeader: true,
        frameDeny: headers.frameDeny,
        contentTypeNosniff: true,
        browserXssFilter: true,
        referrerPolicy: 'strict-origin-when-cross-origin',
      },
    };
  }
  if (anySso) {
    middlewares[names.authMiddleware] = {
      forwardAuth: {
        address: forwardAuthAddress(authentik.outpostUrl),
        // Deprecated since v3.6.14 and warned about when unset; set as authentik documents it.
        trustForwardHeader: true,
        ...(traefikAccepts(traefik.version, introducedIn.forwardAuthMaxResponseBodySize) && { maxResponseBodySize: maxAuthResponseBytes }),
        authResponseHeaders: authentikResponseHeaders,
        authResponseHeadersRegex: authentikResponseHeadersRegex,
      },
    };
  }
  if (anyPublic) {
    // No forward auth overwrites them on a public route, so a client could claim an identity there.
    middlewares[names.stripIdentityMiddleware] = {
      headers: { customRequestHeaders: Object.fromEntries(authentikResponseHeaders.map((h) => [h, ''] as const)) },
    };
  }
  if (traefik.httpRedirect && apps.length > 0) middlewares[names.redirectMiddleware] = { redirectScheme: { scheme: 'https', permanent: true } };

  return {
    http: {
      ...(apps.length > 0 && { routers, services }),
      ...(Object.keys(middlewares).length > 0 && { middlewares }),
    },
  };
}

function appRouters(platform: Platform, app: RoutedApp): Record<string, TraefikRouter> {
  const { traefik } = platform;
  const names = traefikNames(platform.name);
  const host = hostRule(app.route.host);
  const tls = { certResolver: traefik.certResolver };
  // Headers first: the auth redirect to authentik is a response too and should carry them.
  const headers = traefik.securityHeaders ? [names.headersMiddleware] : [];
  const out: Record<string, TraefikRouter> = {
    [names.appRouter(app.name)]: router({
      rule: host,
      priority: routerPriority.app,
      entryPoints: [traefik.entrypoint],
      middlewares: [...headers, isSso(app) ? names.authMiddleware : names.stripIdentityMiddleware],
      service: names.appService(app.name),
      tls,
    }),
  };
  if (isSso(app)) {
    out[names.outpostRouter(app.name)] = router({
      rule: `${host} && PathPrefix(${ruleLiteral(outpostPathPrefix)})`,
      priority: routerPriority.outpost,
      entryPoints: [traefik.entrypoint],
      middlewares: headers,
      service: names.authentikService,
      tls,
    });
  }
  if (traefik.httpRedirect) {
    out[names.httpRedirectRouter(app.name)] = router({
      rule: host,
      priority: routerPriority.httpRedirect,
      entryPoints: [traefik.httpRedirect.entrypoint],
      middlewares: [names.redirectMiddleware],
      service: names.noopService,
    });
  }
  return out;
}

/** Leaves out an empty middleware list rather than writing `middlewares: []`. */
function router(r: TraefikRouter): TraefikRouter {
  if (r.middlewares?.length !== 0) return r;
  const { middlewares: _empty, ...rest } = r;
  return rest;
}

function hostRule(host: string): string {
  return `Host(${ruleLiteral(host)})`;
}

function appService(route: PublicRoute): TraefikService {
  return {
    loadBalancer: {
      servers: [{ url: route.upstream }],
      passHostHeader: true,
      healthCheck: { path: route.healthPath, ...healthCheckTiming },
    },
  };
}

/** A YAML comment for each router that is public on purpose, carrying the written reason. */
export function routerComments(model: Model): ReadonlyMap<string, string> {
  const names = traefikNames(model.platform.name);
  const out = new Map<string, string>();
  for (const app of routedApps(model)) {
    const access = app.route.access;
    if (access.mode === 'public') out.set(names.appRouter(app.name), `Public without SSO: ${commentSafe(access.reason)}`);
  }
  return out;
}
