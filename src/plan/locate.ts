import type { ConfigPath } from '../diagnostics/diagnostic.js';
import type { LoadedConfig } from '../load/load-yaml.js';
import { positionAt } from '../load/source-text.js';
import { pointer } from '../load/spans.js';
import type { Model } from '../model/model.js';
import type { OwnerAt } from './diff.js';

/** A place in the config a plan line cites. */
export interface ConfigLocation {
  readonly file: string;
  readonly line: number;
  /** `apps[1].access.groups[0]`. */
  readonly path: string;
}

/**
 * The first candidate the config spells out, else the nearest written ancestor of the first one
 * (a default such as `workers: 1` that is not written points at its work pool).
 */
export function locate(config: Pick<LoadedConfig, 'source' | 'spans'>, candidates: readonly ConfigPath[]): ConfigLocation {
  const found = candidates.find((c) => config.spans.has(pointer(c)));
  let path = found ?? candidates[0] ?? [];
  while (path.length > 0 && !config.spans.has(pointer(path))) path = path.slice(0, -1);
  const span = config.spans.get(pointer(path));
  const line = span === undefined ? 1 : positionAt(config.source, span.keyStart ?? span.start).line;
  return { file: config.source.file, line, path: shownPath(path) };
}

export function shownPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out || '(top)';
}

/** Rows that no longer exist are cited at their owner that still does: the work pool, the app, or `apps`. */
export function ownerLocator(model: Model): OwnerAt {
  const apps = new Map(model.apps.map((a) => [a.name, a]));
  return (row, key) => {
    const app = row.app === undefined ? undefined : apps.get(row.app);
    if (app === undefined) return [['apps']];
    const pool = app.kind === 'prefect' && row.pool !== undefined ? app.workPools.find((p) => p.name === row.pool) : undefined;
    if (pool !== undefined) return [[...pool.at, key], pool.at];
    return [[...app.at, key], app.at];
  };
}
