interface Renamed {
  readonly replacements: readonly string[];
  readonly hint: string;
}

/**
 * Keys that an earlier version accepted under another name. An old config then gets the exact
 * edit to make instead of a plain "unknown key". A Map, so that `__proto__` finds nothing.
 */
const renamed: ReadonlyMap<string, Renamed> = new Map([
  [
    'concurrencyLimit',
    {
      replacements: ['workerConcurrencyLimit', 'poolConcurrencyLimit'],
      hint:
        'concurrencyLimit limited each worker; rename it workerConcurrencyLimit (flow runs per worker, `prefect worker start --limit`), ' +
        "and add poolConcurrencyLimit for a limit on all the pool's workers together (`prefect work-pool set-concurrency-limit`)",
    },
  ],
]);

/** The migration hint for a key that was renamed, where its new names are allowed. */
export function renamedKeyHint(key: string, allowed: readonly string[]): string | undefined {
  const entry = renamed.get(key);
  return entry && entry.replacements.every((r) => allowed.includes(r)) ? entry.hint : undefined;
}
