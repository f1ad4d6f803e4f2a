import type { TraefikVersion } from '../../model/model.js';

/**
 * Traefik decodes file-provider files strictly: a key it does not know fails the file, and with a watched
 * directory the whole directory, routes written by hand included. So every key that not all of Traefik v3
 * accepts is listed here with the first release that has it, and written only when the target version
 * (`platform.traefik.version`) is at least that.
 */
export const introducedIn = {
  /** forwardAuth `maxResponseBodySize`: v3.6.9 (traefik/traefik#12694). */
  forwardAuthMaxResponseBodySize: [3, 6, 9],
} as const satisfies Record<string, readonly [number, number, number]>;

/** The oldest Traefik the output loads in when the config names no version. */
export const minimumTraefikVersion = '3.0';

export function traefikAccepts(target: TraefikVersion, since: readonly [number, number, number]): boolean {
  const [major, minor, patch] = since;
  if (target.major !== major) return target.major > major;
  if (target.minor !== minor) return target.minor > minor;
  return target.patch >= patch;
}
