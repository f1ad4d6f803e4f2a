import { posix } from 'node:path';

/** Where the config's folder is seen from the output folder when the build does not say: `out` beside the config. */
export const defaultConfigDirFromOutput = '..';

/**
 * A relative host path in the config is relative to the config's folder, as Compose reads paths relative to its
 * own file. Seen from another folder, whence `configDir` is the config's folder, it is rewritten to reach the same
 * place: `./flows` becomes `../flows` with `configDir` `..`. Absolute and home paths stay as written.
 */
export function hostPathFrom(path: string, configDir: string): string {
  if (!path.startsWith('.')) return path;
  const joined = posix.normalize(posix.join(configDir, path));
  // Compose reads a source without a leading `.` or `/` as the name of a volume.
  return joined.startsWith('.') || joined.startsWith('/') ? joined : `./${joined}`;
}
