/** The names of the objects in one platform's dynamic file. */
export interface TraefikNames {
  readonly appRouter: (app: string) => string;
  readonly outpostRouter: (app: string) => string;
  readonly httpRedirectRouter: (app: string) => string;
  readonly appService: (app: string) => string;
  readonly authentikService: string;
  readonly authMiddleware: string;
  readonly headersMiddleware: string;
  readonly redirectMiddleware: string;
  /** Removes client-sent identity headers on public routes, which have no forward auth to replace them. */
  readonly stripIdentityMiddleware: string;
  /** Traefik's built-in service for routers that only redirect. */
  readonly noopService: string;
}

/**
 * Names of the objects in the generated dynamic file. Traefik's names are global across every file
 * of the file provider and a duplicate is skipped without an error, so each name starts with the
 * platform's name: two platforms, or a hand-written `prefect` router beside this file, cannot take
 * each other's place. App names match `^[a-z][a-z0-9-]*$`, so a suffix after `_` can never equal
 * another app's name, and the shared service's `_` keeps it apart from every app service. `@` is
 * Traefik's provider separator and never appears here.
 */
export function traefikNames(platform: string): TraefikNames {
  const own = (name: string): string => `${platform}-${name}`;
  return {
    appRouter: (app) => own(app),
    outpostRouter: (app) => own(`${app}_outpost`),
    httpRedirectRouter: (app) => own(`${app}_http`),
    appService: (app) => own(app),
    authentikService: own('authentik_outpost'),
    authMiddleware: own('authentik'),
    headersMiddleware: own('security-headers'),
    redirectMiddleware: own('https-redirect'),
    stripIdentityMiddleware: own('strip-identity'),
    noopService: 'noop@internal',
  };
}

/**
 * How a router from another provider names a middleware of this file. Objects live in their
 * provider's namespace, so a router defined by Docker labels must write `platform-authentik@file`,
 * not `platform-authentik`; inside this file the bare name is correct.
 */
export function traefikMiddlewareRef(name: string): string {
  return `${name}@file`;
}
