/**
 * Names of the objects in the generated dynamic file. App names match `^[a-z][a-z0-9-]*$`, so a
 * suffix after `_` can never equal another app's name, and the shared service's `_` keeps it
 * apart from every app service. `@` is Traefik's provider separator and never appears here.
 */
export const traefikNames = {
  appRouter: (app: string): string => app,
  outpostRouter: (app: string): string => `${app}_outpost`,
  httpRedirectRouter: (app: string): string => `${app}_http`,
  appService: (app: string): string => app,
  authentikService: 'authentik_outpost',
  authMiddleware: 'authentik',
  headersMiddleware: 'security-headers',
  redirectMiddleware: 'https-redirect',
  /** Traefik's built-in service for routers that only redirect. */
  noopService: 'noop@internal',
} as const;

/**
 * How a router from another provider names a middleware of this file. Objects live in their
 * provider's namespace, so a router defined by Docker labels must write `authentik@file`, not
 * `authentik`; inside this file the bare name is correct.
 */
export function traefikMiddlewareRef(name: string): string {
  return `${name}@file`;
}
