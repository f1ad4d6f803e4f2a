/** The forward-auth path of an authentik outpost for Traefik. */
export const outpostPathPrefix = '/outpost.goauthentik.io/';

export const forwardAuthAddress = (outpostUrl: string): string => `${outpostUrl}/outpost.goauthentik.io/auth/traefik`;

/** The outpost serves callbacks and sign-out under this path on every app host. */
export const outpostServiceUrl = (outpostUrl: string): string => `${outpostUrl}/outpost.goauthentik.io`;

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
