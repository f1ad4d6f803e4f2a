/** The forward-auth path of an authentik outpost for Traefik. */
export const outpostPathPrefix = '/outpost.goauthentik.io/';

export const forwardAuthAddress = (outpostUrl: string): string => `${outpostUrl}/outpost.goauthentik.io/auth/traefik`;

/**
 * The outpost serves callbacks and sign-out under `/outpost.goauthentik.io/` on every app host; the router
 * matches that prefix and Traefik forwards the request path as it is. A path in a server URL is ignored
 * unless `preservePath` is set (and would then be doubled), so the URL is the outpost's origin alone.
 */
export const outpostServiceUrl = (outpostUrl: string): string => new URL(outpostUrl).origin;

/**
 * Caps the outpost's answer that Traefik reads; without it Traefik logs a DoS warning. Value as
 * authentik documents it for Traefik.
 */
export const maxAuthResponseBytes = 4_194_304;

/** The identity headers the outpost sets, copied onto the request to the app (authentik's list, its order). */
export const authentikResponseHeaders: readonly string[] = [
  'X-authentik-username',
  'X-authentik-groups',
  'X-authentik-entitlements',
  'X-authentik-email',
  'X-authentik-name',
  'X-authentik-uid',
  'X-authentik-jwt',
  'X-authentik-meta-jwks',
  'X-authentik-meta-outpost',
  'X-authentik-meta-provider',
  'X-authentik-meta-app',
  'X-authentik-meta-version',
];
