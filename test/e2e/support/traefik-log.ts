/** One entry of Traefik's JSON log. */
export interface TraefikLogEntry {
  readonly level?: string;
  readonly message?: string;
  readonly [field: string]: unknown;
}

export type LogFilter = (entry: TraefikLogEntry) => boolean;

const problemLevels = new Set(['error', 'fatal', 'panic']);

/**
 * The one error the test's own static config causes, and nothing else: the generated routers name
 * the config's certificate resolver, which the test does not define, since a resolver would reach
 * for an ACME server and the test network has none. Traefik logs this per router ("non-existent"
 * in v3.0, "nonexistent" later) and serves its default certificate instead. Only that message, for
 * that resolver, on a router of the file provider is ignored.
 */
export const ignoredTraefikErrors = (certResolver: string): LogFilter => (entry) =>
  /^Router uses a non-?existent certificate resolver$/.test(entry.message ?? '') &&
  entry['certificateResolver'] === certResolver &&
  typeof entry['routerName'] === 'string' &&
  entry['routerName'].endsWith('@file');

/** Errors (and worse) that no filter explains. */
export function unexpectedLogEntries(entries: readonly TraefikLogEntry[], ignored: LogFilter): TraefikLogEntry[] {
  return entries.filter((e) => problemLevels.has(e.level ?? '') && !ignored(e));
}
